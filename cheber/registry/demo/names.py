"""Personal names for the demo: Kyrgyz, Russian, Uzbek and Tajik, with correct gendered forms.

Surnames and patronymics are built from a *stem* (the male surname form): "Түгөлбаев" gives
"Түгөлбаева", "Түгөлбаевич" and "Түгөлбаевна". Fathers are (name, stem) pairs so that the
traditional "Асан уулу" / "Асан кызы" patronymic uses the same father as "Асанович".
First names are split into an older and a younger generation: a teacher born in 1960 is a
Галина or a Бурул, one born in 1998 an Анастасия or an Айпери.
"""

import random
from dataclasses import dataclass

from cheber.registry.demo.people_mix import KY, RU, TG, UZ

# People born before this year draw from the older lists.
GENERATION_YEAR = 1980


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """ "Асан:Асанов Түгөлбай:Түгөлбаев" → (("Асан", "Асанов"), ("Түгөлбай", "Түгөлбаев"))."""
    return tuple(tuple(item.split(":")) for item in text.split())  # type: ignore[misc]


KYRGYZ_FATHERS = _pairs(
    "Асан:Асанов Үсөн:Үсөнов Токтогул:Токтогулов Осмон:Осмонов Жумабай:Жумабаев "
    "Абдыкерим:Абдыкеримов Мамыт:Мамытов Сатыбалды:Сатыбалдиев Бакир:Бакиров "
    "Ибраим:Ибраимов Шаршенали:Шаршеналиев Түгөлбай:Түгөлбаев Өмүрбек:Өмүрбеков "
    "Сыдык:Сыдыков Жээнбек:Жээнбеков Бекмурат:Бекмуратов Кадыр:Кадыров Токтосун:Токтосунов "
    "Турдумамбет:Турдумамбетов Орозбай:Орозбаев Эркинбай:Эркинбаев Төлөгөн:Төлөгөнов "
    "Мамбет:Мамбетов Бейшенали:Бейшеналиев Дүйшөнбий:Дүйшөнбиев Жолдош:Жолдошев "
    "Алымкул:Алымкулов Асанали:Асаналиев Сооронбай:Сооронбаев Калый:Калыев "
    "Мырзакмат:Мырзакматов Таштан:Таштанов Курманали:Курманалиев Абдыраим:Абдыраимов "
    "Байзак:Байзаков Осмонали:Осмоналиев Чыныбай:Чыныбаев Иманали:Иманалиев "
    "Кенжебай:Кенжебаев Сагынбай:Сагынбаев Айдарали:Айдаралиев Жусуп:Жусупов Исак:Исаков "
    "Рысбек:Рысбеков Төрөкул:Төрөкулов Үмөтали:Үмөталиев Жунушали:Жунушалиев "
    "Көчкөн:Көчкөнов Шамшы:Шамшиев Мукаш:Мукашев Касым:Касымов Бердибек:Бердибеков "
    "Назарали:Назаралиев Эсенкул:Эсенкулов Өскөнбай:Өскөнбаев Бообек:Бообеков Садыр:Садыров "
    "Акматбек:Акматбеков Кубатбек:Кубатбеков Жапар:Жапаров Бөкөнбай:Бөкөнбаев "
    "Дүйшөн:Дүйшөнов Сүйүнбай:Сүйүнбаев Төлөбек:Төлөбеков Жеңишбек:Жеңишбеков "
    "Курманбек:Курманбеков Бакыт:Бакытов Болот:Болотов Марат:Маратов Нурлан:Нурланов"
)
KYRGYZ_MALE_OLDER = _words(
    "Асан Үсөн Мамыт Токтосун Бакыт Болот Марат Нурлан Түгөлбай Өмүрбек Жумабек Кубанычбек "
    "Курманбек Төлөгөн Мырзабек Сүйүнбай Төлөбек Жеңишбек Эсенбек Жаныбек Абдыкадыр Мукай "
    "Турсунбек Алмаз Дүйшөн Жолдош Кенешбек Шайлообек Таалайбек Бактыбек Бекболот "
    "Жыргалбек Эрмек Канат Самат Талант Медер Кайрат Тынчтык Чыңгыз"
)
KYRGYZ_MALE_YOUNGER = _words(
    "Азамат Айбек Данияр Эрлан Темирлан Улан Уланбек Мирлан Чыңгыз Жоомарт Адилет Атай "
    "Бекзат Дастан Эмил Нурсултан Санжар Султан Урмат Эламан Элдияр Нуржигит Толон Айдар "
    "Максат Мелис Үмөт Бакай Медер Нурбек Самат Талант Бекжан Дөөлөт Актан Эрбол Нурдин"
)
KYRGYZ_FEMALE_OLDER = _words(
    "Гүлнара Гүлмира Бүбүсара Бурул Жаңыл Роза Венера Дамира Майрам Замира Чолпон Чынара "
    "Динара Жылдыз Назира Салтанат Токтобүбү Күмүшай Гүлсара Анара Элмира Назгүл Нургүл "
    "Жазгүл Бактыгүл Гүлжан Айгүл Сабира Зуура Бүбүжан Мира Уулкан Гүлбара"
)
KYRGYZ_FEMALE_YOUNGER = _words(
    "Айжан Айнура Айпери Айсулуу Айзада Асел Бермет Бегимай Мээрим Нуриза Сезим Толгонай "
    "Каныкей Жибек Айзат Акмарал Нурайым Бурулай Мадина Элнура Сайкал Айдана Нургиза "
    "Эркеайым Айгерим Аида Алтынай Жазгүл Назгүл Динара Жылдыз Чынара Гүлзат Айгүл Мөлдүр"
)

RUSSIAN_FATHERS = _pairs(
    "Александр:Александров Сергей:Сергеев Николай:Николаев Виктор:Викторов "
    "Владимир:Владимиров Иван:Иванов Петр:Петров Михаил:Михайлов Юрий:Юрьев "
    "Анатолий:Анатольев Геннадий:Геннадьев Василий:Васильев Алексей:Алексеев Павел:Павлов "
    "Григорий:Григорьев Борис:Борисов Валерий:Валерьев Евгений:Евгеньев Дмитрий:Дмитриев "
    "Олег:Олегов Игорь:Игорев Андрей:Андреев Леонид:Леонидов Федор:Федоров Степан:Степанов"
)
RUSSIAN_MALE_OLDER = _words(
    "Александр Сергей Владимир Николай Виктор Юрий Анатолий Валерий Геннадий Михаил Иван "
    "Петр Василий Борис Олег Игорь Евгений Андрей"
)
RUSSIAN_MALE_YOUNGER = _words(
    "Дмитрий Алексей Максим Артём Денис Антон Илья Кирилл Роман Павел Никита Андрей Евгений "
    "Сергей Александр"
)
RUSSIAN_FEMALE_OLDER = _words(
    "Галина Людмила Валентина Надежда Нина Тамара Лариса Любовь Татьяна Наталья Елена Ольга "
    "Ирина Светлана Вера Раиса Зинаида Марина"
)
RUSSIAN_FEMALE_YOUNGER = _words(
    "Анастасия Екатерина Юлия Дарья Кристина Алина Анна Виктория Ксения Мария Елена Ольга "
    "Татьяна Оксана Евгения"
)
RUSSIAN_SURNAMES = _words(
    "Иванов Петров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Федоров Морозов "
    "Волков Алексеев Лебедев Семенов Егоров Павлов Козлов Степанов Николаев Орлов Андреев "
    "Макаров Захаров Зайцев Соловьев Борисов Яковлев Григорьев Романов Воробьев Сергеев "
    "Фролов Белов Ильин Никитин Карпов Филиппов Тарасов Беляев Шевченко Бондаренко "
    "Коваленко Ткаченко Кравченко Савчук Полищук Ковалевский Покровский Вишневский Ким Пак "
    "Цой"
)

UZBEK_FATHERS = _pairs(
    "Рахимжон:Рахимжонов Абдулла:Абдуллаев Тургун:Тургунов Хамид:Хамидов Усмон:Усмонов "
    "Алишер:Алишеров Махмуд:Махмудов Мамажон:Мамажонов Эргаш:Эргашев Юлдаш:Юлдашев "
    "Абдурахмон:Абдурахмонов Рашид:Рашидов Исмаил:Исмаилов Турсун:Турсунов "
    "Нематжон:Нематжонов Ахмаджон:Ахмаджонов Султан:Султанов Икром:Икромов "
    "Баходир:Баходиров Каримжон:Каримжонов"
)
UZBEK_MALE = _words(
    "Алишер Бахтиёр Шерзод Фаррух Улугбек Жахонгир Отабек Азиз Рустам Шухрат Бобур Дилшод "
    "Санжар Равшан Абдулла Акмал Нодир Ильхом Жасур Мурод Хуршид Зафар Анвар Умид Шавкат "
    "Икром Баходир"
)
UZBEK_FEMALE = _words(
    "Дильноза Гулноза Мухаббат Нилуфар Феруза Шахноза Зулфия Дилфуза Мадина Малика Гулчехра "
    "Нигора Саодат Умида Барно Зарина Махлиё Севара Наргиза Гульнора Мохира Дилором Хилола "
    "Шоира Мавлюда"
)
UZBEK_SURNAMES = _words(
    "Рахимов Юсупов Каримов Абдуллаев Тургунов Мирзаев Хамидов Усманов Исмаилов Алимов "
    "Рашидов Маматов Ахмедов Султанов Назаров Садыков Турсунов Эргашев Холматов Мадаминов "
    "Абдурахманов Юлдашев Хакимов Жураев Ибрагимов Мамажанов Ташпулатов Умаров Обидов"
)

TAJIK_FATHERS = _pairs(
    "Саид:Саидов Шариф:Шарифов Давлат:Давлатов Сафар:Сафаров Мирзо:Мирзоев Кодир:Кодиров "
    "Бобо:Бобоев Рахмон:Рахмонов Назар:Назаров Хаким:Хакимов"
)
TAJIK_MALE = _words("Фирдавс Сухроб Рустам Далер Бехруз Шохин Парвиз Джамшед Комрон Фаридун")
TAJIK_FEMALE = _words("Мехрона Зарина Шахло Тахмина Мохира Нигина Гулнора Фарзона Парвина Манижа")
TAJIK_SURNAMES = _words(
    "Рахимов Саидов Назаров Шарипов Давлатов Сафаров Хакимов Мирзоев Джураев Кодиров Бобоев "
    "Рахмонов Насимов"
)


@dataclass(frozen=True)
class PersonName:
    surname: str
    first_name: str
    patronymic: str


def feminine_surname(stem: str) -> str:
    """The female form of a male surname: -ов/-ев/-ин + а, -ский → -ская; others unchanged."""
    if stem.endswith(("ский", "цкий")):
        return stem[:-2] + "ая"
    if stem.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return stem + "а"
    return stem


def stem_patronymic(stem: str, sex: str) -> str:
    return stem + ("ич" if sex == "M" else "на")


def particle_patronymic(father: str, people: str, sex: str) -> str:
    """The traditional form: "Асан уулу" / "Асан кызы", Uzbek "Рахимжон угли" / "… кизи"."""
    if people == UZ:
        return f"{father} {'угли' if sex == 'M' else 'кизи'}"
    return f"{father} {'уулу' if sex == 'M' else 'кызы'}"


def _particle_share(people: str, birth_year: int) -> float:
    """How often the traditional particle replaces -ович/-овна; more common among the young."""
    if people == KY:
        return 0.1 if birth_year < 1980 else 0.22 if birth_year < 1995 else 0.4
    if people == UZ:
        return 0.1 if birth_year < 1985 else 0.25
    return 0.0


def _first_names(people: str, sex: str, birth_year: int) -> tuple[str, ...]:
    older = birth_year < GENERATION_YEAR
    if people == KY:
        if sex == "M":
            return KYRGYZ_MALE_OLDER if older else KYRGYZ_MALE_YOUNGER
        return KYRGYZ_FEMALE_OLDER if older else KYRGYZ_FEMALE_YOUNGER
    if people == RU:
        if sex == "M":
            return RUSSIAN_MALE_OLDER if older else RUSSIAN_MALE_YOUNGER
        return RUSSIAN_FEMALE_OLDER if older else RUSSIAN_FEMALE_YOUNGER
    if people == UZ:
        return UZBEK_MALE if sex == "M" else UZBEK_FEMALE
    return TAJIK_MALE if sex == "M" else TAJIK_FEMALE


FATHERS = {KY: KYRGYZ_FATHERS, RU: RUSSIAN_FATHERS, UZ: UZBEK_FATHERS, TG: TAJIK_FATHERS}
SURNAME_STEMS = {
    KY: tuple(stem for _, stem in KYRGYZ_FATHERS),
    RU: RUSSIAN_SURNAMES,
    UZ: UZBEK_SURNAMES,
    TG: TAJIK_SURNAMES,
}


def make_name(rng: random.Random, *, people: str, sex: str, birth_year: int) -> PersonName:
    stem = rng.choice(SURNAME_STEMS[people])
    surname = stem if sex == "M" else feminine_surname(stem)
    first_name = rng.choice(_first_names(people, sex, birth_year))
    father, father_stem = rng.choice(FATHERS[people])
    if rng.random() < _particle_share(people, birth_year):
        patronymic = particle_patronymic(father, people, sex)
    else:
        patronymic = stem_patronymic(father_stem, sex)
    return PersonName(surname=surname, first_name=first_name, patronymic=patronymic)


def all_name_parts() -> list[str]:
    """Every first name, surname and father's name the demo can produce (for tests)."""
    parts: list[str] = []
    for lists in (
        (KYRGYZ_MALE_OLDER, KYRGYZ_MALE_YOUNGER, KYRGYZ_FEMALE_OLDER, KYRGYZ_FEMALE_YOUNGER),
        (RUSSIAN_MALE_OLDER, RUSSIAN_MALE_YOUNGER, RUSSIAN_FEMALE_OLDER, RUSSIAN_FEMALE_YOUNGER),
        (UZBEK_MALE, UZBEK_FEMALE, TAJIK_MALE, TAJIK_FEMALE),
    ):
        for names in lists:
            parts.extend(names)
    for people, stems in SURNAME_STEMS.items():
        parts.extend(stems + tuple(feminine_surname(s) for s in stems))
        for father, stem in FATHERS[people]:
            parts += [father, stem_patronymic(stem, "M"), stem_patronymic(stem, "F")]
    return parts

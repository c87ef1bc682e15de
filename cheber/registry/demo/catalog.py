"""Names of demo schools, preschools and colleges in Kyrgyz, Russian and English.

Village names are common Kyrgyz toponyms that occur in many districts; the people schools are
named after are writers, enlighteners and scholars after whom real schools are named.
"""

import random

from cheber.registry.demo.geography import RURAL
from cheber.registry.demo.people_mix import CHUI, ISSYK_KUL, RU, TG, UZ
from cheber.registry.models import AdminUnit

Names = tuple[str, str, str]  # ky, ru, en

VILLAGES: tuple[Names, ...] = (
    ("Ак-Жол", "Ак-Жол", "Ak-Jol"),
    ("Жаңы-Жол", "Жаны-Жол", "Jany-Jol"),
    ("Кара-Суу", "Кара-Суу", "Kara-Suu"),
    ("Ак-Суу", "Ак-Суу", "Ak-Suu"),
    ("Кызыл-Туу", "Кызыл-Туу", "Kyzyl-Tuu"),
    ("Ак-Булак", "Ак-Булак", "Ak-Bulak"),
    ("Кара-Булак", "Кара-Булак", "Kara-Bulak"),
    ("Сары-Булак", "Сары-Булак", "Sary-Bulak"),
    ("Көк-Жар", "Кок-Жар", "Kok-Jar"),
    ("Ак-Терек", "Ак-Терек", "Ak-Terek"),
    ("Жаңы-Талап", "Жаны-Талап", "Jany-Talap"),
    ("Кара-Жыгач", "Кара-Жыгач", "Kara-Jygach"),
    ("Бирлик", "Бирлик", "Birlik"),
    ("Ынтымак", "Ынтымак", "Yntymak"),
    ("Достук", "Достук", "Dostuk"),
    ("Төрт-Күл", "Торт-Куль", "Tort-Kul"),
    ("Таш-Булак", "Таш-Булак", "Tash-Bulak"),
    ("Арал", "Арал", "Aral"),
    ("Кең-Сай", "Кен-Сай", "Ken-Sai"),
    ("Чоң-Таш", "Чон-Таш", "Chong-Tash"),
    ("Орто-Сай", "Орто-Сай", "Orto-Sai"),
    ("Ак-Кыя", "Ак-Кыя", "Ak-Kyya"),
    ("Кызыл-Жар", "Кызыл-Жар", "Kyzyl-Jar"),
    ("Беш-Терек", "Беш-Терек", "Besh-Terek"),
    ("Жерге-Тал", "Джерге-Тал", "Jerge-Tal"),
    ("Таш-Төбө", "Таш-Тобо", "Tash-Tobo"),
    ("Үч-Терек", "Уч-Терек", "Uch-Terek"),
    ("Талды-Булак", "Талды-Булак", "Taldy-Bulak"),
    ("Көк-Таш", "Кок-Таш", "Kok-Tash"),
    ("Ала-Тоо", "Ала-Тоо", "Ala-Too"),
    ("Ак-Таш", "Ак-Таш", "Ak-Tash"),
    ("Кара-Ой", "Кара-Ой", "Kara-Oi"),
    ("Туура-Суу", "Туура-Суу", "Tuura-Suu"),
    ("Кызыл-Кыштак", "Кызыл-Кыштак", "Kyzyl-Kyshtak"),
    ("Жаңы-Кыштак", "Джаны-Кыштак", "Jany-Kyshtak"),
    ("Кара-Кыштак", "Кара-Кыштак", "Kara-Kyshtak"),
)
# Villages with Russian names, common in Chui and Issyk-Kul.
RUSSIAN_VILLAGES: tuple[Names, ...] = (
    ("Ивановка", "Ивановка", "Ivanovka"),
    ("Петровка", "Петровка", "Petrovka"),
    ("Садовое", "Садовое", "Sadovoe"),
    ("Новопокровка", "Новопокровка", "Novopokrovka"),
    ("Васильевка", "Васильевка", "Vasilyevka"),
    ("Константиновка", "Константиновка", "Konstantinovka"),
    ("Ананьево", "Ананьево", "Ananyevo"),
    ("Григорьевка", "Григорьевка", "Grigoryevka"),
)
# (Kyrgyz nominative, Russian genitive after "им.", English)
KYRGYZ_PATRONS: tuple[Names, ...] = (
    ("Т. Сатылганов", "Т. Сатылганова", "T. Satylganov"),
    ("Ч. Айтматов", "Ч. Айтматова", "Ch. Aitmatov"),
    ("А. Осмонов", "А. Осмонова", "A. Osmonov"),
    ("Ж. Баласагын", "Ж. Баласагына", "J. Balasagyn"),
    ("Тоголок Молдо", "Тоголока Молдо", "Togolok Moldo"),
    ("Курманжан Датка", "Курманжан Датки", "Kurmanjan Datka"),
    ("К. Тыныстанов", "К. Тыныстанова", "K. Tynystanov"),
    ("Ж. Бөкөнбаев", "Дж. Боконбаева", "J. Bokonbaev"),
    ("А. Токомбаев", "А. Токомбаева", "A. Tokombaev"),
    ("К. Маликов", "К. Маликова", "K. Malikov"),
    ("К. Акиев", "К. Акиева", "K. Akiev"),
    ("И. Арабаев", "И. Арабаева", "I. Arabaev"),
    ("Барпы Алыкулов", "Барпы Алыкулова", "Barpy Alykulov"),
    ("С. Эралиев", "С. Эралиева", "S. Eraliev"),
    ("Т. Үмөталиева", "Т. Уметалиевой", "T. Umetalieva"),
)
RUSSIAN_PATRONS: tuple[Names, ...] = (
    ("А. С. Пушкин", "А. С. Пушкина", "A. S. Pushkin"),
    ("Л. Н. Толстой", "Л. Н. Толстого", "L. N. Tolstoy"),
    ("М. Горький", "М. Горького", "M. Gorky"),
    ("Ю. А. Гагарин", "Ю. А. Гагарина", "Yu. A. Gagarin"),
    ("Н. В. Гоголь", "Н. В. Гоголя", "N. V. Gogol"),
    ("А. П. Чехов", "А. П. Чехова", "A. P. Chekhov"),
)
UZBEK_PATRONS: tuple[Names, ...] = (
    ("Алишер Навои", "Алишера Навои", "Alisher Navoi"),
    ("Бабур", "Бабура", "Babur"),
    ("Ибн Сина", "Ибн Сины", "Ibn Sina"),
    ("Улугбек", "Улугбека", "Ulugbek"),
)
TAJIK_PATRONS: tuple[Names, ...] = (
    ("А. Рудаки", "А. Рудаки", "A. Rudaki"),
    ("А. Фирдоуси", "А. Фирдоуси", "A. Firdausi"),
)
PRESCHOOL_NAMES: tuple[Names, ...] = (
    ("Балапан", "Балапан", "Balapan"),
    ("Айгөлөк", "Айголок", "Aigolok"),
    ("Күн нуру", "Кун нуру", "Kun Nuru"),
    ("Бөбөк", "Бобок", "Bobok"),
    ("Жоогазын", "Жоогазын", "Joogazyn"),
    ("Кызгалдак", "Кызгалдак", "Kyzgaldak"),
    ("Мээрим", "Мээрим", "Meerim"),
    ("Алтын бешик", "Алтын бешик", "Altyn Beshik"),
    ("Ак-Куу", "Ак-Куу", "Ak-Kuu"),
    ("Чолпон", "Чолпон", "Cholpon"),
    ("Ромашка", "Ромашка", "Romashka"),
    ("Солнышко", "Солнышко", "Solnyshko"),
    ("Теремок", "Теремок", "Teremok"),
    ("Ласточка", "Ласточка", "Lastochka"),
    ("Нур", "Нур", "Nur"),
    ("Шайыр", "Шайыр", "Shaiyr"),
    ("Ырыс", "Ырыс", "Yrys"),
    ("Балалык", "Балалык", "Balalyk"),
    ("Жылдызча", "Жылдызча", "Jyldyzcha"),
)
COLLEGE_KINDS: tuple[Names, ...] = (
    ("педагогикалык колледжи", "Педагогический колледж", "Pedagogical College"),
    ("медициналык колледжи", "Медицинский колледж", "Medical College"),
    ("политехникалык колледжи", "Политехнический колледж", "Polytechnic College"),
    ("агрардык колледжи", "Аграрный колледж", "Agrarian College"),
    (
        "экономика жана бизнес колледжи",
        "Колледж экономики и бизнеса",
        "College of Economics and Business",
    ),
    ("курулуш колледжи", "Строительный колледж", "Construction College"),
    (
        "маалыматтык технологиялар колледжи",
        "Колледж информационных технологий",
        "College of Information Technology",
    ),
    (
        "маданият жана искусство колледжи",
        "Колледж культуры и искусства",
        "College of Culture and Arts",
    ),
    ("транспорт колледжи", "Колледж транспорта", "Transport College"),
    ("музыка колледжи", "Музыкальный колледж", "Music College"),
)


def _patron(rng: random.Random, languages: tuple[str, ...]) -> Names:
    if TG in languages:
        return rng.choice(TAJIK_PATRONS)
    if UZ in languages and rng.random() < 0.7:
        return rng.choice(UZBEK_PATRONS)
    if languages == (RU,) and rng.random() < 0.6:
        return rng.choice(RUSSIAN_PATRONS)
    return rng.choice(KYRGYZ_PATRONS)


def _village(rng: random.Random, region: str) -> Names:
    if region in (CHUI, ISSYK_KUL) and rng.random() < 0.35:
        return rng.choice(RUSSIAN_VILLAGES)
    return rng.choice(VILLAGES)


SECONDARY: Names = ("орто мектеби", "Средняя школа", "Secondary school")
BASIC: Names = ("негизги мектеби", "Основная школа", "Basic school")
GYMNASIUM: Names = ("гимназия-мектеби", "Школа-гимназия", "School-gymnasium")


def _kind(rng: random.Random, locality: str, size: int) -> Names:
    if locality == RURAL:
        return BASIC if size < 12 else SECONDARY
    return GYMNASIUM if rng.random() < 0.13 else SECONDARY


def school_names(
    rng: random.Random,
    *,
    number: int,
    locality: str,
    languages: tuple[str, ...],
    size: int,
    region: str,
) -> Names:
    """Plausible names: "Т. Сатылганов атындагы № 12 орто мектеби" and its translations.
    Half the village schools carry the village's name; some town schools are lyceums."""
    kind = _kind(rng, locality, size)
    draw = rng.random()
    if locality == RURAL and draw < 0.5:
        ky, ru, en = _village(rng, region)
        return (
            f"{ky} айылындагы № {number} {kind[0]}",
            f"{kind[1]} № {number} с. {ru}",
            f"{kind[2]} No. {number}, {en} village",
        )
    if locality != RURAL and draw < 0.05:
        return (f"№ {number} лицей", f"Лицей № {number}", f"Lyceum No. {number}")
    if draw < (0.75 if locality == RURAL else 0.5):
        ky, ru, en = _patron(rng, languages)
        return (
            f"{ky} атындагы № {number} {kind[0]}",
            f"{kind[1]} № {number} им. {ru}",
            f"{kind[2]} No. {number} named after {en}",
        )
    return (f"№ {number} {kind[0]}", f"{kind[1]} № {number}", f"{kind[2]} No. {number}")


def preschool_names(rng: random.Random, number: int) -> Names:
    ky, ru, en = rng.choice(PRESCHOOL_NAMES)
    return (
        f"№ {number} «{ky}» бала бакчасы",
        f"Детский сад № {number} «{ru}»",
        f"Kindergarten No. {number} “{en}”",
    )


def town_names(unit: AdminUnit) -> Names:
    """ "Каракол ш." / "г.Каракол" / "Karakol (city)" → the bare town name in each language.
    A Bishkek city district gives Bishkek."""
    if unit.level == AdminUnit.Level.CITY_DISTRICT:
        unit = unit.parent
    ky = unit.name_ky.removesuffix(" шаары").removesuffix(" ш.")
    ru = unit.name_ru.removeprefix("город ").removeprefix("г.").strip()
    en = unit.name_en.removesuffix(" City").removesuffix(" (city)")
    return ky, ru, en


def college_names(unit: AdminUnit, kind: Names) -> Names:
    town_ky, town_ru, town_en = town_names(unit)
    return (f"{town_ky} {kind[0]}", f"{kind[1]} г. {town_ru}", f"{town_en} {kind[2]}")

"""Titles of courses and seminars in Kyrgyz, after the themes of the seed documents:
competence-based outcomes, integrated subjects, active and interactive methods, assessment,
STEAM, PISA and functional literacy, ICT competence, inclusion, multilingual education,
mentoring, attestation. Each theme has the year it was first offered.
"""

import random
from dataclasses import dataclass

from cheber.registry.demo.people_mix import ISSYK_KUL, SOUTH

SCHOOL, PRESCHOOL, UNIVERSITY, COLLEGE, NETWORK = (
    "school",
    "preschool",
    "university",
    "college",
    "network",
)


@dataclass(frozen=True)
class Theme:
    title: str
    since: int
    hours: int = 72
    # who it is for, by years of experience: (at least, less than)
    experience: tuple[int, int] = (0, 99)


def _themes(*rows: tuple) -> tuple[Theme, ...]:
    return tuple(Theme(*row) for row in rows)


COURSES = {
    SCHOOL: _themes(
        ("Компетенттүүлүккө негизделген окутуу: сабакты пландаштыруу жана өткөрүү", 2014),
        ("Интеграцияланган сабактардын методикасы жана окуу жүктөмүнүн жаңы түзүмү", 2014),
        ("Окутуунун активдүү жана интерактивдүү ыкмалары", 2010),
        ("Окуучулардын окуу жетишкендиктерин баалоонун жаңы инструменттери", 2014),
        ("Калыптандыруучу жана жыйынтыктоочу баалоо", 2016),
        ("STEAM-мамиле: табигый-математикалык сабактарды интеграциялап окутуу", 2021),
        (
            "PISA жана функционалдык сабаттуулук: окуучулардын окуу, математикалык жана "
            "табигый-илимий сабаттуулугун өнүктүрүү",
            2021,
        ),
        ("Мугалимдин маалыматтык-коммуникациялык компетенттүүлүгү", 2015),
        ("Санариптик билим берүү ресурстары жана аралыктан окутуу", 2020),
        ("Инклюзивдик билим берүү: ден соолугунун мүмкүнчүлүгү чектелген балдарды окутуу", 2015),
        ("Көп тилдүү билим берүү: предметти жана тилди интеграциялап окутуу", 2017),
        ("Насаатчылык: жаш мугалимдерди методикалык колдоо", 2021),
        ("Педагогикалык кызматкерлерди аттестациялоого даярдоо", 2022),
        ("Сынчыл ой жүгүртүүнү окуу жана жазуу аркылуу өнүктүрүү", 2010),
        ("21-кылымдын көндүмдөрү жана глобалдык компетенциялар", 2022),
    ),
    PRESCHOOL: _themes(
        ("Мектепке чейинки билим берүүнүн «Наристе» базалык программасы боюнча иштөө", 2016),
        ("Балдарды мектепке даярдоо программасы", 2012),
        ("Мектепке чейинки курактагы балдардын өнүгүүсүн баалоо", 2015),
        ("Оюн аркылуу окутуу жана тарбиялоо", 2010),
        ("Мектепке чейинки билим берүүдөгү инклюзия", 2016),
        ("Мектепке чейинки уюмда көп тилдүү билим берүү", 2017),
    ),
    UNIVERSITY: _themes(
        ("Жогорку мектептин педагогикасы жана психологиясы", 2010),
        ("Окутуунун натыйжаларына негизделген билим берүү программаларын иштеп чыгуу", 2014),
        ("Кредиттик-модулдук система жана студенттердин өз алдынча иши", 2012),
        ("Электрондук окуу курстарын иштеп чыгуу жана аралыктан окутуу", 2018),
        ("Жогорку окуу жайындагы илимий изилдөөлөрдүн методологиясы", 2010),
        ("Жогорку окуу жайындагы билим берүүнүн сапатын башкаруу", 2016),
    ),
    COLLEGE: _themes(
        ("Кесиптик билим берүүдө компетенттүүлүк мамиле", 2014),
        ("Өндүрүштүк окутуунун заманбап технологиялары", 2010),
        ("Кесиптик билим берүү уюмунда сапатты башкаруу системасы", 2021),
        ("Жогорку мектептин педагогикасы жана психологиясы", 2010),
    ),
    NETWORK: _themes(
        ("Тренердик чеберчилик: чоңдорду окутуунун ыкмалары (андрагогика)", 2010),
        ("Квалификацияны жогорулатуу программаларын иштеп чыгуу жана баалоо", 2014),
        ("Мугалимдерди методикалык коштоо жана насаатчылык", 2021),
        ("Аралаш окутуу: онлайн курстарды уюштуруу", 2020),
    ),
}
LEADERSHIP = _themes(
    ("Билим берүү уюмун башкаруу: мектеп жетекчилеринин башкаруучулук компетенттүүлүгү", 2010),
    ("Мектептеги ички контроль жана окуу процессинин сапатын башкаруу", 2010),
    ("Мектептин стратегиялык өнүгүү планын түзүү", 2016),
)
SEMINARS = {
    SCHOOL: _themes(
        ("Август кеңешмеси: жаңы окуу жылына методикалык даярдык", 2010, 18),
        ("Калыптандыруучу баалоонун ыкмалары", 2016, 18),
        ("PISA тибиндеги тапшырмаларды түзүү жана колдонуу", 2021, 36),
        ("Онлайн сабак өтүүнүн санариптик куралдары", 2020, 18),
        ("Жаш мугалимдин мектеби", 2010, 36, (0, 3)),
        ("Насаатчы мугалимдер үчүн методикалык семинар", 2021, 18, (10, 99)),
        ("Ачык сабактарды талдоо жана тажрыйба алмашуу", 2010, 18),
    ),
    PRESCHOOL: _themes(
        ("Август кеңешмеси: мектепке чейинки уюмдардын тарбиячылары үчүн секция", 2010, 18),
        ("Мектепке чейинки уюмдардын тарбиячылары үчүн методикалык семинар", 2010, 18),
        ("Оюн борборлорун уюштуруу", 2016, 36),
    ),
}
SUBJECT_SINCE = 2016
PRIMARY_TITLE = (
    "Башталгыч класстарда окутуунун жаңы мазмуну: предметтик стандарт жана окуу программасы"
)
# Before the current network: oblast and republican institutes of teachers' improvement, and
# the first critical-thinking seminars of the Soros foundation.
OLD_INSTITUTE = "Кыргыз билим берүү институту"
OLD_PROVIDER_NORTH = "Республикалык мугалимдердин билимин өркүндөтүү институту"
OLD_PROVIDER_SOUTH = "Ош облустук мугалимдердин билимин өркүндөтүү институту"
OLD_PROVIDER_ISSYK_KUL = "Ысык-Көл облустук мугалимдердин билимин өркүндөтүү институту"
OLD_TITLES = (
    "Мугалимдердин билимин өркүндөтүү курсу",
    "Окутуунун жаңы педагогикалык технологиялары",
    "Сабакта окуучулардын таанып-билүү активдүүлүгүн өнүктүрүү",
)
SOROS = ("«Сорос-Кыргызстан» фонду", "Сынчыл ой жүгүртүүнү окуу жана жазуу аркылуу өнүктүрүү")


def subject_title(subject_name_ky: str) -> str | None:
    """ "Математика мугалими" → "Математика мугалимдеринин кесиптик компетенттүүлүгүн …"."""
    if not subject_name_ky.endswith(" мугалими"):
        return None
    teachers = subject_name_ky.removesuffix(" мугалими") + " мугалимдеринин"
    return f"{teachers} кесиптик компетенттүүлүгүн өнүктүрүү: жаңы предметтик стандарт"


def course_theme(
    rng: random.Random, kind: str, year: int, *, subject_name: str = "", leader: bool = False
) -> Theme:
    if leader and rng.random() < 0.5:
        return rng.choice(LEADERSHIP)
    if kind == SCHOOL and year >= SUBJECT_SINCE and rng.random() < 0.35:
        if subject_name == "Башталгыч класстардын мугалими":
            return Theme(PRIMARY_TITLE, SUBJECT_SINCE)
        if title := subject_title(subject_name):
            return Theme(title, SUBJECT_SINCE)
    return _offered(rng, COURSES[kind], year)


def seminar_theme(rng: random.Random, kind: str, year: int, experience: int) -> Theme:
    """A seminar offered that year to someone with this many years of experience."""
    suitable = [t for t in SEMINARS[kind] if t.experience[0] <= experience < t.experience[1]]
    return _offered(rng, tuple(suitable), year)


def _offered(rng: random.Random, themes: tuple[Theme, ...], year: int) -> Theme:
    offered = [t for t in themes if t.since <= year] or [min(themes, key=lambda t: t.since)]
    return rng.choice(offered)


def old_course(rng: random.Random, region: str, year: int, subject_name: str) -> tuple[str, str]:
    """(provider name, title) of a course in 1996–2006, recorded from outside."""
    if year >= 1998 and rng.random() < 0.15:
        return SOROS
    if region in SOUTH:
        regional = OLD_PROVIDER_SOUTH
    else:
        regional = OLD_PROVIDER_ISSYK_KUL if region == ISSYK_KUL else OLD_PROVIDER_NORTH
    if (title := subject_title(subject_name)) and rng.random() < 0.4:
        title = title.split(" кесиптик")[0] + " билимин өркүндөтүү курсу"
    else:
        title = rng.choice(OLD_TITLES)
    return rng.choice((OLD_INSTITUTE, regional)), title

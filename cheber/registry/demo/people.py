"""One demo educator: name, sex, age, PIN, education, category, contacts, first job."""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from cheber.registry.demo.env import Env
from cheber.registry.demo.names import make_name
from cheber.registry.demo.people_mix import Mix, pick
from cheber.registry.models import Educator, Employment, TrainingRecord

AgeBands = tuple[tuple[int, int, int], ...]  # (from age, to age, weight)
Education = Callable[[random.Random, int], tuple[str, bool]]  # birth year → level, pedagogical

Level = Educator.EducationLevel
Category = Educator.Category

# Mobile operators' codes (O!, MegaCom, Beeline).
PHONE_CODES = tuple(
    "700 701 702 703 705 707 708 709 500 502 505 507 508 550 551 552 553 554 555 556 557 558 "
    "559 770 771 772 773 774 775 776 777 778 779 220 221 222 990 995 996 997 998 999".split()
)
MAIL_DOMAINS = {
    "gmail.com": 55,
    "mail.ru": 25,
    "inbox.ru": 6,
    "list.ru": 5,
    "bk.ru": 5,
    "yandex.ru": 4,
}
# For e-mail addresses: Kyrgyz and Russian letters in Latin (ң → ng, ө → o, ү → u).
_CYRILLIC = "абвгдеёжзийклмнңоөпрстуүфхцчшщыэюя"
_SPELLINGS = (
    "a b v g d e yo zh z i i k l m n ng o o p r s t u u f kh ts ch sh sch y e yu ya".split()
)
_LATIN = str.maketrans(dict(zip(_CYRILLIC, _SPELLINGS, strict=True)) | dict.fromkeys("ъь -'", ""))


@dataclass(frozen=True)
class Post:
    """A kind of job to fill: position and specialization codes, and who usually holds it."""

    position: str
    subject: str
    ages: AgeBands
    male_share: float
    education: Education
    categories: bool = True  # qualification categories apply (schools, preschools)


@dataclass(frozen=True)
class Place:
    organization_id: int
    organization_type: str
    leaf: str  # СОАТЕ of the leaf unit (for the methodical cabinet)
    region: str  # first five digits of the oblast or city
    urban: bool
    people: Mix


@dataclass
class Draft:
    """An educator not yet saved, with what will be saved with them."""

    educator: Educator
    post: Post
    place: Place
    career_start: dt.date
    specializations: list[str]
    jobs: list[Employment] = field(default_factory=list)
    training: list[TrainingRecord] = field(default_factory=list)


def draw_age(rng: random.Random, bands: AgeBands) -> int:
    low, high, _ = rng.choices(bands, weights=[w for *_, w in bands])[0]
    return rng.randint(low, high)


def birth_date_for(rng: random.Random, today: dt.date, age: int) -> dt.date:
    return today - dt.timedelta(days=int(age * 365.25) + rng.randrange(365))


def career_start_for(rng: random.Random, birth: dt.date, today: dt.date, level: str) -> dt.date:
    """Most start at 21–24 (19–21 after a pedagogical college), a few later in life; always
    at the start of a school year."""
    start_age = rng.randint(19, 21) if level == Level.SECONDARY_VOCATIONAL else rng.randint(21, 24)
    if rng.random() < 0.12:
        start_age += rng.randint(2, 15)
    year = min(birth.year + start_age, today.year)
    start = dt.date(year, 8, 15) + dt.timedelta(days=rng.randrange(20))
    while start > today - dt.timedelta(days=7):
        start = start.replace(year=start.year - 1)
    return start


def category_for(rng: random.Random, years: int) -> str:
    if years < 3:
        return Category.NONE
    if years < 10:
        weights = (45, 35, 17, 3)
    elif years < 20:
        weights = (25, 25, 35, 15)
    else:
        weights = (20, 15, 35, 30)
    options = (Category.NONE, Category.SECOND, Category.FIRST, Category.HIGHEST)
    return rng.choices(options, weights=weights)[0]


def phone_for(rng: random.Random, urban: bool) -> str:
    if rng.random() > (0.95 if urban else 0.88):
        return ""
    return f"+996{rng.choice(PHONE_CODES)}{rng.randrange(1_000_000):06d}"


def email_for(rng: random.Random, educator: Educator, urban: bool) -> str:
    share = (0.45 if urban else 0.18) + (0.15 if educator.birth_date.year >= 1985 else 0)
    if rng.random() > share:
        return ""
    first = educator.first_name.lower().translate(_LATIN)
    last = educator.surname.lower().translate(_LATIN)
    local = rng.choice((f"{first}.{last}", f"{last}.{first}", f"{last}{first[:1]}"))
    suffix = rng.choice((f"{educator.birth_date:%y}", str(rng.randrange(1, 100)), ""))
    domain = pick(rng, MAIL_DOMAINS)
    return f"{local}{suffix}@{domain}"


def new_draft(env: Env, rng: random.Random, post: Post, place: Place, workload: Decimal) -> Draft:
    """An educator with one active job (from the start of their career)."""
    sex = "M" if rng.random() < post.male_share else "F"
    birth = birth_date_for(rng, env.today, draw_age(rng, post.ages))
    name = make_name(rng, people=pick(rng, place.people), sex=sex, birth_year=birth.year)
    level, pedagogical = post.education(rng, birth.year)
    start = career_start_for(rng, birth, env.today, level)
    years = (env.today - start).days // 365
    educator = Educator(
        pin=env.pins.issue(sex, birth),
        surname=name.surname,
        first_name=name.first_name,
        patronymic=name.patronymic,
        sex=sex,
        birth_date=birth,
        education_level=level,
        has_pedagogical_education=pedagogical,
        category=category_for(rng, years) if post.categories else Category.NONE,
    )
    educator.phone = phone_for(rng, place.urban)
    educator.email = email_for(rng, educator, place.urban)
    draft = Draft(educator, post, place, start, specializations=[post.subject])
    draft.jobs.append(job(env, place.organization_id, post.position, post.subject, start, workload))
    return draft


def job(
    env: Env,
    organization_id: int,
    position: str,
    subject: str,
    start: dt.date,
    workload: Decimal,
    end: dt.date | None = None,
) -> Employment:
    return Employment(
        organization_id=organization_id,
        position_id=env.ref.positions[position],
        specialization_id=env.ref.specializations[subject],
        start_date=start,
        end_date=end,
        workload=workload,
    )

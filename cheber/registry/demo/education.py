"""Education levels by kind of post and generation.

87% of school teachers have higher education (NSC 2024/25); the rest finished a pedagogical
college or are still studying. The 5-year "specialist" degree gave way to bachelor's and
master's degrees for those who studied after the 2010s. About 2% of school teachers have no
pedagogical education (law "On Education", art. 28, lets them teach after retraining).
"""

import random

from cheber.registry.models import Educator

Level = Educator.EducationLevel


def _higher(rng: random.Random, birth_year: int) -> str:
    if birth_year < 1988:
        return Level.SPECIALIST if rng.random() < 0.93 else Level.BACHELOR
    return Level.BACHELOR if rng.random() < 0.8 else Level.SPECIALIST


def school_teacher(rng: random.Random, birth_year: int) -> tuple[str, bool]:
    draw = rng.random()
    if draw < 0.09:
        level = Level.SECONDARY_VOCATIONAL
    elif draw < 0.13:
        level = Level.INCOMPLETE_HIGHER
    elif draw < 0.19 and birth_year < 2002:
        level = Level.MASTER
    elif draw < 0.193 and birth_year < 1990:
        level = Level.CANDIDATE
    else:
        level = _higher(rng, birth_year)
    return level, rng.random() >= 0.02


def primary_teacher(rng: random.Random, birth_year: int) -> tuple[str, bool]:
    """Primary teachers more often come from a pedagogical college."""
    if rng.random() < 0.1:
        return Level.SECONDARY_VOCATIONAL, True
    return school_teacher(rng, birth_year)


def school_leader(rng: random.Random, birth_year: int) -> tuple[str, bool]:
    draw = rng.random()
    if draw < 0.25:
        level = Level.MASTER
    elif draw < 0.29:
        level = Level.CANDIDATE
    else:
        level = _higher(rng, birth_year)
    return level, True


def preschool_educator(rng: random.Random, birth_year: int) -> tuple[str, bool]:
    draw = rng.random()
    if draw < 0.45:
        level = Level.SECONDARY_VOCATIONAL
    elif draw < 0.5:
        level = Level.INCOMPLETE_HIGHER
    elif draw < 0.52:
        level = Level.MASTER
    else:
        level = _higher(rng, birth_year)
    return level, rng.random() >= 0.07


def lecturer(rng: random.Random, birth_year: int) -> tuple[str, bool]:
    """Higher education needs at least a master's degree (art. 28); many lecturers came from
    industry or non-pedagogical fields."""
    level = Level.MASTER if birth_year >= 1985 or rng.random() < 0.4 else Level.SPECIALIST
    return level, rng.random() < 0.45


def senior_lecturer(rng: random.Random, birth_year: int) -> tuple[str, bool]:
    level = Level.CANDIDATE if rng.random() < 0.3 else lecturer(rng, birth_year)[0]
    return level, rng.random() < 0.5


def docent(rng: random.Random, birth_year: int) -> tuple[str, bool]:
    return (Level.CANDIDATE if rng.random() < 0.93 else Level.DOCTOR), rng.random() < 0.5


def professor(rng: random.Random, birth_year: int) -> tuple[str, bool]:
    return (Level.DOCTOR if rng.random() < 0.85 else Level.CANDIDATE), rng.random() < 0.5


def college_lecturer(rng: random.Random, birth_year: int) -> tuple[str, bool]:
    if rng.random() < 0.12:
        return Level.SECONDARY_VOCATIONAL, rng.random() < 0.4
    return _higher(rng, birth_year), rng.random() < 0.55


def methodist(rng: random.Random, birth_year: int) -> tuple[str, bool]:
    draw = rng.random()
    if draw < 0.35:
        return Level.MASTER, True
    if draw < 0.45:
        return Level.CANDIDATE, True
    return _higher(rng, birth_year), True

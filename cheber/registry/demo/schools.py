"""General-education schools of one leaf unit, and their staff.

Each school has one principal and 1–4 deputies (about 8% of staff, as the NSC reports); the
rest are subject teachers, primary teachers the largest group, and a few psychologists,
social pedagogues and librarians.
"""

import random
from dataclasses import replace
from decimal import Decimal

from cheber.registry.demo import catalog, education
from cheber.registry.demo.allocation import CellQuota, plan_languages
from cheber.registry.demo.careers import add_school_career
from cheber.registry.demo.env import Env
from cheber.registry.demo.geography import URBAN, Leaf
from cheber.registry.demo.people import AgeBands, Draft, Place, Post, new_draft
from cheber.registry.demo.people_mix import TG, UZ, pick, school_people
from cheber.registry.demo.writer import BATCH_SIZE
from cheber.registry.models import Organization

TEACHER_AGES: AgeBands = (
    (22, 24, 5),
    (25, 29, 10),
    (30, 34, 11),
    (35, 39, 11),
    (40, 44, 11),
    (45, 49, 11),
    (50, 54, 12),
    (55, 59, 13),
    (60, 64, 10),
    (65, 69, 5),
    (70, 74, 1),
)
PRINCIPAL_AGES: AgeBands = ((33, 39, 12), (40, 49, 38), (50, 59, 38), (60, 66, 12))
DEPUTY_AGES: AgeBands = ((28, 34, 12), (35, 44, 33), (45, 54, 33), (55, 64, 22))
# specialization: (weight among teachers, share of men)
SUBJECTS: dict[str, tuple[float, float]] = {
    "primary_teacher": (24, 0.02),
    "kyrgyz_language": (8.5, 0.06),
    "russian_language": (8, 0.03),
    "english_language": (7, 0.06),
    "german_language": (0.6, 0.04),
    "french_language": (0.2, 0.04),
    "mathematics": (10, 0.12),
    "physics": (3, 0.22),
    "chemistry": (2.5, 0.1),
    "biology": (2.5, 0.08),
    "geography": (2.5, 0.12),
    "history": (5, 0.17),
    "man_and_society": (1, 0.15),
    "informatics": (3, 0.2),
    "technology": (3, 0.33),
    "fine_arts": (1.5, 0.25),
    "music": (2, 0.2),
    "physical_education": (5, 0.5),
    "military_training": (1.5, 0.92),
    "natural_science": (0.5, 0.08),
    "manas_studies": (0.5, 0.25),
    "life_safety": (0.3, 0.4),
    "ethics": (0.5, 0.08),
    "psychologist": (1.5, 0.04),
    "social_pedagogue": (1, 0.04),
    "librarian": (1, 0.02),
    "speech_therapist": (0.3, 0.02),
    "special_education": (0.5, 0.03),
    "additional_education": (1, 0.25),
    "teacher_organizer": (1, 0.15),
    "uzbek_language": (0, 0.12),
    "tajik_language": (0, 0.15),
}
SUPPORT_POSITIONS = {
    "psychologist": "psychologist",
    "social_pedagogue": "social_pedagogue",
    "librarian": "librarian",
    "speech_therapist": "speech_therapist",
}
# A second subject some teachers also teach.
RELATED = {
    "russian_language": "english_language",
    "kyrgyz_language": "manas_studies",
    "mathematics": "physics",
    "physics": "mathematics",
    "chemistry": "biology",
    "biology": "chemistry",
    "geography": "biology",
    "history": "man_and_society",
    "english_language": "german_language",
    "music": "fine_arts",
    "technology": "fine_arts",
    "physical_education": "military_training",
    "informatics": "mathematics",
    "primary_teacher": "music",
}
WORKLOADS = {
    Decimal("1.00"): 50,
    Decimal("1.50"): 20,
    Decimal("1.25"): 12,
    Decimal("0.75"): 8,
    Decimal("0.50"): 6,
    Decimal("2.00"): 4,
}
FULL = Decimal("1.00")
LANGUAGE_PEOPLE = {"uzbek_language": UZ, "tajik_language": TG}
PRINCIPAL = Post("principal", "principal", PRINCIPAL_AGES, 0.35, education.school_leader)
DEPUTIES = (
    Post(
        "deputy_principal", "deputy_principal_teaching", DEPUTY_AGES, 0.12, education.school_leader
    ),
    Post(
        "deputy_principal",
        "deputy_principal_upbringing",
        DEPUTY_AGES,
        0.12,
        education.school_leader,
    ),
)


def _teacher_post(subject: str) -> Post:
    _, male_share = SUBJECTS[subject]
    edu = education.primary_teacher if subject == "primary_teacher" else education.school_teacher
    position = SUPPORT_POSITIONS.get(subject, "teacher")
    return Post(position, subject, TEACHER_AGES, male_share, edu)


TEACHER_POSTS = {subject: _teacher_post(subject) for subject in SUBJECTS}
TEACHING_SUBJECTS = [s for s in SUBJECTS if s not in SUPPORT_POSITIONS and SUBJECTS[s][0] > 0]


def subject_weights(languages: tuple[str, ...]) -> dict[str, float]:
    weights = {subject: weight for subject, (weight, _) in SUBJECTS.items()}
    if languages == ("ru",):
        weights["russian_language"] *= 1.8
        weights["kyrgyz_language"] *= 0.6
    if UZ in languages:
        weights["uzbek_language"] = 6 if languages == (UZ,) else 3
    if TG in languages:
        weights["tajik_language"] = 6
    return weights


def deputies_for(size: int) -> int:
    return 1 if size < 20 else 2 if size < 45 else 3 if size < 90 else 4


def staff_posts(rng: random.Random, size: int, languages: tuple[str, ...]) -> list[Post]:
    deputies = [DEPUTIES[i % 2] for i in range(min(deputies_for(size), size - 1))]
    weights = subject_weights(languages)
    subjects = rng.choices(
        list(weights), weights=list(weights.values()), k=size - 1 - len(deputies)
    )
    return [PRINCIPAL, *deputies, *(TEACHER_POSTS[s] for s in subjects)]


def create_schools(env: Env, rng: random.Random, leaf: Leaf, quotas: list[CellQuota]):
    """Save the schools of one leaf; returns [(school, staff size)] in number order."""
    planned = plan_languages(rng, leaf, quotas)
    rng.shuffle(planned)
    schools = [_school(rng, leaf, number, *plan) for number, plan in enumerate(planned, 1)]
    Organization.objects.bulk_create(schools, batch_size=BATCH_SIZE)
    return [(school, plan[2]) for school, plan in zip(schools, planned, strict=True)]


def _school(rng, leaf: Leaf, number: int, locality: str, languages, size: int) -> Organization:
    ky, ru, en = catalog.school_names(
        rng, number=number, locality=locality, languages=languages, size=size, region=leaf.region
    )
    return Organization(
        code=f"SCH-{leaf.soate}-{number:03d}",
        type=Organization.Type.SCHOOL,
        name_ky=ky,
        name_ru=ru,
        name_en=en,
        languages=list(languages),
        locality=locality,
        unit=leaf.unit,
        region_id=leaf.unit.region_id,
    )


def school_staff(env: Env, rng: random.Random, leaf: Leaf, schools) -> list[Draft]:
    school_ids = [school.pk for school, _ in schools]
    drafts = []
    for school, size in schools:
        languages = tuple(school.languages)
        place = Place(
            school.pk,
            school.type,
            leaf.soate,
            leaf.region,
            school.locality == URBAN,
            school_people(languages, leaf.region),
        )
        for post in staff_posts(rng, size, languages):
            drafts.append(_staff_member(env, rng, post, place, languages, school_ids))
    return drafts


def _staff_member(env, rng, post: Post, place: Place, languages, school_ids) -> Draft:
    if post.subject in LANGUAGE_PEOPLE:  # the Uzbek or Tajik language teacher
        place = replace(place, people={LANGUAGE_PEOPLE[post.subject]: 1})
    teacher = post.position == "teacher"
    draft = new_draft(env, rng, post, place, pick(rng, WORKLOADS) if teacher else FULL)
    if post in (PRINCIPAL, *DEPUTIES):
        draft.specializations.append(rng.choice(TEACHING_SUBJECTS))
    elif post.subject in RELATED and rng.random() < 0.25:
        draft.specializations.append(RELATED[post.subject])
    add_school_career(env, rng, draft, school_ids)
    return draft

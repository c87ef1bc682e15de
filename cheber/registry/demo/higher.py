"""Universities and colleges, and their staff.

University staff: a rector, heads of department, professors, docents, senior lecturers and
lecturers; about 8% also lecture at a second university of the same city. Colleges: a
director, lecturers of general and specialised subjects, masters of vocational training.
"""

import functools
import random
from decimal import Decimal

from cheber.registry.demo import catalog, education
from cheber.registry.demo.allocation import apportion
from cheber.registry.demo.careers import add_second_job
from cheber.registry.demo.env import Env
from cheber.registry.demo.geography import URBAN, Leaf
from cheber.registry.demo.people import AgeBands, Draft, Place, Post, new_draft
from cheber.registry.demo.people_mix import Mix, pick, university_people
from cheber.registry.demo.plans import Plan
from cheber.registry.demo.universities import BISHKEK, PROFILES, UNIVERSITIES, University
from cheber.registry.demo.writer import BATCH_SIZE
from cheber.registry.models import Organization

# position: (weight, share of men, ages, education)
UNIVERSITY_POSITIONS = {
    "lecturer": (
        40,
        0.35,
        ((23, 29, 30), (30, 39, 35), (40, 54, 25), (55, 70, 10)),
        education.lecturer,
    ),
    "senior_lecturer": (
        28,
        0.38,
        ((28, 39, 35), (40, 54, 40), (55, 70, 25)),
        education.senior_lecturer,
    ),
    "docent": (20, 0.42, ((32, 44, 35), (45, 59, 45), (60, 72, 20)), education.docent),
    "professor": (6, 0.55, ((45, 59, 40), (60, 69, 45), (70, 78, 15)), education.professor),
    "head_of_department": (6, 0.5, ((40, 54, 45), (55, 70, 55)), education.docent),
}
RECTOR_AGES: AgeBands = ((45, 54, 40), (55, 68, 60))
SECOND_UNIVERSITY_SHARE = 0.08
COLLEGE_AGES: AgeBands = ((23, 29, 15), (30, 44, 35), (45, 59, 35), (60, 70, 15))
COLLEGE_POSTS: dict[Post, int] = {
    Post(
        "lecturer",
        "college_general_subjects",
        COLLEGE_AGES,
        0.3,
        education.college_lecturer,
        categories=False,
    ): 45,
    Post(
        "lecturer",
        "college_special_subjects",
        COLLEGE_AGES,
        0.45,
        education.college_lecturer,
        categories=False,
    ): 40,
    Post(
        "vocational_master",
        "vocational_master",
        COLLEGE_AGES,
        0.6,
        education.college_lecturer,
        categories=False,
    ): 15,
}
COLLEGE_DIRECTOR = Post(
    "college_director", "education_manager", RECTOR_AGES, 0.6, education.methodist, categories=False
)
# Colleges outside Bishkek and Osh: four kinds in each of these towns.
COLLEGE_TOWNS = (
    "41702410000010",
    "41704400000010",
    "41707400000010",
    "41705410000010",
    "41703410000010",
    "41708400000010",
    "41705430000010",
    "41702420000010",
    "41703420000010",
    "41703430000010",
)
OSH_CITY = "41721000000000"
FULL = Decimal("1.00")


@functools.cache
def university_post(position: str, subject: str) -> Post:
    if position == "rector":
        return Post(
            "rector",
            "university_management",
            RECTOR_AGES,
            0.85,
            education.professor,
            categories=False,
        )
    _, male_share, ages, edu = UNIVERSITY_POSITIONS[position]
    return Post(position, subject, ages, male_share, edu, categories=False)


def university_posts(rng: random.Random, size: int, profile: str) -> list[Post]:
    subjects = PROFILES[profile]
    positions = rng.choices(
        list(UNIVERSITY_POSITIONS),
        k=size - 1,
        weights=[row[0] for row in UNIVERSITY_POSITIONS.values()],
    )
    chosen = rng.choices(list(subjects), weights=list(subjects.values()), k=size - 1)
    rector = university_post("rector", "university_management")
    return [rector, *(university_post(p, s) for p, s in zip(positions, chosen, strict=True))]


def _located(universities, leaves: list[Leaf]) -> list[tuple[University, Leaf]]:
    """Each university in its leaf unit; Bishkek's spread over the city districts."""
    by_soate = {leaf.soate: leaf for leaf in leaves}
    districts = [leaf for leaf in leaves if leaf.soate[:5] == BISHKEK[:5]]
    result = []
    for university in universities:
        if university.place == BISHKEK:
            if districts:
                result.append((university, districts[len(result) % len(districts)]))
        elif university.place in by_soate:
            result.append((university, by_soate[university.place]))
    return result


def _organization(code: str, kind: str, names: tuple[str, str, str], leaf: Leaf) -> Organization:
    return Organization(
        code=code,
        type=kind,
        name_ky=names[0],
        name_ru=names[1],
        name_en=names[2],
        languages=["ky", "ru"],
        locality=URBAN,
        unit=leaf.unit,
        region_id=leaf.unit.region_id,
    )


def create_universities(env: Env, plan: Plan, leaves: list[Leaf]):
    """Save the universities; returns [(university, profile, leaf, staff size)]."""
    wanted = [u for u in UNIVERSITIES if plan.universities is None or u.code in plan.universities]
    located = _located(wanted, leaves)
    sizes = apportion(plan.university_staff, [u.weight for u, _ in located])
    orgs = [
        _organization(
            f"UNI-{u.code}", Organization.Type.UNIVERSITY, (u.name_ky, u.name_ru, u.name_en), leaf
        )
        for u, leaf in located
    ]
    Organization.objects.bulk_create(orgs, batch_size=BATCH_SIZE)
    return [
        (org, u.profile, leaf, size)
        for org, (u, leaf), size in zip(orgs, located, sizes, strict=True)
    ]


def university_staff(
    env: Env, rng: random.Random, university, profile, leaf, size, neighbours: list[int]
) -> list[Draft]:
    """Staff of one university; `neighbours` are other universities of the same city."""
    place = Place(
        university.pk,
        university.type,
        leaf.soate,
        leaf.region,
        True,
        university_people(leaf.region),
    )
    drafts = []
    for post in university_posts(rng, size, profile):
        draft = new_draft(env, rng, post, place, FULL)
        if neighbours and post.position != "rector" and rng.random() < SECOND_UNIVERSITY_SHARE:
            add_second_job(env, rng, draft, rng.choice(neighbours), "lecturer")
        drafts.append(draft)
    return drafts


def college_sites(plan: Plan, leaves: list[Leaf]) -> list[tuple[Leaf, tuple[str, str, str]]]:
    """(leaf, kind) of each college: ten kinds in Bishkek and Osh, four in ten towns."""
    by_soate = {leaf.soate: leaf for leaf in leaves}
    bishkek = [leaf for leaf in leaves if leaf.soate[:5] == BISHKEK[:5]]
    sites = []
    for index, kind in enumerate(catalog.COLLEGE_KINDS):
        if bishkek:
            sites.append((bishkek[index % len(bishkek)], kind))
        if OSH_CITY in by_soate:
            sites.append((by_soate[OSH_CITY], kind))
        if index < 4:
            sites += [(by_soate[town], kind) for town in COLLEGE_TOWNS if town in by_soate]
    return sites[: plan.colleges]


def create_colleges(env: Env, plan: Plan, leaves: list[Leaf], rng: random.Random):
    sites = college_sites(plan, leaves)
    weights = [1.5 if leaf.soate[:5] in (BISHKEK[:5], OSH_CITY[:5]) else 1.0 for leaf, _ in sites]
    sizes = apportion(plan.college_staff, weights)
    orgs = [
        _organization(
            f"COL-{leaf.soate}-{number:02d}",
            Organization.Type.COLLEGE,
            catalog.college_names(leaf.unit, kind),
            leaf,
        )
        for number, (leaf, kind) in enumerate(sites, 1)
    ]
    Organization.objects.bulk_create(orgs, batch_size=BATCH_SIZE)
    return [(org, leaf, size) for org, (leaf, _), size in zip(orgs, sites, sizes, strict=True)]


def college_staff(env: Env, rng: random.Random, college, leaf: Leaf, size: int) -> list[Draft]:
    mix: Mix = university_people(leaf.region)
    place = Place(college.pk, college.type, leaf.soate, leaf.region, True, mix)
    posts = [COLLEGE_DIRECTOR, *(pick(rng, COLLEGE_POSTS) for _ in range(size - 1))]
    return [new_draft(env, rng, post, place, FULL) for post in posts]

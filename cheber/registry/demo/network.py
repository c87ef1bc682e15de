"""Staff of the provider network: the Academy's centre, the republican institute, the oblast
institutes and methodical centres, and the methodists of district and city cabinets.

The Academy's centre has 5 departments with professors, docents and senior lecturers (seed
article); the oblast methodical centres are small.
"""

import random
from decimal import Decimal

from cheber.registry.demo import education
from cheber.registry.demo.env import Env
from cheber.registry.demo.geography import Leaf
from cheber.registry.demo.people import AgeBands, Draft, Place, Post, new_draft
from cheber.registry.demo.people_mix import Mix, pick, university_people
from cheber.registry.demo.plans import Plan
from cheber.registry.models import Organization

AGES: AgeBands = ((28, 39, 25), (40, 54, 45), (55, 70, 30))
PROVIDER_SIZES = {
    "KAE-CPK": 48,
    "RIPK": 60,
    "OSH-IE": 35,
    "IK-IE": 25,
    "NRN-MC": 12,
    "JA-MC": 15,
    "BTK-MC": 12,
    "TLS-MC": 10,
}


def _post(position: str, subject: str, male_share: float, edu=education.methodist) -> Post:
    return Post(position, subject, AGES, male_share, edu, categories=False)


INSTITUTE_POSTS: dict[Post, int] = {
    _post("head_of_department", "lecturer_pedagogy", 0.4, education.docent): 8,
    _post("professor", "lecturer_pedagogy", 0.45, education.professor): 8,
    _post("docent", "lecturer_pedagogy", 0.35, education.docent): 20,
    _post("senior_lecturer", "trainer", 0.3): 22,
    _post("trainer", "trainer", 0.25): 17,
    _post("methodist", "methodist", 0.15): 15,
    _post("specialist", "education_manager", 0.3): 10,
}
CENTRE_POSTS: dict[Post, int] = {
    _post("methodist", "methodist", 0.15): 50,
    _post("trainer", "trainer", 0.25): 35,
    _post("specialist", "education_manager", 0.3): 15,
}
CABINET_POSTS: dict[Post, int] = {
    _post("methodist", "methodist", 0.15): 80,
    _post("trainer", "trainer", 0.2): 20,
}
FULL = Decimal("1.00")


def provider_staff(env: Env, rng: random.Random, plan: Plan) -> list[Draft]:
    providers = Organization.objects.filter(type=Organization.Type.PROVIDER).order_by("code")
    drafts = []
    for provider in providers.select_related("unit"):
        size = max(1, round(PROVIDER_SIZES.get(provider.code, 10) * plan.provider_staff_share))
        posts = CENTRE_POSTS if provider.code.endswith("-MC") else INSTITUTE_POSTS
        region = provider.unit.soate[:5]
        place = Place(
            provider.pk, provider.type, provider.unit.soate, region, True, university_people(region)
        )
        drafts += [new_draft(env, rng, pick(rng, posts), place, FULL) for _ in range(size)]
    return drafts


def cabinet_staff(env: Env, rng: random.Random, plan: Plan, leaves: list[Leaf]) -> list[Draft]:
    """Methodists of the cabinets of the leaves (Bishkek's city districts share one)."""
    soates = sorted(
        {leaf.soate for leaf in leaves} | {leaf.region + "000000000" for leaf in leaves}
    )
    drafts = []
    for soate in soates:
        cabinet = env.ref.cabinets.get(soate)
        if cabinet is None:
            continue
        mix: Mix = university_people(soate[:5])
        place = Place(cabinet, Organization.Type.METHODICAL_CABINET, soate, soate[:5], True, mix)
        size = plan.cabinet_staff + rng.randint(0, 1)
        drafts += [new_draft(env, rng, pick(rng, CABINET_POSTS), place, FULL) for _ in range(size)]
    return drafts

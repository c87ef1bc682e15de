"""Preschools (kindergartens) of one leaf unit, and their educators.

A preschool has a head, educators, and in larger ones a methodist, a music director, a
physical education instructor and a speech therapist. Nearly all are women.
"""

import random
from decimal import Decimal

from cheber.registry.demo import catalog, education
from cheber.registry.demo.allocation import CellQuota, plan_languages
from cheber.registry.demo.env import Env
from cheber.registry.demo.geography import URBAN, Leaf
from cheber.registry.demo.people import AgeBands, Draft, Place, Post, new_draft
from cheber.registry.demo.people_mix import school_people
from cheber.registry.demo.writer import BATCH_SIZE
from cheber.registry.models import Organization

AGES: AgeBands = ((20, 24, 10), (25, 34, 28), (35, 44, 25), (45, 54, 22), (55, 64, 13), (65, 69, 2))
HEAD_AGES: AgeBands = ((30, 39, 25), (40, 49, 35), (50, 62, 40))
HEAD = Post("preschool_head", "preschool_head", HEAD_AGES, 0.01, education.methodist)
EDUCATOR = Post(
    "preschool_educator", "preschool_educator", AGES, 0.01, education.preschool_educator
)
# (post, smallest preschool that has one)
SPECIALISTS = (
    (Post("methodist", "preschool_methodist", AGES, 0.01, education.methodist), 10),
    (
        Post(
            "preschool_educator",
            "preschool_music_director",
            AGES,
            0.08,
            education.preschool_educator,
        ),
        6,
    ),
    (
        Post(
            "preschool_educator",
            "preschool_physical_instructor",
            AGES,
            0.25,
            education.preschool_educator,
        ),
        12,
    ),
    (Post("speech_therapist", "speech_therapist", AGES, 0.01, education.preschool_educator), 14),
)
FULL = Decimal("1.00")


def staff_posts(size: int) -> list[Post]:
    specialists = [post for post, smallest in SPECIALISTS if size >= smallest]
    return [HEAD, *specialists, *[EDUCATOR] * (size - 1 - len(specialists))]


def create_preschools(env: Env, rng: random.Random, leaf: Leaf, quotas: list[CellQuota]):
    """Save the preschools of one leaf; returns [(preschool, staff size)]."""
    planned = plan_languages(rng, leaf, quotas)
    preschools = []
    for number, (locality, languages, _) in enumerate(planned, 1):
        ky, ru, en = catalog.preschool_names(rng, number)
        preschools.append(
            Organization(
                code=f"PRE-{leaf.soate}-{number:03d}",
                type=Organization.Type.PRESCHOOL,
                name_ky=ky,
                name_ru=ru,
                name_en=en,
                languages=list(languages),
                locality=locality,
                unit=leaf.unit,
                region_id=leaf.unit.region_id,
            )
        )
    Organization.objects.bulk_create(preschools, batch_size=BATCH_SIZE)
    return [(org, plan[2]) for org, plan in zip(preschools, planned, strict=True)]


def preschool_staff(env: Env, rng: random.Random, leaf: Leaf, preschools) -> list[Draft]:
    drafts = []
    for preschool, size in preschools:
        place = Place(
            preschool.pk,
            preschool.type,
            leaf.soate,
            leaf.region,
            preschool.locality == URBAN,
            school_people(tuple(preschool.languages), leaf.region),
        )
        for post in staff_posts(size):
            drafts.append(new_draft(env, rng, post, place, FULL))
    return drafts

"""`seed_demo`: a synthetic but realistic registry on the real geography.

Deterministic: the same seed and "today" give the same rows (natural keys, names, dates),
because every part of the country draws from its own random stream seeded by (seed, place)
and everything is visited in СОАТЕ or code order. Memory stays low: one leaf unit is generated,
saved in bulk and dropped before the next.
"""

import datetime as dt
from collections import Counter
from typing import Protocol

from django.db import transaction

from cheber.registry.demo import allocation, geography, themes
from cheber.registry.demo.env import DemoError, Env, load_ref
from cheber.registry.demo.geography import Leaf
from cheber.registry.demo.higher import (
    college_staff,
    create_colleges,
    create_universities,
    university_staff,
)
from cheber.registry.demo.network import cabinet_staff, provider_staff
from cheber.registry.demo.people_mix import BATKEN, BISHKEK, NARYN, OSH_CITY, TALAS
from cheber.registry.demo.plans import Plan
from cheber.registry.demo.preschools import create_preschools, preschool_staff
from cheber.registry.demo.schools import create_schools, school_staff
from cheber.registry.demo.training import write_histories
from cheber.registry.demo.writer import write
from cheber.registry.models import Educator

QuotasByLeaf = dict[str, list[allocation.CellQuota]]
# Shares of staff who trained in the last five years. Schools: about half (the seed article),
# a little more in the two big cities with providers at hand, less in remote oblasts.
SCHOOL_RECENT_SHARE = 0.495
PRESCHOOL_RECENT_SHARE = 0.42
UNIVERSITY_RECENT_SHARE = 0.30  # budget funding for university staff is still unsolved
COLLEGE_RECENT_SHARE = 0.35
NETWORK_RECENT_SHARE = 0.80


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, label: str) -> None: ...


class _Silent:
    def start(self, total: int) -> None:
        pass

    def advance(self, label: str) -> None:
        pass


def seed_demo(
    *, plan: Plan, seed: int, today: dt.date, progress: Progress | None = None
) -> Counter:
    """Fill an empty registry; returns the numbers of rows written by kind."""
    if Educator.objects.exists():
        raise DemoError("The registry already has educators; the demo fills an empty one.")
    progress = progress or _Silent()
    env = Env(ref=load_ref(), today=today, seed=seed)
    leaves = geography.leaves(plan.units)
    if plan.units is not None and len(leaves) != len(plan.units):
        raise DemoError("Some units of the plan are missing: run `cheber load_reference`.")
    schools = _quotas(env, leaves, "schools", school_sizing(plan))
    preschools = _quotas(env, leaves, "preschools", preschool_sizing(plan))
    progress.start(len(leaves) + 3)
    counts: Counter = Counter()
    with transaction.atomic():
        for leaf in leaves:
            counts += seed_leaf(
                env, leaf, schools.get(leaf.soate, []), preschools.get(leaf.soate, [])
            )
            progress.advance(leaf.unit.name_en)
        counts += seed_universities(env, plan, leaves)
        progress.advance("universities")
        counts += seed_colleges(env, plan, leaves)
        progress.advance("colleges")
        counts += seed_network(env, plan, leaves)
        progress.advance("providers and methodical cabinets")
    return counts


def school_sizing(plan: Plan) -> allocation.Sizing:
    """Urban schools are about 2.3 times bigger; urban classes are bigger too (20 pupils per
    teacher against 15), so a town has fewer teachers per resident. The weight 0.9 brings
    urban teachers to about 35% (NSC: 33,000 of 94,000)."""
    return allocation.Sizing(
        organizations=plan.schools,
        staff=plan.school_staff,
        urban_size_ratio=2.3,
        min_size=7,
        urban_staff_weight=0.9,
    )


def preschool_sizing(plan: Plan) -> allocation.Sizing:
    return allocation.Sizing(
        organizations=plan.preschools,
        staff=plan.preschool_staff,
        urban_size_ratio=2.2,
        min_size=3,
    )


def _quotas(env: Env, leaves: list[Leaf], key: str, sizing: allocation.Sizing) -> QuotasByLeaf:
    quotas = allocation.quotas(env.rng(key), allocation.cells(leaves), sizing)
    by_leaf: QuotasByLeaf = {}
    for quota in quotas:
        by_leaf.setdefault(quota.cell.leaf.soate, []).append(quota)
    return by_leaf


def school_recent_share(env: Env, leaf: Leaf) -> float:
    if leaf.region in (BISHKEK, OSH_CITY):
        return SCHOOL_RECENT_SHARE + 0.04
    if leaf.region in (NARYN, TALAS, BATKEN):
        return SCHOOL_RECENT_SHARE - 0.03
    return SCHOOL_RECENT_SHARE + env.rng(f"share:{leaf.soate}").uniform(-0.03, 0.03)


def seed_leaf(env: Env, leaf: Leaf, school_quotas, preschool_quotas) -> Counter:
    rng = env.rng(f"schools:{leaf.soate}")
    schools = create_schools(env, rng, leaf, school_quotas)
    drafts = school_staff(env, rng, leaf, schools)
    write_histories(
        env,
        rng,
        drafts,
        kind=themes.SCHOOL,
        recent_share=school_recent_share(env, leaf),
        long_lapsed_share=0.3,
    )
    counts = Counter(organizations=len(schools)) + write(drafts, env.ref.specializations)
    rng = env.rng(f"preschools:{leaf.soate}")
    preschools = create_preschools(env, rng, leaf, preschool_quotas)
    drafts = preschool_staff(env, rng, leaf, preschools)
    write_histories(
        env,
        rng,
        drafts,
        kind=themes.PRESCHOOL,
        recent_share=PRESCHOOL_RECENT_SHARE,
        long_lapsed_share=0.15,
    )
    return counts + Counter(organizations=len(preschools)) + write(drafts, env.ref.specializations)


def seed_universities(env: Env, plan: Plan, leaves: list[Leaf]) -> Counter:
    rng = env.rng("universities")
    universities = create_universities(env, plan, leaves)
    counts = Counter(organizations=len(universities))
    for university, profile, leaf, size in universities:
        neighbours = [
            other.pk
            for other, _, other_leaf, _ in universities
            if other_leaf.region == leaf.region and other.pk != university.pk
        ]
        drafts = university_staff(env, rng, university, profile, leaf, size, neighbours)
        write_histories(
            env, rng, drafts, kind=themes.UNIVERSITY, recent_share=UNIVERSITY_RECENT_SHARE
        )
        counts += write(drafts, env.ref.specializations)
    return counts


def seed_colleges(env: Env, plan: Plan, leaves: list[Leaf]) -> Counter:
    rng = env.rng("colleges")
    colleges = create_colleges(env, plan, leaves, rng)
    drafts = [
        d for college, leaf, size in colleges for d in college_staff(env, rng, college, leaf, size)
    ]
    write_histories(env, rng, drafts, kind=themes.COLLEGE, recent_share=COLLEGE_RECENT_SHARE)
    return Counter(organizations=len(colleges)) + write(drafts, env.ref.specializations)


def seed_network(env: Env, plan: Plan, leaves: list[Leaf]) -> Counter:
    rng = env.rng("network")
    drafts = provider_staff(env, rng, plan) + cabinet_staff(env, rng, plan, leaves)
    write_histories(env, rng, drafts, kind=themes.NETWORK, recent_share=NETWORK_RECENT_SHARE)
    return write(drafts, env.ref.specializations)

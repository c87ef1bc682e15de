"""Maternity and childcare leave of some women of child-bearing age (the compliance policy
pauses the 5-year cycle during them). A separate random stream, so the rest of the demo does
not move when the leave shares are tuned."""

import datetime as dt
import random

from cheber.registry.demo.env import Env, years_before
from cheber.registry.models import Educator, Leave

MATERNITY_DAYS = 126  # 70 days before and 56 after the birth
MATERNITY_SHARE = 0.08  # of women under 42, one leave in the last eight years
CHILDCARE_SHARE = 0.45  # of those, followed by childcare leave of 6–30 months


def leaves_for(env: Env, rng: random.Random, draft) -> list[Leave]:
    educator = draft.educator
    if educator.sex != Educator.Sex.FEMALE or rng.random() >= MATERNITY_SHARE:
        return []
    if educator.birth_date <= years_before(env.today, 42):
        return []
    low = max(draft.career_start + dt.timedelta(days=180), years_before(env.today, 8))
    high = env.today - dt.timedelta(days=30)
    if low > high:
        return []
    start = low + dt.timedelta(days=rng.randint(0, (high - low).days))
    end = start + dt.timedelta(days=MATERNITY_DAYS - 1)
    leaves = [Leave(kind=Leave.Kind.MATERNITY, start_date=start, end_date=end)]
    if rng.random() < CHILDCARE_SHARE:
        months = rng.randint(6, 30)
        leaves.append(Leave(kind=Leave.Kind.CHILDCARE, start_date=end + dt.timedelta(days=1),
                            end_date=end + dt.timedelta(days=months * 30)))  # fmt: skip
    return leaves


def write_leaves(env: Env, rng: random.Random, drafts: list) -> None:
    """Attach the leaves to the drafts (`draft.leaves`, saved by the writer)."""
    for draft in drafts:
        draft.leaves = leaves_for(env, rng, draft)

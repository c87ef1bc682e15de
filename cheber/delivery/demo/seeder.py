"""`seed_courses`: the course lifecycle on top of the demo registry, relative to "today".

Deterministic for a seed and a day: every part draws from its own random stream and
everything is visited in code and date order. Written in bulk, inside one transaction.
"""

import datetime as dt
from collections import Counter

from django.db import transaction

from cheber.catalog.models import Programme
from cheber.delivery.demo import showcase
from cheber.delivery.demo.context import (
    PROVIDER_CODES,
    CoursesNotReady,
    explicit_timestamps,
    load_context,
)
from cheber.delivery.demo.lifecycle import Filler
from cheber.delivery.demo.next_year import plan_next_year
from cheber.delivery.demo.people import load_pool
from cheber.delivery.demo.plans import plan_years, write_plans, write_sessions
from cheber.delivery.demo.programmes import build_offers, write_offers
from cheber.delivery.demo.writer import write_drafts
from cheber.registry.models import Educator
from cheber.schedule.models import Session

NATIONAL_PARTICIPANTS = 125_000  # educators of schools, preschools, colleges, universities


class _Silent:
    def start(self, total: int) -> None:
        pass

    def advance(self, label: str) -> None:
        pass


def seed_courses(*, seed: int, today: dt.date, progress=None) -> Counter:
    """Programmes, plan-schedules, sessions and enrolments; returns the rows written by kind."""
    if Session.objects.exists():
        raise CoursesNotReady("There are sessions already; the course demo fills none.")
    if not Educator.objects.exists():
        raise CoursesNotReady("The registry is empty: run `cheber seed_demo` first.")
    progress = progress or _Silent()
    ctx = load_context(seed, today)
    pool = load_pool(ctx)
    scale = min(1.0, len(pool.persons) / NATIONAL_PARTICIPANTS)
    with transaction.atomic():
        offers = {code: build_offers(ctx, code) for code in PROVIDER_CODES}
        with explicit_timestamps(Programme, Session):
            write_offers([offer for code in PROVIDER_CODES for offer in offers[code]])
            plans, planned = plan_years(ctx, pool, offers, scale)
            write_plans(plans, planned)
            drafts_next_year = plan_next_year(ctx, pool, offers, plans)
            write_sessions(drafts_next_year)
        filler = Filler(ctx, pool)
        staff = showcase.arrange(filler, planned)
        progress.start(len(planned))
        drafts = []
        for index, item in enumerate(planned):
            drafts += filler.fill(item, index)
            progress.advance(item.session.programme.code)
        showcase.finish(filler, planned, staff, drafts)
        counts = write_drafts(drafts)
    programmes = sum(len(o) for o in offers.values())
    return counts + Counter(programmes=programmes, plan_schedules=len(plans),
                            sessions=len(planned) + len(drafts_next_year))  # fmt: skip

"""Past and concurrent jobs: promotions, moves between schools, a second job on a part rate.

About 5% of educators hold a second job at the same time (0.25–0.5 of a rate in another school
of the district, or lecturing at a second university); some have ended jobs before the current
one (Employment rows are ended, never deleted).
"""

import datetime as dt
import random
from decimal import Decimal

from cheber.registry.demo.env import Env, years_before
from cheber.registry.demo.people import Draft, job

LEADERS = ("principal", "deputy_principal")
SECOND_JOB_SHARE = 0.055
PART_RATES = (Decimal("0.25"), Decimal("0.50"))


def _school_year_start(year: int, rng: random.Random) -> dt.date:
    return dt.date(year, 8, 20) + dt.timedelta(days=rng.randrange(12))


def _change_date(rng: random.Random, draft: Draft, env: Env, min_years: int) -> dt.date | None:
    """A start of a school year at least `min_years` into the career and a year before today."""
    first = draft.career_start.year + min_years
    last = env.today.year - 1
    if first > last:
        return None
    return _school_year_start(rng.randint(first, last), rng)


def _switch(
    env: Env, draft: Draft, organization_id: int, position: str, subject: str, changed: dt.date
) -> None:
    """End the job held from the start of the career the day before `changed`."""
    current = draft.jobs[0]
    past = job(
        env,
        organization_id,
        position,
        subject,
        current.start_date,
        current.workload,
        end=changed - dt.timedelta(days=1),
    )
    current.start_date = changed
    draft.jobs.append(past)


def add_school_career(env: Env, rng: random.Random, draft: Draft, school_ids: list[int]) -> None:
    position = draft.post.position
    others = [pk for pk in school_ids if pk != draft.place.organization_id]
    if position in LEADERS:
        share = 0.75 if position == "principal" else 0.6
        changed = _change_date(rng, draft, env, 5)
        if changed and rng.random() < share:  # promoted from teacher in the same school
            subject = draft.specializations[-1]
            _switch(env, draft, draft.place.organization_id, "teacher", subject, changed)
        return
    if position != "teacher" or not others:
        return
    changed = _change_date(rng, draft, env, 2)
    if changed and rng.random() < 0.15:  # moved from another school of the district
        _switch(env, draft, rng.choice(others), "teacher", draft.post.subject, changed)
    if rng.random() < SECOND_JOB_SHARE:
        add_second_job(env, rng, draft, rng.choice(others), "teacher")


def add_second_job(
    env: Env, rng: random.Random, draft: Draft, organization_id: int, position: str
) -> None:
    main = draft.jobs[0]
    low = max(main.start_date, years_before(env.today, 6))
    high = env.today - dt.timedelta(days=30)
    start = low + dt.timedelta(days=rng.randint(0, max(0, (high - low).days)))
    draft.jobs.append(
        job(env, organization_id, position, draft.post.subject, start, rng.choice(PART_RATES))
    )

"""Plan-schedules and their sessions: the two past years and this one approved, next year's
approved, submitted or still a draft. Courses run two weeks, Monday to Saturday; mobile ones
in a district of the provider's oblast, online ones nowhere; budget places are partly reserved
for the districts by quotas, released two weeks before the start."""

import datetime as dt
import random
from dataclasses import dataclass, field

from cheber.catalog.models import Form, Programme
from cheber.delivery.demo.context import CATCHMENT, PROVIDER_CODES, Context
from cheber.delivery.demo.people import Pool
from cheber.delivery.demo.programmes import Offer
from cheber.registry.models import Employment
from cheber.schedule.models import DistrictQuota, PlanSchedule, Session

Status = PlanSchedule.Status
Kind = Programme.Kind
# Sessions a year at national scale: 218 in all.
SESSIONS = {"KAE-CPK": 34, "RIPK": 44, "OSH-IE": 40, "IK-IE": 26, "NRN-MC": 18, "JA-MC": 26,
            "BTK-MC": 16, "TLS-MC": 14}  # fmt: skip
MIN_SESSIONS = 5
NEXT_YEAR = {
    "OSH-IE": Status.APPROVED, "NRN-MC": Status.APPROVED, "RIPK": Status.APPROVED,
    "IK-IE": Status.APPROVED, "KAE-CPK": Status.SUBMITTED, "JA-MC": Status.SUBMITTED,
}  # fmt: skip
DAYS = {Form.ONLINE: 26, Form.SEMINAR: 4}  # the last day after the first; 72 h: 12 days
QUOTA_RELEASE = dt.timedelta(days=14)
TWO_WEEKS = (Form.STATIONARY, Form.MOBILE, Form.BLENDED)


@dataclass
class Planned:
    session: Session
    offer: Offer
    quotas: dict[int, int]  # unit id → places
    trainers: list[int]
    units: list[int]  # the districts whose educators it is for
    year_status: str = Status.APPROVED
    enrolments: list = field(default_factory=list)


def plan_years(ctx: Context, pool: Pool, offers: dict[str, list[Offer]], scale: float):
    """(plans, planned sessions) of every provider and year."""
    trainers = _trainers(ctx)
    plans, planned = [], []
    for code in PROVIDER_CODES:
        units = _catchment(ctx, pool, code)
        count = max(MIN_SESSIONS, round(SESSIONS[code] * scale))
        for year in range(ctx.today.year - 2, ctx.today.year + 2):
            plan = _plan(ctx, code, year)
            plans.append(plan)
            rng = ctx.rng(f"sessions:{code}:{year}")
            for start, offer in _calendar(ctx, rng, code, year, offers[code], count):
                planned.append(_session(ctx, rng, plan, offer, start, units, trainers[code]))
    return plans, planned


def _catchment(ctx: Context, pool: Pool, code: str) -> list[int]:
    regions = CATCHMENT[code]
    return sorted(unit for unit in pool.by_unit if ctx.units[unit].soate[:5] in regions)


def _trainers(ctx: Context) -> dict[str, list[int]]:
    staff = Employment.objects.active().filter(organization_id__in=ctx.providers.values())
    by_provider: dict[int, list[int]] = {}
    for educator, provider in staff.order_by("educator_id").values_list(
        "educator_id", "organization_id"
    ):
        by_provider.setdefault(provider, []).append(educator)
    return {code: by_provider.get(pk, []) for code, pk in ctx.providers.items()}


def _plan(ctx: Context, code: str, year: int) -> PlanSchedule:
    status = Status.APPROVED if year <= ctx.today.year else NEXT_YEAR.get(code, Status.DRAFT)
    submitted = min(dt.date(year - 1, 11, 25), ctx.today - dt.timedelta(days=12))
    approved = min(dt.date(year - 1, 12, 20), ctx.today - dt.timedelta(days=5))
    return PlanSchedule(
        provider_id=ctx.providers[code], year=year, status=status,
        submitted_by_id=None,
        submitted_at=None if status == Status.DRAFT else ctx.moment(submitted, 60),
        approved_by_id=ctx.institute_user_id if status == Status.APPROVED else None,
        approved_at=ctx.moment(approved, 120) if status == Status.APPROVED else None,
    )  # fmt: skip


def _mondays(year: int, first: dt.date, last: dt.date) -> list[dt.date]:
    day = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    days = []
    while day <= last:
        days.append(day)
        day += dt.timedelta(days=7)
    return days


def _calendar(ctx: Context, rng: random.Random, code: str, year: int, offers, count: int):
    """(start, offer) pairs: anchors around today, one or two August seminars, the rest on
    Mondays from late January to early December."""
    approved = [o for o in offers if o.programme.status == Programme.Status.APPROVED]
    courses = [o for o in approved if o.programme.kind in (Kind.QUALIFICATION, Kind.SEMINAR)]
    august = [o for o in approved if o.programme.kind == Kind.AUGUST_SEMINAR]
    retraining = [o for o in approved if o.programme.kind == Kind.RETRAINING]
    chosen = [
        (day, august[0]) for day in _mondays(year, dt.date(year, 8, 10), dt.date(year, 8, 24))[:2]
    ]
    chosen += [(dt.date(year, 2, 2) + dt.timedelta(days=-dt.date(year, 2, 2).weekday()), o)
               for o in retraining]  # fmt: skip
    two_weeks = [o for o in courses if o.programme.form in TWO_WEEKS and o.programme.hours == 72]
    if year == ctx.today.year:
        anchors = [day for day in _anchors(ctx.today) if day.year == year]
        chosen += [(day, two_weeks[n % len(two_weeks)]) for n, day in enumerate(anchors)]
    rng.shuffle(courses)
    mondays = _mondays(year, dt.date(year, 1, 19), dt.date(year, 12, 7))
    mondays = [d for d in mondays if not (dt.date(year, 7, 1) <= d <= dt.date(year, 8, 9))]
    starts = sorted(rng.choice(mondays) for _ in range(max(0, count - len(chosen))))
    chosen += [(day, courses[n % len(courses)]) for n, day in enumerate(starts)]
    return sorted(chosen, key=lambda pair: (pair[0], pair[1].programme.code))


def _anchors(today: dt.date) -> list[dt.date]:
    """A session in progress today and one that ended in the last days (to complete)."""
    monday = today - dt.timedelta(days=today.weekday())
    running = monday if today.weekday() >= 1 else monday - dt.timedelta(days=7)
    return [running, running - dt.timedelta(days=14)]


def _session(ctx, rng, plan, offer: Offer, start, units, trainers) -> Planned:
    programme = offer.programme
    form = programme.form
    days = DAYS.get(form, 40 if programme.kind == Kind.RETRAINING else 11)
    if programme.kind == Kind.AUGUST_SEMINAR:
        days = 2
    code = next(c for c, pk in ctx.providers.items() if pk == plan.provider_id)
    unit = _place(ctx, rng, code, form, units)
    budget, contract = _places(rng, programme, code)
    session = Session(
        plan=plan, programme=programme, provider_id=plan.provider_id, start_date=start,
        end_date=start + dt.timedelta(days=days), form=form, unit_id=unit,
        region_id=ctx.units[unit].region_id if unit else None,
        language=_language(rng, programme.languages), budget_places=budget,
        contract_places=contract, quota_release_date=start - QUOTA_RELEASE,
        created_at=ctx.moment(min(start, ctx.today) - dt.timedelta(days=60)),
    )  # fmt: skip
    chosen = rng.sample(trainers, min(len(trainers), rng.choice((1, 2)))) if trainers else []
    return Planned(session, offer, _quotas(ctx, rng, session, units), sorted(chosen), units)


def _place(ctx: Context, rng, code: str, form: str, units: list[int]) -> int | None:
    if form == Form.ONLINE:
        return None
    districts = [u for u in units if ctx.units[u].level != "city"]
    if form in (Form.MOBILE, Form.SEMINAR) and districts:
        return rng.choice(districts)
    return ctx.provider_units[code]


def _places(rng: random.Random, programme: Programme, code: str) -> tuple[int, int]:
    if programme.kind == Kind.RETRAINING:
        return 10, 10
    if programme.kind == Kind.AUGUST_SEMINAR:
        return 30, 0
    if programme.form == Form.ONLINE:
        return 40, 10
    budget = 25 if code in ("KAE-CPK", "RIPK", "OSH-IE") else 20
    return budget, rng.choice((0, 3, 5, 5))


def _language(rng: random.Random, languages: list[str]) -> str:
    weights = {"ky": 6, "ru": 3, "uz": 1}
    return rng.choices(languages, weights=[weights.get(code, 1) for code in languages])[0]


def _quotas(ctx: Context, rng, session: Session, units: list[int]) -> dict[int, int]:
    """About 70% of the budget places for a few districts; the rest open to all."""
    if not units or not session.budget_places:
        return {}
    if session.unit_id in units:  # a course in a district: its own district first
        chosen = [session.unit_id] + rng.sample([u for u in units if u != session.unit_id],
                                                min(2, len(units) - 1))  # fmt: skip
    else:
        chosen = rng.sample(units, min(len(units), rng.randint(3, 6)))
    kochkor = [u for u in units if ctx.units[u].soate == "41704235000000"]
    chosen = sorted(set(chosen) | set(kochkor))  # the demo methodist's district is in every one
    reserved = max(len(chosen), round(session.budget_places * 0.7))
    reserved = min(reserved, session.budget_places)
    quotas = {unit: reserved // len(chosen) for unit in chosen}
    for unit in chosen[: reserved % len(chosen)]:
        quotas[unit] += 1
    return {unit: places for unit, places in quotas.items() if places}


def write_plans(plans: list[PlanSchedule], planned: list[Planned]) -> None:
    PlanSchedule.objects.bulk_create(plans)
    write_sessions(planned)


def write_sessions(planned: list[Planned]) -> None:
    """The sessions of plan-schedules already written, with their quotas and trainers."""
    for item in planned:
        item.session.plan_id = item.session.plan.pk
        item.session.programme_id = item.session.programme.pk
    Session.objects.bulk_create([item.session for item in planned], batch_size=1000)
    quotas, trainers = [], []
    through = Session.trainers.through
    for item in planned:
        pk = item.session.pk
        quotas += [
            DistrictQuota(session_id=pk, unit_id=u, places=n) for u, n in item.quotas.items()
        ]
        trainers += [through(session_id=pk, educator_id=e) for e in item.trainers]
    DistrictQuota.objects.bulk_create(quotas, batch_size=2000)
    through.objects.bulk_create(trainers, batch_size=2000)

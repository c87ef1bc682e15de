"""Next year's plan-schedules as the plan builder finds them in the autumn: besides the
sessions `plans.py` schedules (some already taking requests), each provider's draft sessions
for its region, stationary at its seat, mobile in the districts, online for everyone, sized to
seat about half of the educators who fall due by the end of next year. No enrolments yet.

Which programmes and languages get sessions follows where those educators are: an offer is
chosen in proportion to the due educators its specializations serve in the provider's region
(its districts for a mobile course), a language in proportion to the schools teaching in it."""

import datetime as dt
from collections import Counter, defaultdict

from cheber.catalog.models import Form, Programme
from cheber.delivery.demo.context import CATCHMENT, PROVIDER_CODES, Context
from cheber.delivery.demo.people import Pool
from cheber.delivery.demo.plans import QUOTA_RELEASE, Planned, _mondays, _quotas
from cheber.registry.models import Organization
from cheber.schedule.models import PlanSchedule, Session

SHARE_SEATED = 0.5
PERIOD_YEARS = 5  # the policy's cycle: who was last trained before it falls due
PLACES = {Form.STATIONARY: 25, Form.BLENDED: 25, Form.MOBILE: 20, Form.ONLINE: 40}
FORMS = tuple(PLACES)
DAYS = 11  # 72 hours: two weeks, Monday to Saturday; online ones a month
ONLINE_DAYS = 26


def plan_next_year(
    ctx: Context, pool: Pool, offers: dict, plans: list[PlanSchedule]
) -> list[Planned]:
    year = ctx.today.year + 1
    plan_of = {plan.provider_id: plan for plan in plans if plan.year == year}
    due = _due(ctx, pool, year)
    languages = _languages(pool)
    sharing = Counter(CATCHMENT[code] for code in PROVIDER_CODES)
    planned = []
    for code in PROVIDER_CODES:
        rng = ctx.rng(f"next-year:{code}")
        units = sorted(u for u in due if ctx.units[u].soate[:5] in CATCHMENT[code])
        people = [pid for u in units for pid in due[u]]
        target = round(len(people) * SHARE_SEATED / sharing[CATCHMENT[code]])
        choices = _offers(ctx, pool, offers[code], people)
        plan = plan_of[ctx.providers[code]]
        seats = 0
        while choices and seats < target:
            offer, _ = _pick(rng, choices)
            item = _session(ctx, rng, plan, offer, units, due, languages, year)
            planned.append(item)
            seats += item.session.budget_places
    return planned


def _due(ctx: Context, pool: Pool, year: int) -> dict[int, list[int]]:
    """District → the educators last trained more than a cycle before the end of `year`."""
    limit = dt.date(year - PERIOD_YEARS, 12, 31)
    return {
        unit: [pid for pid in ids if pool.persons[pid].last_trained <= limit]
        for unit, ids in pool.by_unit.items()
    }


def _languages(pool: Pool) -> dict[int, Counter]:
    """District → how many educators work in schools teaching in each language."""
    first = dict(
        Organization.objects.filter(pk__in={p.organization_id for p in pool.persons.values()})
        .values_list("pk", "languages")
        .order_by()
    )
    found: dict[int, Counter] = defaultdict(Counter)
    for person in pool.persons.values():
        found[person.unit_id][(first.get(person.organization_id) or ["ky"])[0]] += 1
    return found


def _offers(ctx, pool: Pool, offers, people: list[int]) -> list[tuple]:
    """(offer, weight): the approved qualification courses, by the due people they serve."""
    wanted = Counter(spec for pid in people for spec in pool.persons[pid].specs)
    found = []
    for offer in offers:
        programme = offer.programme
        if programme.status != Programme.Status.APPROVED or programme.form not in FORMS:
            continue
        if programme.kind != Programme.Kind.QUALIFICATION:
            continue
        specs = offer.specializations
        weight = sum(wanted[s] for s in specs) if specs else len(people) // 4
        if weight:
            found.append((offer, weight))
    return found


def _pick(rng, choices):
    return rng.choices(choices, weights=[w for _, w in choices])[0]


def _session(ctx, rng, plan, offer, units, due, languages, year) -> Planned:
    programme, form = offer.programme, offer.programme.form
    districts = [u for u in units if ctx.units[u].level != "city" and due[u]] or units
    if form == Form.MOBILE:
        unit = rng.choices(districts, weights=[len(due[u]) for u in districts])[0]
        served = [unit]
    elif form == Form.ONLINE:
        unit, served = None, units
    else:
        unit = ctx.provider_units[next(c for c, pk in ctx.providers.items()
                                       if pk == plan.provider_id)]  # fmt: skip
        served = units
    mix = Counter()
    for u in served:
        mix.update(languages.get(u, {}))
    spoken = [code for code in programme.languages if mix[code]] or programme.languages[:1]
    language = rng.choices(spoken, weights=[mix[c] or 1 for c in spoken])[0]
    start = rng.choice(_starts(year))
    length = ONLINE_DAYS if form == Form.ONLINE else DAYS
    session = Session(
        plan=plan, programme=programme, provider_id=plan.provider_id, start_date=start,
        end_date=start + dt.timedelta(days=length), form=form, unit_id=unit,
        region_id=ctx.units[unit].region_id if unit else None, language=language,
        budget_places=PLACES[form], contract_places=0, quota_release_date=start - QUOTA_RELEASE,
        created_at=ctx.moment(ctx.today - dt.timedelta(days=rng.randint(5, 40))),
    )  # fmt: skip
    quotas = _quotas(ctx, rng, session, served) if form != Form.ONLINE else {}
    return Planned(session, offer, quotas, [], served, plan.status)


def _starts(year: int) -> list[dt.date]:
    mondays = _mondays(year, dt.date(year, 1, 19), dt.date(year, 12, 7))
    return [d for d in mondays if not (dt.date(year, 7, 1) <= d <= dt.date(year, 8, 23))]

"""The forecast: how many educators fall due in each of the next five years, per district and
specialization, against the budget places the plan-schedules offer; the capacity gap and the
budget to close it at the contract price.

What it assumes (the forecast page says the same in words):
- who is overdue, never trained, needs retraining or is due this year falls due in year 1;
  who is compliant until a date in year Y falls due in Y (after the fifth year: not counted);
- everyone is trained in the year they fall due and falls due again after the period of the
  policy in force, in whole years (once in five years: not again within the horizon; every
  year: every year);
- places are the budget places of the sessions of that year's plan-schedules, draft or
  approved; in the current year only sessions not started yet, and what is left of them
  (the one places query) in an online course that has started but still takes learners (its
  enrolment closes today or later: `learning.rules.still_enrolling`). An online or blended
  session's budget places are its tutors' capacity, trainers × learners per tutor, which its
  online terms set (`schedule.places`);
- a session serves: online, every district; mobile or a seminar, its own district (and the city
  districts of a city); otherwise (stationary, blended) the districts of its oblast. District
  quotas go to their district; the other places are spread over the districts served, and
  within a district over the specializations the programme targets (every one when it names
  none), in proportion to how many fall due there that year;
- the price of a place is the average contract price of the approved programmes that target
  the specialization, else of all approved programmes.

Values in, values out: the database is read once per kind of fact, in groups, by `build`.
"""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.core.cache import cache
from django.db.models import Avg, Case, Count, IntegerField, Max, Q, Sum, Value, When

from cheber.catalog.models import Programme
from cheber.compliance.freshness import fresh
from cheber.compliance.models import EducatorStatus, Policy, Refresh, Status
from cheber.learning.rules import still_enrolling
from cheber.registry.models import AdminUnit
from cheber.schedule.models import DistrictQuota, Session

HORIZON = 5
CACHE_SECONDS = 600
Cell = tuple[int, int | None]  # (district id, specialization id)


@dataclass(frozen=True)
class YearFigures:
    year: int
    due: int
    places: int
    price: Decimal

    @property
    def gap(self) -> int:
        return max(0, self.due - self.places)

    @property
    def budget(self) -> Decimal:
        return (self.price * self.gap).quantize(Decimal("1"))


@dataclass(frozen=True)
class ForecastRow:
    unit_id: int
    specialization_id: int | None
    years: tuple[YearFigures, ...]

    @property
    def gap(self) -> int:
        return sum(y.gap for y in self.years)

    @property
    def budget(self) -> Decimal:
        return sum((y.budget for y in self.years), Decimal(0))


@dataclass(frozen=True)
class Forecast:
    years: tuple[int, ...]
    period_years: int
    rows: tuple[ForecastRow, ...]

    def only(self, unit_ids=None, specialization_id=None) -> "Forecast":
        """The rows of these districts (None: all) and of one specialization (None: all)."""
        if unit_ids is None and specialization_id is None:
            return self
        rows = tuple(
            r
            for r in self.rows
            if (unit_ids is None or r.unit_id in unit_ids)
            and (specialization_id is None or r.specialization_id == specialization_id)
        )
        return Forecast(self.years, self.period_years, rows)

    @cached_property
    def totals(self) -> tuple[dict, ...]:
        """Per year: due, places, gap and budget summed over the rows."""
        totals = []
        for index, year in enumerate(self.years):
            figures = [r.years[index] for r in self.rows]
            totals.append({
                "year": year,
                "due": sum(f.due for f in figures),
                "places": sum(f.places for f in figures),
                "gap": sum(f.gap for f in figures),
                "budget": sum((f.budget for f in figures), Decimal(0)),
            })  # fmt: skip
        return tuple(totals)

    @property
    def budget(self) -> Decimal:
        return sum((t["budget"] for t in self.totals), Decimal(0))


@dataclass(frozen=True)
class Units:
    """The districts educators work in, with their oblast and parent (for city districts)."""

    region: dict[int, int]
    parent: dict[int, int | None]


def period_in_years(policy: Policy | None) -> int:
    return max(1, round(policy.period_months / 12)) if policy else HORIZON


@fresh
def cached_build(today: dt.date) -> Forecast:
    """`build`, kept while nothing it reads has changed: the statuses (the refresh row), the
    sessions and quotas of the horizon, the programmes' prices and the policy; at most
    `CACHE_SECONDS` (a session moved to another place with the same places, or a learner
    enrolling in an online course that has started, is seen then).
    On SQLite the national computation takes about a second; from the cache, a few ms."""
    raw = repr(_stamp(today))
    key = "compliance:forecast:" + hashlib.sha256(raw.encode()).hexdigest()
    result = cache.get(key)
    if result is None:
        result = build(today)
        result.totals  # noqa: B018  (computed once, kept with the rows)
        cache.set(key, result, timeout=CACHE_SECONDS)
    return result


def _stamp(today: dt.date) -> tuple:
    years = range(today.year, today.year + HORIZON)
    totals = {"n": Count("pk"), "last": Max("pk")}
    return (
        today,
        Refresh.objects.values_list(
            "pk", "policy_id", "computed_on", "watermark", "finished_at"
        ).first(),
        Session.objects.filter(plan__year__in=years)
        .filter(Q(start_date__gt=today) | still_enrolling(today))
        .aggregate(**totals, places=Sum("budget_places"), plans=Count("plan", distinct=True))
        .values(),
        DistrictQuota.objects.filter(session__plan__year__in=years)
        .aggregate(**totals, places=Sum("places"))
        .values(),
        Programme.objects.aggregate(
            **totals, price=Sum("contract_price"), at=Max("approved_at")
        ).values(),
        list(Policy.objects.values_list("pk", "effective_from", "period_months", "counted_kinds")),
    )


@fresh
def build(today: dt.date) -> Forecast:
    """The national forecast from `today`: every district and specialization with educators."""
    years = tuple(range(today.year, today.year + HORIZON))
    policy = Policy.objects.in_force(today)
    period = period_in_years(policy)
    first_due, units = _first_due(years)
    due = _recurring(first_due, years, period)
    places = _places(years, today, due, units, set(first_due))
    prices = _prices(policy)
    rows = []
    for cell in sorted(first_due, key=lambda c: (c[0], c[1] or 0)):
        price = prices.get(cell[1], prices.get("all", Decimal(0)))
        figures = tuple(
            YearFigures(y, due[y].get(cell, 0), round(places[y].get(cell, 0)), price) for y in years
        )
        if any(f.due or f.places for f in figures):
            rows.append(ForecastRow(cell[0], cell[1], figures))
    return Forecast(years, period, tuple(rows))


def _first_due(years: tuple[int, ...]) -> tuple[dict[Cell, dict[int, int]], Units]:
    """{cell: {year first due: educators}} in one GROUP BY; also where the districts lie."""
    groups = (
        EducatorStatus.objects.order_by()
        .annotate(year=_due_year(years))
        .values("unit_id", "specialization_id", "year")
        .annotate(n=Count("pk"))
    )
    first: dict[Cell, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for g in groups:
        # a year past the horizon is kept: the cell exists, with nobody due in it
        first[(g["unit_id"], g["specialization_id"])][g["year"]] += g["n"]
    located = AdminUnit.objects.filter(pk__in={cell[0] for cell in first})
    rows = list(located.values_list("pk", "region_id", "parent_id"))
    units = Units({pk: region for pk, region, _ in rows}, {pk: parent for pk, _, parent in rows})
    return first, units


def _due_year(years: tuple[int, ...]) -> Case:
    """The year someone first falls due, by comparing dates (no date function: SQLite's is a
    Python callback, slow over a country): not compliant, or compliant until this year, falls
    due this year; after the horizon, the year after it."""
    beyond = years[-1] + 1
    whens = [When(~Q(status=Status.COMPLIANT) | Q(due_date=None), then=Value(years[0]))]
    whens += [When(due_date__lt=dt.date(y + 1, 1, 1), then=Value(y)) for y in years]
    return Case(*whens, default=Value(beyond), output_field=IntegerField())


def _recurring(first_due, years, period: int) -> dict[int, dict[Cell, int]]:
    """Due in year Y: first due in Y, or in an earlier year F of the horizon that lies a whole
    number of periods before Y (trained in F, due again in F + period)."""
    due: dict[int, dict[Cell, int]] = {y: {} for y in years}
    for cell, by_year in first_due.items():
        for year in years:
            count = sum(n for f, n in by_year.items() if f <= year and (year - f) % period == 0)
            if count:
                due[year][cell] = count
    return due


LOCAL_FORMS = ("mobile", "seminar")


def _places(years, today, due, units: Units, cells: set[Cell]) -> dict[int, dict[Cell, float]]:
    """{year: {cell: budget places}}: the sessions pooled by what they serve, then spread."""
    pools: dict[tuple, int] = defaultdict(int)
    for year, area, targets, places in _session_offers(years, today):
        pools[(year, area, targets)] += places
    by_unit: dict[int, list[Cell]] = defaultdict(list)
    for cell in sorted(cells, key=lambda c: (c[0], c[1] or 0)):
        by_unit[cell[0]].append(cell)
    result: dict[int, dict[Cell, float]] = {y: defaultdict(float) for y in years}
    for (year, area, targets), places in pools.items():
        aimed = set(targets)
        chosen = [c for u in _served(area, units) for c in by_unit[u] if not aimed or c[1] in aimed]
        for cell, share in _spread(places, chosen, due[year]).items():
            result[year][cell] += share
    return result


def _session_offers(years, today):
    """(year, area, target specializations, places) for every session and district quota."""
    sessions = _offered(years, today)
    targets = _targets({s[5] for s in sessions})
    quotas = _quotas([s[0] for s in sessions])
    for pk, year, form, unit_id, region_id, programme_id, left in sessions:
        aimed = tuple(sorted(targets[programme_id]))
        for quota_unit, places in quotas[pk]:
            yield year, ("local", quota_unit), aimed, min(places, left)
            left -= min(places, left)
        if left:
            yield year, _area(form, unit_id, region_id), aimed, left


def _offered(years, today) -> list[tuple]:
    """The sessions of the horizon with their budget places: all of them in a session not
    started yet; those left in an online course that has started and still takes learners."""
    columns = ("pk", "plan__year", "form", "unit_id", "region_id", "programme_id")
    of_horizon = Session.objects.filter(plan__year__in=years, budget_places__gt=0).order_by()
    coming = of_horizon.filter(start_date__gt=today).values_list(*columns, "budget_places")
    running = (
        of_horizon.filter(still_enrolling(today), start_date__lte=today)
        .with_places()
        .filter(budget_left__gt=0)
        .values_list(*columns, "budget_left")
    )
    return [*coming, *running]


def _targets(programme_ids: set[int]) -> dict[int, list[int]]:
    targets: dict[int, list[int]] = defaultdict(list)
    links = Programme.specializations.through.objects.filter(programme_id__in=programme_ids)
    for programme_id, specialization_id in links.values_list("programme_id", "specialization_id"):
        targets[programme_id].append(specialization_id)
    return targets


def _quotas(session_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    quotas = defaultdict(list)
    rows = DistrictQuota.objects.filter(session_id__in=session_ids).order_by("session_id", "pk")
    for session_id, unit_id, places in rows.values_list("session_id", "unit_id", "places"):
        quotas[session_id].append((unit_id, places))
    return quotas


def _area(form: str, unit_id: int | None, region_id: int | None) -> tuple:
    if form == "online" or unit_id is None:
        return ("all", None)
    if form in LOCAL_FORMS:
        return ("local", unit_id)
    return ("region", region_id)


def _served(area: tuple, units: Units) -> set[int]:
    kind, target = area
    if kind == "all":
        return set(units.region)
    if kind == "region":
        return {u for u, r in units.region.items() if r == target}
    return {u for u, p in units.parent.items() if u == target or p == target}


def _spread(places: int, cells: list[Cell], weights: dict[Cell, int]) -> dict[Cell, float]:
    """Places shared out in proportion to who falls due; evenly when nobody does."""
    if not cells:
        return {}
    total = sum(weights.get(c, 0) for c in cells)
    if not total:
        return {c: places / len(cells) for c in cells}
    return {c: places * weights.get(c, 0) / total for c in cells}


def _prices(policy: Policy | None) -> dict:
    """{specialization id: average contract price, "all": the average over every programme}."""
    programmes = Programme.objects.filter(status="approved", contract_price__gt=0)
    if policy and policy.counted_kinds:
        programmes = programmes.filter(kind__in=policy.counted_kinds)
    cent = Decimal("0.01")
    by_specialization = programmes.values("specializations").annotate(avg=Avg("contract_price"))
    prices = {
        row["specializations"]: Decimal(row["avg"]).quantize(cent)
        for row in by_specialization.order_by()
        if row["specializations"] is not None
    }
    overall = programmes.aggregate(avg=Avg("contract_price"))["avg"]
    prices["all"] = Decimal(overall).quantize(cent) if overall is not None else Decimal(0)
    return prices

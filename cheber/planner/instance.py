"""The edge where the database meets the optimizer: a year's instance read in a few grouped
queries (statuses, sessions, quotas, places taken, staff, coordinates), with the settings and
what-if changes applied."""

import datetime as dt
from collections import defaultdict
from dataclasses import replace

from django.db.models import Count, Q

from cheber.catalog.models import Form, Programme
from cheber.compliance.counting import course_counts
from cheber.compliance.models import EducatorStatus, Policy, Status
from cheber.compliance.rules import Rule
from cheber.delivery.models import Enrolment
from cheber.planner.optimizer.model import (
    COMPLIANT_PRIORITY,
    DUE_PRIORITY,
    MAX_OVERDUE_YEARS,
    NEVER_TRAINED_PRIORITY,
    Instance,
    Person,
    Settings,
    Slot,
)
from cheber.registry.models import AdminUnit, Employment
from cheber.schedule.models import DistrictQuota, Session

PARTICIPANT_TYPES = ("school", "preschool", "college", "university")
QUALIFICATION, RETRAINING = "qualification", "retraining"
State = Enrolment.State
NEEDING = (Status.OVERDUE, Status.NEVER_TRAINED, Status.NEEDS_RETRAINING, Status.DUE)


class Units:
    """Districts: the unit whose quota an educator uses (a Bishkek city district: the city) and
    coordinates (a unit without its own: its parent's)."""

    def __init__(self) -> None:
        rows = AdminUnit.objects.values_list("pk", "level", "parent_id", "latitude", "longitude")
        self.parent = {pk: parent for pk, _, parent, _, _ in rows}
        self.level = {pk: level for pk, level, _, _, _ in rows}
        self.coordinates = {
            pk: (float(lat), float(lon)) for pk, _, _, lat, lon in rows if lat is not None
        }

    def quota_unit(self, unit: int) -> int:
        if self.level.get(unit) == AdminUnit.Level.CITY_DISTRICT and self.parent.get(unit):
            return self.parent[unit]
        return unit

    def point(self, unit: int) -> tuple[float, float] | None:
        while unit is not None:
            if unit in self.coordinates:
                return self.coordinates[unit]
            unit = self.parent.get(unit)
        return None


def priority_of(status: str, due: dt.date | None, year: int) -> tuple[int, int]:
    """(class, days overdue at the start of the year): never trained first, then by whole
    years overdue, most first (the first year overdue is its own class, capped at 30), then
    those due, then those compliant only until a day of the year."""
    days = (dt.date(year, 1, 1) - due).days if due else 365 * MAX_OVERDUE_YEARS
    if status == Status.NEVER_TRAINED:
        return NEVER_TRAINED_PRIORITY, days
    if days > 0:
        return DUE_PRIORITY + min(MAX_OVERDUE_YEARS, 1 + days // 365), days
    if status == Status.COMPLIANT:
        return COMPLIANT_PRIORITY, days
    return DUE_PRIORITY, days


def demand(year: int):
    """The status rows of everyone to place in `year`: due, overdue, never trained, needing
    retraining, or compliant only until a date in the year; not already booked in the year."""
    booked = Q(
        educator__enrolments__session__plan__year=year,
        educator__enrolments__state__in=(State.ENROLLED, State.WAITLISTED, State.COMPLETED),
    )
    rows = (
        EducatorStatus.objects.current()
        .filter(organization_type__in=PARTICIPANT_TYPES)
        .filter(
            Q(status__in=NEEDING) | Q(status=Status.COMPLIANT, due_date__lte=dt.date(year, 12, 31))
        )
    )
    already = EducatorStatus.objects.filter(booked).values("educator_id")
    return rows.exclude(educator_id__in=already)


def load_persons(year: int, units: Units) -> tuple[list[Person], dict[int, dict]]:
    """The persons, and what the placements record beside them: per person (last training
    date, due date)."""
    persons, facts = [], {}
    columns = ("educator_id", "status", "due_date", "last_training_date", "organization_id",
               "unit_id", "specialization_id", "language")  # fmt: skip
    judged: dict[tuple, tuple[int, int]] = {}  # (status, due date) → (class, days overdue)
    for row in demand(year).order_by("educator_id").values_list(*columns).iterator(5000):
        pk, status, due, last, school, unit, spec, language = row
        found = judged.get((status, due))
        if found is None:
            found = judged[(status, due)] = priority_of(status, due, year)
        kind = RETRAINING if status == Status.NEEDS_RETRAINING else QUALIFICATION
        unit = units.quota_unit(unit)
        persons.append(Person(pk, unit, spec, language, kind, *found, school, status))
        facts[pk] = (last, due)
    return persons, facts


def need_met(policy: Policy | None, programme: Programme, form: str) -> str | None:
    """The kind of need a course of the programme in `form` meets: retraining for a retraining
    programme, else qualification if the training its completion records counts under the
    policy (compliance's own definition), else None."""
    return _need_met(Rule.of(policy) if policy else None, programme.kind, programme.hours, form)


def _need_met(rule: Rule | None, kind: str, hours: int, form: str) -> str | None:
    if kind == Programme.Kind.RETRAINING:
        return RETRAINING
    return QUALIFICATION if course_counts(rule, kind=kind, form=form, hours=hours) else None


def load_slots(year: int, today: dt.date, units: Units, only: int | None = None) -> list[Slot]:
    """The year's sessions (draft or approved plan-schedules) not begun, with the budget places
    the enrolments already made leave in each quota and open to all (the one places query).
    An online or blended session's budget places are its tutors' capacity, trainers × learners
    per tutor, which its online terms set (`schedule.places`). An online course that has begun
    is left out even while it takes learners (the forecast counts what is left of it): a
    placement in it could not become a nomination, which delivery refuses once a session has
    begun; its learners enrol themselves."""
    policy = Policy.objects.in_force(dt.date(year, 1, 1)) or Policy.objects.in_force(today)
    sessions = Session.objects.filter(plan__year=year, start_date__gt=today, budget_places__gt=0)
    if only is not None:
        sessions = sessions.filter(pk=only)
    rows = list(
        sessions.with_places(today=today).order_by("start_date", "pk").values_list(*SESSION_ROW)
    )
    targets = _targets({row[1] for row in rows})
    rule, needs, slots = Rule.of(policy) if policy else None, {}, []
    for row in rows:
        met = (row[2], row[3], row[6])  # the programme's kind and hours, the form
        if met not in needs:
            needs[met] = _need_met(rule, *met)
        if needs[met] is not None:
            slots.append(_slot(row, needs[met], targets.get(row[1]), units))
    return _with_quotas(slots, today)


# what a slot is made of, read as values (model instances of 1,600 sessions cost more)
SESSION_ROW = ("pk", "programme_id", "programme__kind", "programme__hours", "start_date",
               "end_date", "form", "language", "unit_id", "open_places")  # fmt: skip


def _with_quotas(slots: list[Slot], today: dt.date) -> list[Slot]:
    """The slots with what is left of each quota still reserved on `today`."""
    left = defaultdict(list)
    quotas = DistrictQuota.objects.filter(session__in=[s.id for s in slots]).reserved(today)
    rows = quotas.with_use().filter(left__gt=0).values_list("session_id", "unit_id", "left")
    for session, unit, n in rows:
        left[session].append((unit, n))
    return [replace(slot, quotas=tuple(sorted(left[slot.id]))) for slot in slots]


def _targets(programme_ids: set[int]) -> dict[int, frozenset[int]]:
    found = defaultdict(set)
    links = Programme.specializations.through.objects.filter(programme_id__in=programme_ids)
    for programme, spec in links.values_list("programme_id", "specialization_id"):
        found[programme].add(spec)
    return {pk: frozenset(specs) for pk, specs in found.items()}


def _slot(row: tuple, kind: str, specs, units: Units) -> Slot:
    pk, _, _, _, start, end, form, language, unit, open_places = row
    point = None if form == Form.ONLINE or not unit else units.point(unit)
    return Slot(
        id=pk, start=start.toordinal(), end=end.toordinal(), form=form, language=language,
        kind=kind, specializations=specs, lat=point[0] if point else None,
        lon=point[1] if point else None, open_places=open_places,
    )  # fmt: skip


def load_staff(schools: set[int]) -> dict[int, int]:
    rows = (
        Employment.objects.active()
        .filter(organization_id__in=schools)
        .values("organization_id")
        .annotate(n=Count("educator_id", distinct=True))
        .values_list("organization_id", "n")
    )
    return dict(rows)


def load_busy(year: int, school: int | None = None) -> dict[int, tuple[tuple[int, int], ...]]:
    """Each school's staff already away in the year: enrolled in sessions held in person."""
    enrolments = Enrolment.objects.filter(session__plan__year=year, state=State.ENROLLED)
    if school is not None:
        enrolments = enrolments.filter(organization_id=school)
    busy = defaultdict(list)
    rows = enrolments.exclude(session__form=Form.ONLINE).values_list(
        "organization_id", "session__start_date", "session__end_date"
    )
    for school, start, end in rows:
        busy[school].append((start.toordinal(), end.toordinal()))
    return {school: tuple(spans) for school, spans in busy.items()}


def priority_rule(year: int, today: dt.date) -> str:
    """The plan builder's rule of priority: the policy's in force on the year's first day."""
    policy = Policy.objects.in_force(dt.date(year, 1, 1)) or Policy.objects.in_force(today)
    return policy.planning_priority if policy else Policy.PlanningPriority.STRICT


def load_instance(year: int, settings: Settings, today: dt.date) -> tuple[Instance, dict]:
    """The year's instance and the facts of its persons (for the placements)."""
    settings = replace(settings, priority_rule=priority_rule(year, today))
    units = Units()
    persons, facts = load_persons(year, units)
    slots = load_slots(year, today, units)
    coordinates = {u: p for u in {p.unit for p in persons} if (p := units.point(u))}
    instance = Instance(
        persons=tuple(persons), slots=tuple(slots), coordinates=coordinates,
        staff=load_staff({p.school for p in persons}), busy=load_busy(year), settings=settings,
    )  # fmt: skip
    return instance, facts


def with_settings(instance: Instance, settings: Settings) -> Instance:
    return replace(instance, settings=settings)

"""Who can take part: every educator of a school, preschool, college or university, with the
workplace and district `workplace_of` and `quota_unit` give, their specializations, how
overdue they are, and the dates they are already booked for."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max

from cheber.delivery.demo.context import Context
from cheber.registry.models import AdminUnit, Educator, Employment, TrainingRecord

PARTICIPANT_TYPES = ("school", "preschool", "college", "university")
NEVER = dt.date(1990, 1, 1)


@dataclass
class Person:
    id: int
    organization_id: int
    unit_id: int  # the district whose quota their places count against
    specs: frozenset[int]
    last_trained: dt.date


@dataclass
class Pool:
    persons: dict[int, Person]
    by_unit: dict[int, list[int]]  # most overdue first
    # (provider id, year) → {educator id: [record ids]}: the history a completion may link to
    records: dict[tuple[int, int], dict[int, list[int]]]
    booked: dict[int, list[tuple[dt.date, dt.date]]] = field(default_factory=dict)
    taken_records: set[int] = field(default_factory=set)

    def is_free(self, person_id: int, start: dt.date, end: dt.date) -> bool:
        return all(end < s or start > e for s, e in self.booked.get(person_id, ()))

    def book(self, person_id: int, start: dt.date, end: dt.date) -> None:
        self.booked.setdefault(person_id, []).append((start, end))

    def record_of(self, provider_id: int, year: int, person_id: int) -> int | None:
        free = [
            pk
            for pk in self.records.get((provider_id, year), {}).get(person_id, ())
            if pk not in self.taken_records
        ]
        return free[0] if free else None


def load_pool(ctx: Context) -> Pool:
    persons = _persons(ctx)
    by_unit: dict[int, list[int]] = defaultdict(list)
    for person in sorted(persons.values(), key=lambda p: (p.last_trained, p.id)):
        by_unit[person.unit_id].append(person.id)
    return Pool(persons, dict(by_unit), _records(ctx))


def _persons(ctx: Context) -> dict[int, Person]:
    jobs = Employment.objects.active().order_by("educator_id", "start_date", "pk")
    rows = jobs.values_list("educator_id", "organization_id", "organization__unit_id",
                            "organization__type")  # fmt: skip
    first: dict[int, tuple[int, int, str]] = {}
    for educator, organization, unit, kind in rows.iterator(chunk_size=5000):
        first.setdefault(educator, (organization, unit, kind))
    specs: dict[int, set[int]] = defaultdict(set)
    links = Educator.specializations.through.objects.values_list("educator_id", "specialization_id")
    for educator, spec in links.iterator(chunk_size=5000):
        specs[educator].add(spec)
    last = dict(
        TrainingRecord.objects.values("educator_id")
        .annotate(last=Max("end_date"))
        .values_list("educator_id", "last")
    )
    return {
        educator: Person(
            educator,
            organization,
            _quota_unit(ctx, unit),
            frozenset(specs[educator]),
            last.get(educator) or NEVER,
        )  # fmt: skip
        for educator, (organization, unit, kind) in sorted(first.items())
        if kind in PARTICIPANT_TYPES
    }


def _quota_unit(ctx: Context, unit_id: int) -> int:
    """As `seats.quota_unit`: a Bishkek city district counts as the city."""
    unit = ctx.units[unit_id]
    if unit.level == AdminUnit.Level.CITY_DISTRICT and unit.parent_id:
        return unit.parent_id
    return unit_id


def _records(ctx: Context) -> dict[tuple[int, int], dict[int, list[int]]]:
    """Completed-in-Cheber records of the providers in the years the demo has sessions."""
    rows = TrainingRecord.objects.filter(
        source=TrainingRecord.Source.CHEBER,
        provider_id__in=ctx.providers.values(),
        end_date__gte=dt.date(ctx.today.year - 2, 1, 1),
        end_date__lt=ctx.today,
    ).order_by("pk")
    found: dict[tuple[int, int], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for pk, educator, provider, end in rows.values_list("pk", "educator_id", "provider_id",
                                                        "end_date"):  # fmt: skip
        found[(provider, end.year)][educator].append(pk)
    return found

"""Sessions to open where unmet demand concentrates: for each district × specialization ×
language (× kind of course) with enough people left without a seat, mobile courses from the
nearest provider that teaches it, with what they would cost against a stationary course.

The costs are estimates from a few stated prices (values in, values out), for comparing the
two ways, not a budget."""

import math
from collections import Counter
from dataclasses import dataclass

from cheber.planner.optimizer.model import Instance, Reason, Result, haversine

MIN_PEOPLE = 10
COURSE_PLACES = 20
TRAINERS = 2
NIGHTS = 12
FARE_PER_KM = 4  # som per kilometre, one way
LODGING = 1500  # som per night
LOCAL_KM = 30  # within it no one stays overnight


@dataclass(frozen=True)
class Provider:
    id: int
    lat: float
    lon: float
    teaches: frozenset[tuple]  # (specialization or None for every one, language, kind)


@dataclass(frozen=True)
class Suggestion:
    unit: int
    specialization: int | None
    language: str
    kind: str
    people: int
    courses: int
    provider: int | None
    km: float
    mobile_cost: int
    stationary_cost: int
    needs_programme: bool = False

    @property
    def serves(self) -> int:
        return min(self.people, self.courses * COURSE_PLACES)


def suggest(
    left: dict[tuple, int],
    coordinates: dict[int, tuple[float, float]],
    providers: list[Provider],
    place_price: int,
) -> list[Suggestion]:
    """`left`: (district, specialization, language, kind) → people without a seat."""
    found = []
    for (unit, spec, language, kind), people in left.items():
        if people < MIN_PEOPLE or unit not in coordinates:
            continue
        found.append(_suggestion(coordinates[unit], providers, place_price, unit, spec,
                                 language, kind, people))  # fmt: skip
    return sorted(found, key=lambda s: (-s.people, s.unit, str(s.specialization), s.language))


def unplaced(instance: Instance, result: Result) -> Counter:
    """What `suggest` takes, from a result: those left for want of a session or a seat."""
    persons = instance.persons_by_id
    return Counter(
        (p.unit, p.specialization, p.language, p.kind)
        for pid, reason in result.reasons.items()
        if reason != Reason.RELEASE_LIMIT and (p := persons[pid])
    )


def _suggestion(point, providers, price, unit, spec, language, kind, people) -> Suggestion:
    lat, lon = point
    able = [p for p in providers if {(spec, language, kind), (None, language, kind)} & p.teaches]
    # where none teaches it, the nearest provider at all, which needs a programme for it first
    nearest = min(able or providers, key=lambda p: haversine(lat, lon, p.lat, p.lon), default=None)
    km = round(haversine(lat, lon, nearest.lat, nearest.lon), 1) if nearest else 0.0
    courses = math.ceil(people / COURSE_PLACES)
    seated = min(people, courses * COURSE_PLACES)
    trainer_trip = 2 * km * FARE_PER_KM + NIGHTS * LODGING
    mobile = seated * price + courses * TRAINERS * trainer_trip
    stay = NIGHTS * LODGING if km > LOCAL_KM else 0
    stationary = seated * (price + 2 * km * FARE_PER_KM + stay)
    provider = nearest.id if nearest else None
    return Suggestion(
        unit, spec, language, kind, people, courses, provider, km, round(mobile),
        round(stationary), needs_programme=not able,
    )  # fmt: skip

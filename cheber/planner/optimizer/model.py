"""The plan builder's instance and result: plain values, no ORM.

A person is one educator to place (due, overdue, never trained or needing retraining); a slot
is one session's budget places still free, split into the district quotas and the places open
to every district. Dates are day ordinals (`date.toordinal()`), distances kilometres.
"""

import math
from collections import namedtuple
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from operator import attrgetter

import numpy as np

# The classes of priority, lowest first: compliant only until a day of the year, due, in the
# first … thirtieth year overdue, never trained.
COMPLIANT_PRIORITY = 0
DUE_PRIORITY = 1
MAX_OVERDUE_YEARS = 30
NEVER_TRAINED_PRIORITY = DUE_PRIORITY + MAX_OVERDUE_YEARS + 1  # 32

# The weighted rule: a person of class p is worth max(1, p) × PLACE_VALUE, minus the kilometres
# travelled (PLACE_VALUE exceeds any distance in the country, so a class comes before travel, but
# several people of a lower class may outweigh one of a higher class).
PLACE_VALUE = 10_000
STRICT, WEIGHTED = "strict", "weighted"
# The solver's costs are 64-bit and scaled by the number of nodes: the strict values stay below
COST_LIMIT = 1 << 62


class Reason:
    """Why a person was not placed."""

    NO_SPECIALIZATION = "no_specialization"  # no session of their specialization (and kind)
    NO_LANGUAGE = "no_language"  # sessions of it, none in their language
    NO_SEAT = "no_seat"  # every seat within reach held by someone ranked no lower
    RELEASE_LIMIT = "release_limit"  # a seat free or held by someone lower, the limit in the way


_FIELDS = ("id unit specialization language kind priority overdue_days school status "
           "place order")  # fmt: skip


class Person(namedtuple("Person", _FIELDS)):
    """One educator to place: id; unit, the district whose quotas they use and whence they
    travel; specialization (or None); language; kind, the kind of course they need
    ("qualification" or "retraining"); priority, the class (0 compliant this year, 1 due, 2 …
    31 overdue, 32 never trained); overdue_days, which orders people within one class; school;
    status. Made with the rest: place, who may take the same seats at the same distance
    (district, specialization, language, kind); order, who comes first under the strict rule
    (the higher class, then more days overdue).

    A tuple (its fields read by C): some 100,000 are made for a national plan, and `many`
    makes them without a Python call each."""

    __slots__ = ()

    def __new__(cls, id: int, unit: int, specialization: int | None, language: str, kind: str,
                priority: int, overdue_days: int, school: int, status: str):  # fmt: skip
        return tuple.__new__(cls, (
            id, unit, specialization, language, kind, priority, overdue_days, school, status,
            (unit, specialization, language, kind), (priority, overdue_days),
        ))  # fmt: skip

    @classmethod
    def many(cls, ids, units, specializations, languages, kinds, priorities, overdue_days,
             schools, statuses) -> list["Person"]:  # fmt: skip
        """People from one sequence per field (in the order of `__new__`'s)."""
        units, specializations, languages, kinds = (
            list(units), list(specializations), list(languages), list(kinds)
        )  # fmt: skip
        priorities, overdue_days = list(priorities), list(overdue_days)
        places = zip(units, specializations, languages, kinds, strict=True)
        orders = zip(priorities, overdue_days, strict=True)
        fields = zip(ids, units, specializations, languages, kinds, priorities, overdue_days,
                     schools, statuses, places, orders, strict=True)  # fmt: skip
        return list(map(tuple.__new__, repeat(cls), fields))

    @property
    def group(self) -> tuple:
        return (self.unit, self.specialization, self.language, self.kind, self.priority)


@dataclass(frozen=True)
class Slot:
    id: int  # the session id
    start: int
    end: int
    form: str
    language: str
    kind: str
    specializations: frozenset[int] | None  # None: every specialization
    lat: float | None  # None: online, no travel
    lon: float | None
    open_places: int
    quotas: tuple[tuple[int, int], ...] = ()  # (district, places)

    @property
    def online(self) -> bool:
        return self.lat is None

    @cached_property
    def away(self) -> bool:
        """Whether its participants are away from their school (online courses are
        asynchronous: taken beside work)."""
        return not self.online

    @property
    def places(self) -> int:
        return self.open_places + sum(places for _, places in self.quotas)

    def serves(self, person: Person) -> bool:
        if self.kind != person.kind or self.language != person.language:
            return False
        if self.specializations is None:
            return True
        return person.specialization in self.specializations


@dataclass(frozen=True)
class Settings:
    release_share: float = 0.2  # of a school's staff away at once
    max_km: float = 300.0  # farthest a person is sent to a session that is not online
    repair_rounds: int = 3
    priority_rule: str = STRICT  # or WEIGHTED: the compliance policy's choice


@dataclass(frozen=True)
class Instance:
    persons: tuple[Person, ...]
    slots: tuple[Slot, ...]
    coordinates: dict[int, tuple[float, float]]  # district → (lat, lon)
    staff: dict[int, int]  # school → educators employed
    busy: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # school → away
    settings: Settings = Settings()

    @cached_property
    def persons_by_id(self) -> dict[int, Person]:
        return dict(zip(self.ids, self.persons, strict=True))

    @cached_property
    def ids(self) -> list[int]:
        """The people's ids, in their order (read by C: the dicts of everyone are made from
        the people's fields without a Python loop)."""
        return list(map(attrgetter("id"), self.persons))

    @cached_property
    def by_place(self) -> dict[tuple, list[Person]]:
        """Place key → its people, in the order of `persons` (the loops over everyone go key by
        key: what a key's sessions allow is the same for all its people)."""
        found: dict[tuple, list[Person]] = {}
        for person in self.persons:
            found.setdefault(person.place, []).append(person)
        return found

    @cached_property
    def by_school(self) -> dict[int, list[Person]]:
        """School → its people, in the order of `persons` (the checks and the search look at
        the people of the few schools whose calendars a change touched)."""
        found: dict[int, list[Person]] = {}
        for person in self.persons:
            found.setdefault(person.school, []).append(person)
        return found

    @cached_property
    def position(self) -> dict[int, int]:
        """Person id → their index in `persons`."""
        return dict(zip(self.ids, range(len(self.persons)), strict=True))

    @cached_property
    def dense_ranks(self) -> dict[int, int]:
        """Person id → an integer that orders people as the policy's rule does (higher first)."""
        orders = self.ranks
        rank = {order: n for n, order in enumerate(sorted(set(orders.values())))}
        return dict(zip(orders.keys(), map(rank.__getitem__, orders.values()), strict=True))

    @cached_property
    def values(self) -> dict[int, int]:
        """Person id → the value of placing them (before travel is taken off)."""
        if self.settings.priority_rule == WEIGHTED:
            return {p.id: max(1, p.priority) * PLACE_VALUE for p in self.persons}
        return strict_values(self)

    @cached_property
    def ranks(self) -> dict[int, tuple]:
        """Person id → what a swap compares: under the strict rule the order (class, then days
        overdue), under the weighted one the value alone."""
        if self.settings.priority_rule == WEIGHTED:
            return {p.id: (self.values[p.id],) for p in self.persons}
        return dict(zip(self.ids, map(attrgetter("order"), self.persons), strict=True))

    def release_limit(self, school: int) -> int:
        return max(1, math.floor(self.staff.get(school, 1) * self.settings.release_share))

    def km(self, unit: int, slot: Slot) -> float:
        """Kilometres rounded to 0.1, as the candidates and the checks both count them."""
        if slot.online:
            return 0.0
        here = self.coordinates.get(unit)
        if here is None:
            return 0.0
        found = self._km.get((unit, slot.lat, slot.lon))
        if found is None:
            found = float(distances(here, np.array([slot.lat]), np.array([slot.lon]))[0])
            self._km[(unit, slot.lat, slot.lon)] = found
        return found

    @cached_property
    def _km(self) -> dict:
        return {}

    def in_reach(self, unit: int, slot: Slot) -> bool:
        return slot.online or self.km(unit, slot) <= self.settings.max_km


@dataclass
class Result:
    """person id → (slot id, pool: the district of the quota used, or None for an open place)."""

    method: str
    placed: dict[int, tuple[int, int | None]]
    reasons: dict[int, str]  # person id → Reason, for everyone not placed
    km: dict[int, float]  # person id → travel
    nearest_km: dict[int, float]  # person id → the nearest session that serves them in reach
    seconds: float = 0.0
    value: int = 0
    bound: int | None = None  # the value of the relaxation without the release limit
    # class → the most people of that class or above a plan could place
    class_bounds: dict[int, int] = field(default_factory=dict)
    # whose travel, nearest session and reason were counted (None: everyone's); the others'
    # are those of the plan the result was solved from (`common.finish_since`)
    recounted: set[int] | None = None

    @property
    def gap(self) -> float | None:
        if self.bound is None or self.bound <= 0:
            return None if self.bound is None else 0.0
        return max(0.0, (self.bound - self.value) / self.bound)


def seats_changed(before: dict, after: dict) -> list[int]:
    """The people whose seat differs between two plans' placements (placed in one only, or
    elsewhere), sorted: the pairs in one of them only, found by the sets' own difference."""
    return sorted({pid for pid, _ in before.items() ^ after.items()})


def strict_values(instance: "Instance") -> dict[int, int]:
    """Values under which the most valuable plan places, for every class and day from the top,
    as many people as any plan can: people who can be placed together form a matroid (a
    gammoid of the network), whose heaviest independent sets are those of greedy in the order
    of weights, whatever the weights. So each distinct order (class, days overdue) has its rank
    as weight, times a step larger than any plan's travel: the weights come first, travel last.
    Where ranks by day would overflow the solver's 64-bit costs (scaled by its nodes), by class."""
    n = len(instance.persons)
    seats = sum(slot.places for slot in instance.slots)
    step = min(n, seats) * (int(instance.settings.max_km) + 2) + 1
    nodes = 4 * (n + len(instance.slots) + sum(len(s.quotas) for s in instance.slots)) + 16
    for order in (lambda p: p.order, lambda p: p.priority):
        keys = sorted({order(p) for p in instance.persons})
        ranks = {key: rank for rank, key in enumerate(keys, 1)}
        if (len(ranks) + 1) * step * nodes < COST_LIMIT:
            return {p.id: ranks[order(p)] * step for p in instance.persons}
    raise OverflowError("Too many people for the solver's integer costs.")


def distances(point: tuple[float, float], lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Kilometres from a point to each (lat, lon), rounded to 0.1: the one rounding of
    distances, used by the candidates, the value and the checks."""
    here_lat, here_lon = np.radians(point[0]), np.radians(point[1])
    lat, lon = np.radians(lat), np.radians(lon)
    a = (
        np.sin((lat - here_lat) / 2) ** 2
        + np.cos(here_lat) * np.cos(lat) * np.sin((lon - here_lon) / 2) ** 2
    )
    return np.round(2 * 6371.0 * np.arcsin(np.sqrt(a)), 1)


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rad = math.radians
    dlat, dlon = rad(lat2 - lat1), rad(lon2 - lon1)
    across = math.cos(rad(lat1)) * math.cos(rad(lat2)) * math.sin(dlon / 2) ** 2
    a = math.sin(dlat / 2) ** 2 + across
    return 2 * 6371.0 * math.asin(math.sqrt(a))

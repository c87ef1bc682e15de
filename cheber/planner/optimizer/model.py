"""The plan builder's instance and result: plain values, no ORM.

A person is one educator to place (due, overdue, never trained or needing retraining); a slot
is one session's budget places still free, split into the district quotas and the places open
to every district. Dates are day ordinals (`date.toordinal()`), distances kilometres.
"""

import math
from dataclasses import dataclass, field
from functools import cached_property

# Value of placing a person of priority p: (1 + p) * PLACE_VALUE, minus the kilometres travelled.
# PLACE_VALUE exceeds any distance in the country, so priority always comes before travel.
PLACE_VALUE = 10_000
NEVER_TRAINED_PRIORITY = 31  # above 30 years overdue
MAX_OVERDUE_PRIORITY = 30


class Reason:
    """Why a person was not placed."""

    NO_SPECIALIZATION = "no_specialization"  # no session of their specialization (and kind)
    NO_LANGUAGE = "no_language"  # sessions of it, none in their language
    NO_SEAT = "no_seat"  # no free seat within reach
    RELEASE_LIMIT = "release_limit"  # a seat was there, the school's release limit was not


@dataclass(frozen=True)
class Person:
    id: int
    unit: int  # the district whose quotas they use and whence they travel
    specialization: int | None
    language: str
    kind: str  # the kind of course they need: "qualification" or "retraining"
    priority: int  # 0 (due) … 30 (30 years overdue), 31 never trained
    overdue_days: int  # orders people within one priority
    school: int
    status: str

    @property
    def group(self) -> tuple:
        return (self.unit, self.specialization, self.language, self.kind, self.priority)

    @cached_property
    def place(self) -> tuple:
        """Who may take the same seats at the same distance: the group without priority."""
        return (self.unit, self.specialization, self.language, self.kind)

    @property
    def value(self) -> int:
        return (1 + self.priority) * PLACE_VALUE


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
        return {person.id: person for person in self.persons}

    def release_limit(self, school: int) -> int:
        return max(1, math.floor(self.staff.get(school, 1) * self.settings.release_share))

    def km(self, unit: int, slot: Slot) -> float:
        if slot.online:
            return 0.0
        here = self.coordinates.get(unit)
        if here is None:
            return 0.0
        return haversine(here[0], here[1], slot.lat, slot.lon)

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

    @property
    def gap(self) -> float | None:
        if self.bound is None or self.bound <= 0:
            return None if self.bound is None else 0.0
        return max(0.0, (self.bound - self.value) / self.bound)


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rad = math.radians
    dlat, dlon = rad(lat2 - lat1), rad(lon2 - lon1)
    across = math.cos(rad(lat1)) * math.cos(rad(lat2)) * math.sin(dlon / 2) ** 2
    a = math.sin(dlat / 2) ** 2 + across
    return 2 * 6371.0 * math.asin(math.sqrt(a))

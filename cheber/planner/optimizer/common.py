"""What the optimizer and the greedy baseline share: who each slot can serve and how far, the
seats left in quotas and open places, each school's calendar of absences, and the reasons."""

import gc
from collections import defaultdict
from contextlib import contextmanager

import numpy as np

from cheber.planner.optimizer.model import (
    Instance,
    Person,
    Reason,
    Result,
    Slot,
    distances,
    seats_changed,
)
from cheber.planner.optimizer.seating import Holders, dense_ranks

PlaceKey = tuple[int, int | None, str, str]  # district, specialization, language, kind


def place_key(person: Person) -> PlaceKey:
    return person.place


@contextmanager
def gc_paused():
    """The cyclic garbage collector off while a plan is read and solved: it makes and keeps
    some million small objects (people, tuples, dicts) and no cycles worth collecting, and the
    collector's passes over the growing heap cost a third of a national what-if. Back on (if
    it was) at the end, however it ends."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class Candidates:
    """For each place key: the slots that serve it within reach, nearest first, as numpy
    arrays of slot indexes and kilometres (and as (km, index) pairs for the loops)."""

    def __init__(self, instance: Instance, keys) -> None:
        self.instance = instance
        slots = instance.slots
        by_kind: dict[tuple, list[int]] = defaultdict(list)
        for index, slot in enumerate(slots):
            specs = (None,) if slot.specializations is None else tuple(slot.specializations)
            for spec in specs:
                by_kind[(slot.language, slot.kind, spec)].append(index)
        self.by_kind = {key: np.array(found, dtype=np.int64) for key, found in by_kind.items()}
        # slots alike but for their dates and places: one offer in the network
        offers: dict[tuple, int] = {}
        self.offer_of = np.array([
            offers.setdefault((s.lat, s.lon, s.language, s.kind, s.specializations), len(offers))
            for s in slots
        ], dtype=np.int64)  # fmt: skip
        online = np.array([slot.online for slot in slots], dtype=bool)
        lat = np.array([slot.lat or 0.0 for slot in slots], dtype=float)
        lon = np.array([slot.lon or 0.0 for slot in slots], dtype=float)
        units = sorted({key[0] for key in keys})
        row_of = {unit: n for n, unit in enumerate(units)}
        rows = np.array([_distances(instance.coordinates.get(unit), lat, lon, online)
                         for unit in units]).reshape(len(units), len(slots))  # fmt: skip
        self.arrays: dict[PlaceKey, tuple[np.ndarray, np.ndarray]] = {}
        groups: dict[tuple, list[PlaceKey]] = defaultdict(list)  # (spec, language, kind) → keys
        for key in keys:
            groups[key[1:]].append(key)
        for (spec, language, kind), alike in groups.items():
            found = self._serving(spec, language, kind)
            self._reached(alike, found, rows[[row_of[key[0]] for key in alike]][:, found], online)
        self._lists: dict[PlaceKey, list[tuple[float, int]]] = {}
        self._km: dict[PlaceKey, dict[int, float]] = {}
        self._sorters: dict[PlaceKey, np.ndarray] = {}
        self._reasons: dict[PlaceKey, str] = {}
        self._reach: tuple[list, np.ndarray, np.ndarray] | None = None  # (`keys_reaching`)

    def _reached(self, keys: list, found: np.ndarray, km: np.ndarray, online) -> None:
        """The arrays of `keys`, alike but for their districts: the slots `found` (ascending)
        within reach of each, nearest first (and the lower index first at one distance), with
        `km` the kilometres from each key's district (a row) to each of them."""
        km = np.round(km, 1)
        keep = online[found] | (km <= self.instance.settings.max_km)
        order = np.argsort(np.where(keep, km, np.inf), axis=1, kind="stable")
        for key, row, ranked, kept in zip(keys, km, order, keep.sum(axis=1).tolist(),
                                          strict=True):  # fmt: skip
            nearest = ranked[:kept]
            self.arrays[key] = (found[nearest], row[nearest])

    def _serving(self, spec, language: str, kind: str) -> np.ndarray:
        """The slots of the language and kind open to every specialization or to `spec`."""
        found = self.by_kind.get((language, kind, None), np.zeros(0, dtype=np.int64))
        if spec is not None and (language, kind, spec) in self.by_kind:
            found = np.union1d(found, self.by_kind[(language, kind, spec)])
        return found

    def rebound(self, instance: Instance) -> "Candidates":
        """The same candidates for an instance whose slots differ only in their places (for
        the same instance, themselves: what they keep is the instance's)."""
        if instance is self.instance:
            return self
        copy = object.__new__(Candidates)
        copy.__dict__.update(self.__dict__)
        copy.instance = instance
        copy._lists, copy._km, copy._reasons = {}, {}, {}  # (the sorters stay: same slots)
        return copy

    def keys_reaching(self, sessions: np.ndarray) -> set[PlaceKey]:
        """The place keys served within reach by any of the `sessions` (a mask of slots), in
        one vector test over every (key, slot) pair."""
        if self._reach is None:
            keys = list(self.arrays)
            found = [self.arrays[key][0] for key in keys]
            owner = np.repeat(np.arange(len(keys)), [len(f) for f in found])
            self._reach = (keys, np.concatenate(found) if found else owner, owner)
        keys, slots, owner = self._reach
        return {keys[n] for n in np.unique(owner[sessions[slots]]).tolist()}

    def of(self, person: Person) -> list[tuple[float, int]]:
        key = place_key(person)
        if key not in self._lists:
            found, km = self.arrays[key]
            self._lists[key] = list(zip(km.tolist(), found.tolist(), strict=True))
        return self._lists[key]

    def km_table(self, key: PlaceKey) -> dict[int, float]:
        """Slot index → kilometres, for the slots that serve the key within reach."""
        table = self._km.get(key)
        if table is None:
            found, km = self.arrays[key]
            table = self._km[key] = dict(zip(found.tolist(), km.tolist(), strict=True))
        return table

    def km_at(self, key: PlaceKey, indexes: list[int]) -> list[float | None]:
        """The kilometres from the key to each of the slots `indexes` (None: one it does not
        list), in one vector search."""
        found, km = self.arrays[key]
        if not len(found):
            return [None] * len(indexes)
        sorter = self._sorters.get(key)
        if sorter is None:
            sorter = self._sorters[key] = np.argsort(found, kind="stable")
        wanted = np.asarray(indexes, dtype=np.int64)
        spot = sorter[np.minimum(np.searchsorted(found, wanted, sorter=sorter), len(found) - 1)]
        hit = found[spot] == wanted
        return [k if ok else None for k, ok in zip(km[spot].tolist(), hit.tolist(), strict=True)]

    def km_to(self, person: Person, index: int) -> float:
        km = self.km_table(person.place).get(index)
        if km is None:
            return round(self.instance.km(person.unit, self.instance.slots[index]), 1)
        return km

    def nearest(self, person: Person) -> float | None:
        km = self.arrays[place_key(person)][1]
        return float(km[0]) if len(km) else None

    def reason(self, person: Person) -> str:
        key = place_key(person)
        if key not in self._reasons:
            self._reasons[key] = self._reason(person)
        return self._reasons[key]

    def _reason(self, person: Person) -> str:
        if len(self.arrays[place_key(person)][0]):
            return Reason.NO_SEAT
        kind, spec = person.kind, person.specialization
        languages = {lang for (lang, k, s) in self.by_kind if k == kind and s in (None, spec)}
        if not languages:
            return Reason.NO_SPECIALIZATION
        if person.language not in languages:
            return Reason.NO_LANGUAGE
        return Reason.NO_SEAT


def _distances(point, lat, lon, online) -> np.ndarray:
    """Kilometres from a district to every slot (0 to online ones, and from nowhere known)."""
    if point is None:
        return np.zeros(len(lat))
    km = distances(point, lat, lon)
    km[online] = 0.0
    return km


class Seats:
    """Budget places left: per (slot, district) quota and per slot open to all."""

    def __init__(self, slots: tuple[Slot, ...]) -> None:
        self.open = [slot.open_places for slot in slots]
        self.quota = {(i, unit): n for i, slot in enumerate(slots) for unit, n in slot.quotas}

    def pool_for(self, index: int, unit: int) -> tuple[bool, int | None]:
        """(whether a place is free, the district of the quota it comes from or None)."""
        if self.quota.get((index, unit), 0) > 0:
            return True, unit
        return self.open[index] > 0, None

    def room_arrays(self) -> tuple[np.ndarray, dict[int, np.ndarray]]:
        """(open places per slot, per district its quota places per slot), as arrays."""
        quotas: dict[int, np.ndarray] = {}
        for (index, unit), left in self.quota.items():
            if left > 0:
                quotas.setdefault(unit, np.zeros(len(self.open), dtype=np.int64))[index] = left
        return np.asarray(self.open), quotas

    def take(self, index: int, pool: int | None) -> None:
        if pool is None:
            self.open[index] -= 1
        else:
            self.quota[(index, pool)] -= 1

    def give(self, index: int, pool: int | None) -> None:
        if pool is None:
            self.open[index] += 1
        else:
            self.quota[(index, pool)] += 1


class Calendar:
    """Each school's absences; an addition fits while, on every day, no more than the
    school's release limit are away."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.away: dict[int, list[tuple[int, int]]] = {
            school: list(spans) for school, spans in instance.busy.items()
        }
        self.limits: dict[int, int] = {}

    def fits(self, school: int, slot: Slot) -> bool:
        if not slot.away:
            return True
        away = self.away.get(school)
        if not away:
            return True
        limit = self.limits.get(school)
        if limit is None:
            limit = self.limits[school] = self.instance.release_limit(school)
        if len(away) < limit:
            return True
        spans = [(s, e) for s, e in away if s <= slot.end and e >= slot.start]
        if len(spans) < limit:
            return True
        return peak(spans, slot.start, slot.end) < limit

    def add(self, school: int, slot: Slot) -> None:
        if slot.away:
            self.away.setdefault(school, []).append((slot.start, slot.end))

    def add_all(self, placements) -> None:
        """`add` for each (school, slot) of `placements`."""
        away = self.away
        for school, slot in placements:
            if slot.away:
                away.setdefault(school, []).append((slot.start, slot.end))

    def remove(self, school: int, slot: Slot) -> None:
        if slot.away:
            self.away[school].remove((slot.start, slot.end))

    def fits_without(self, school: int, slot: Slot, gone: Slot | None) -> bool:
        """Whether the school could spare one more for `slot` once someone away in `gone`
        (a colleague's session) is back."""
        if gone is None or not gone.away:
            return self.fits(school, slot)
        self.remove(school, gone)
        try:
            return self.fits(school, slot)
        finally:
            self.add(school, gone)


def peak(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """The most spans that cover one day between start and end."""
    events = []
    for s, e in spans:
        events.append((max(s, start), 1))
        events.append((min(e, end) + 1, -1))
    events.sort()
    most = current = 0
    for _, change in events:
        current += change
        most = max(most, current)
    return most


def finish(
    instance: Instance,
    candidates: Candidates,
    placed: dict[int, tuple[int, int | None]],
    seats: Seats,
    method: str,
    holders: Holders | None = None,
    valued: bool = True,
) -> Result:
    """The result with travel, nearest seats, value and the reasons of those left out, place
    key by place key. `holders`: the seating of `placed` as the local search left it.
    `valued`: whether to count the value (a result with no bound to compare it with, a
    what-if's from the plan, has no use for it: every person's value costs a sort of them)."""
    index_of = {slot.id: i for i, slot in enumerate(instance.slots)}
    km, nearest, value = {}, {}, 0
    values = instance.values if valued else None
    for key, people in instance.by_place.items():
        far = candidates.arrays[key][1]
        if len(far):
            nearest.update(dict.fromkeys([p.id for p in people], float(far[0])))
        mine = [p.id for p in people if p.id in placed]
        if not mine:
            continue
        at = [index_of[placed[pid][0]] for pid in mine]
        for pid, index, away in zip(mine, at, candidates.km_at(key, at), strict=True):
            if away is None:  # a session the candidates do not list (placed by hand)
                away = round(instance.km(key[0], instance.slots[index]), 1)
            km[pid] = away
            if values is not None:
                value += values[pid] - round(away)
    reasons = reasons_of(instance, candidates, placed, seats, holders)
    return Result(method, placed, reasons, km, nearest, value=value)


def finish_since(instance: Instance, candidates: Candidates, placed: dict, seats: Seats,
                 holders: Holders, kept: Result, touched: np.ndarray) -> Result:  # fmt: skip
    """`finish` for a plan changed from `kept` (the whole result of a plan on an instance that
    differs from this one only in places, and in sessions this one adds after its own) only in
    the sessions `touched` (by index, the added among them): the travel of those whose seat
    changed, the reasons and nearest sessions of the place keys whose sessions were touched
    or whose people's seats changed; the rest as `kept` has them, which is what `finish`
    would count again."""
    persons = instance.persons_by_id
    index_of = {slot.id: i for i, slot in enumerate(instance.slots)}
    changed = seats_changed(kept.placed, placed)
    km, reasons = dict(kept.km), dict(kept.reasons)
    for pid in changed:
        if pid in placed:
            km[pid] = candidates.km_to(persons[pid], index_of[placed[pid][0]])
            reasons.pop(pid, None)
        else:
            km.pop(pid, None)
    keys = {persons[pid].place for pid in changed} | candidates.keys_reaching(touched)
    reasons.update(reasons_of(instance, candidates, placed, seats, holders, keys))
    nearest = dict(kept.nearest_km)
    for key in keys:  # (an added session may be nearer)
        far = candidates.arrays[key][1]
        if len(far):
            nearest.update(dict.fromkeys([p.id for p in instance.by_place[key]], float(far[0])))
    result = Result("optimizer", placed, reasons, km, nearest)
    result.recounted = {p.id for key in keys for p in instance.by_place[key]} | set(changed)
    return result


def reasons_of(instance: Instance, candidates: Candidates, placed: dict, seats: Seats,
               holders: Holders | None = None, keys=None) -> dict:  # fmt: skip
    """Why each person left out is: no session of theirs, none in their language, or within
    reach every place of theirs held by someone of equal or higher priority (no seat); else a
    place is free or held by someone lower, and only their school's release limit keeps them
    from it (the local search left no swap that could take it)."""
    rank = dense_ranks(instance)
    if holders is None:
        holders = Holders(instance, seats, placed, rank)
    reasons = {}
    by_place = instance.by_place
    for key in by_place if keys is None else keys:
        people = by_place[key]
        left = [p for p in people if p.id not in placed]
        if not left:
            continue
        found = candidates.arrays[key][0]
        if not len(found):
            reasons.update(dict.fromkeys([p.id for p in left], candidates.reason(left[0])))
            continue
        free, low = holders.weakest(key[0], found)
        for person in left:
            better = free or low < rank[person.id]
            reasons[person.id] = Reason.RELEASE_LIMIT if better else Reason.NO_SEAT
    return reasons

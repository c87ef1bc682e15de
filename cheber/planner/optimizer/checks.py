"""Every constraint, checked on a result: what the tests and the benchmark count as violations."""

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from cheber.planner.optimizer.model import Instance, Result, distances, seats_changed


@dataclass(frozen=True)
class Region:
    """What a plan changed from another on an instance that differs from the other's only in
    the places of some sessions: the people whose seat differs, the sessions (by id) whose places
    or holders differ, the schools of those people. Every constraint and every swap outside it
    is as it was: each belongs to one person, one session's places or one school's calendar, and
    a person's swaps depend only on the seats of their sessions and their school's calendar."""

    persons: frozenset[int]
    sessions: frozenset[int]
    schools: frozenset[int]


def region_of(before: Instance, plan: Result, after: Instance, result: Result) -> Region | None:
    """The region of `result` on `after` against `plan` on `before`; None when the instances
    differ in more than places (their people, sessions, dates, reach, staff or absences)."""
    sessions = places_changed(before, after)
    if sessions is None:
        return None
    persons = frozenset(seats_changed(plan.placed, result.placed))
    for seats in (plan.placed, result.placed):
        sessions |= {seats[pid][0] for pid in persons if pid in seats}
    by_id = after.persons_by_id
    return Region(persons, frozenset(sessions), frozenset(by_id[pid].school for pid in persons))


def places_changed(before: Instance, after: Instance) -> set[int] | None:
    """The sessions (by id) whose places differ between two instances alike in everything
    else (their people, sessions in order, dates, reach, staff, absences), and those `after`
    adds after `before`'s (the courses a what-if proposes); None if not alike."""
    shared = after.slots[: len(before.slots)]
    if len(shared) != len(before.slots):
        return None
    if any(_unplaced(a) != _unplaced(b) for a, b in zip(before.slots, shared, strict=True)):
        return None
    if not (before.persons is after.persons or before.persons == after.persons) or (
        (before.coordinates, before.staff, before.busy, before.settings)
        != (after.coordinates, after.staff, after.busy, after.settings)
    ):
        return None
    added = {slot.id for slot in after.slots[len(before.slots) :]}
    return {a.id for a, b in zip(before.slots, shared, strict=True) if a != b} | added


def _unplaced(slot) -> tuple:
    return (slot.id, slot.start, slot.end, slot.form, slot.language, slot.kind,
            slot.specializations, slot.lat, slot.lon)  # fmt: skip


def counts_within(instance: Instance, result: Result, region: Region) -> tuple[int, int]:
    """(violations, improving swaps) of `result` within `region`: all of them, when the plan
    the region is taken against has none of either."""
    return (
        len(violations(instance, result, region)),
        improving_swaps(instance, result, region),
    )


def violations(instance: Instance, result: Result, region: Region | None = None) -> list[str]:
    """One line per broken constraint; empty when the plan holds. With a `region`, only its
    people's seats, its sessions' places and its schools' calendars."""
    persons = instance.persons_by_id
    slots = {s.id: s for s in instance.slots}
    found: list[str] = []
    by_slot: dict[int, Counter] = defaultdict(Counter)
    away: dict[int, list[tuple[int, int]]] = defaultdict(list)
    fits: dict[tuple, tuple[bool, bool]] = {}  # (place key, session) → (serves, in reach)
    for person_id, (slot_id, pool) in _seats(instance, result, region):
        person, slot = persons.get(person_id), slots.get(slot_id)
        if person is None or slot is None:
            found.append(f"unknown person {person_id} or session {slot_id}")
            continue
        if region is None or person_id in region.persons:
            pair = (person.place, slot_id)
            if pair not in fits:
                fits[pair] = (slot.serves(person), instance.in_reach(person.unit, slot))
            serves, near = fits[pair]
            if not serves:
                found.append(f"session {slot_id} does not serve person {person_id}")
            if not near:
                found.append(f"session {slot_id} is beyond reach of person {person_id}")
            if pool is not None and pool != person.unit:
                found.append(f"person {person_id} holds another district's quota")
        if region is None or slot_id in region.sessions:
            by_slot[slot_id][pool] += 1
        if slot.away and (region is None or person.school in region.schools):
            away[person.school].append((slot.start, slot.end))
    for slot_id, pools in by_slot.items():
        found += _seat_violations(slots[slot_id], pools)
    for school, planned in away.items():
        # on the days someone planned is away (the school may be over its limit already
        # on other days, with enrolments made before the plan)
        spans = planned + list(instance.busy.get(school, ()))
        limit = instance.release_limit(school)
        if len(spans) <= limit:
            continue
        if _over(planned, spans, limit):
            found.append(f"school {school} has more than {limit} away")
    return found


def _seats(instance: Instance, result: Result, region: Region | None):
    """The seats to check: every one, or those of the region's people, sessions and schools."""
    placed = result.placed
    if region is None:
        return placed.items()
    sessions, schools = region.sessions, region.schools
    found = {pid for pid, (sid, _) in placed.items() if sid in sessions}
    found |= {pid for pid in region.persons if pid in placed}
    found |= {p.id for p in _of_schools(instance, schools) if p.id in placed}
    return [(pid, placed[pid]) for pid in sorted(found)]


def _of_schools(instance: Instance, schools) -> list:
    """The people of `schools`, in the order of the instance's."""
    by_school = instance.by_school
    found = [p for school in schools for p in by_school.get(school, ())]
    position = instance.position
    return sorted(found, key=lambda p: position[p.id]) if len(schools) > 1 else found


def _over(planned: list[tuple[int, int]], spans: list[tuple[int, int]], limit: int) -> bool:
    """Whether, on a day someone planned is away, more than `limit` are. On such a day, the
    latest start of the spans that cover it is such a day too (those spans, the planned one
    among them, all cover it): counting on the days spans begin is enough, in one array test."""
    starts, ends = np.array(spans, dtype=np.int64).T
    first, last = np.array(planned, dtype=np.int64).T
    day = starts[:, None]
    away = ((starts <= day) & (ends >= day)).sum(axis=1)
    planned_away = ((first <= day) & (last >= day)).any(axis=1)
    return bool((planned_away & (away > limit)).any())


def _seat_violations(slot, pools: Counter) -> list[str]:
    found = []
    quotas = dict(slot.quotas)
    for unit, count in pools.items():
        if unit is not None and count > quotas.get(unit, 0):
            found.append(f"session {slot.id}: quota of district {unit} exceeded")
    if pools.get(None, 0) > slot.open_places:
        found.append(f"session {slot.id}: open places exceeded")
    if sum(pools.values()) > slot.places:
        found.append(f"session {slot.id}: over capacity")
    return found


def improving_swaps(instance: Instance, result: Result, region: Region | None = None) -> int:
    """How many people left out could take a seat within reach, free or held by someone ranked
    lower under the policy's rule, with no limit broken: into a free place (their school
    sparing them), into a free place once one colleague ranked lower, away on those dates, is
    taken out, or into the seat of a holder ranked lower (of their school or not). Counted
    apart from the optimizer's own search: its own eligibility, seat counts and calendar.
    With a `region`, only the people a session of the region serves within reach and the
    people of its schools."""
    serving = _Serving(instance)
    if region is None:
        groups, within, schools = list(instance.by_place.values()), None, None
    else:
        groups, within, schools = _in_region(instance, serving, region)
    world = _World(instance, result, serving, within, schools)
    count = 0
    for people in groups:
        left = [p for p in people if p.id not in result.placed]
        if left:
            count += sum(1 for person in world.those_better(left) if world.better(person))
    return count


def _in_region(instance: Instance, serving: "_Serving", region: Region):
    """The people to count, by place key; the sessions any of them may take; their schools."""
    index_of = {s.id: i for i, s in enumerate(instance.slots)}
    reached = serving.keys_reaching([index_of[sid] for sid in region.sessions if sid in index_of])
    groups = [people for key, people in instance.by_place.items() if key in reached]
    theirs: dict[tuple, list] = {}
    for person in _of_schools(instance, region.schools):
        if person.place not in reached:
            theirs.setdefault(person.place, []).append(person)
    groups += theirs.values()
    within = np.zeros(len(instance.slots), dtype=bool)
    for people in groups:
        within[serving.of(people[0])] = True
    return groups, within, {p.school for people in groups for p in people}


class _World:
    """The seats and calendars a swap is judged by: for every session (or those `within`) its
    holders and places left, and the placed people away of every school (or of `schools`)."""

    def __init__(self, instance: Instance, result: Result, serving: "_Serving",
                 within: np.ndarray | None = None, schools: set | None = None) -> None:  # fmt: skip
        self.instance, self.placed = instance, result.placed
        slots = instance.slots
        self.index_of = {s.id: i for i, s in enumerate(slots)}
        self.rank = instance.dense_ranks
        self.holders: dict[tuple, list[int]] = defaultdict(list)
        self.away: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        persons = instance.persons_by_id
        for pid, (sid, pool) in result.placed.items():
            index = self.index_of[sid]
            if within is None or within[index]:
                self.holders[(index, pool)].append(pid)
            if slots[index].away:
                school = persons[pid].school
                if schools is None or school in schools:
                    self.away[school].append((slots[index].start, slots[index].end, pid))
        size, never = len(slots), np.iinfo(np.int64).max
        self.free_open = np.array([s.open_places for s in slots], dtype=np.int64)
        self.low_open = np.full(size, never, dtype=np.int64)
        self.free_quota: dict[int, np.ndarray] = defaultdict(lambda: np.zeros(size, np.int64))
        self.low_quota: dict[int, np.ndarray] = defaultdict(lambda: np.full(size, never))
        for i, s in enumerate(slots):
            for unit, places in s.quotas:
                self.free_quota[unit][i] = places
        for (index, pool), people in self.holders.items():
            low = min(self.rank[p] for p in people)
            if pool is None:
                self.free_open[index] -= len(people)
                self.low_open[index] = low
            else:
                self.free_quota[pool][index] -= len(people)
                self.low_quota[pool][index] = low
        self._eligible: dict[tuple, np.ndarray] = {}
        self._floors: dict[tuple, tuple[bool, int]] = {}
        self._serving = serving

    def those_better(self, people: list) -> list:
        """Of people of one place key, those who may better anything: with no seat of theirs
        free, only those ranked above the lowest who holds one."""
        free, lowest = self._floor(people[0], self._found(people[0]))
        if free:
            return people
        return [p for p in people if self.rank[p.id] > lowest]

    def _found(self, person) -> np.ndarray:
        found = self._eligible.get(person.place)
        if found is None:
            found = self._eligible[person.place] = self._serving.of(person)
        return found

    def better(self, person) -> bool:
        found = self._found(person)
        rank, unit = self.rank[person.id], person.unit
        free, lowest = self._floor(person, found)
        if not free and rank <= lowest:  # no seat free, none held by anyone ranked lower
            return False
        mask = (self.free_open[found] > 0) | (self.low_open[found] < rank)
        if unit in self.free_quota:
            mask |= (self.free_quota[unit][found] > 0) | (self.low_quota[unit][found] < rank)
        return any(self._better_at(person, rank, i) for i in found[mask].tolist())

    def _floor(self, person, found: np.ndarray) -> tuple[bool, int]:
        """For the person's place key: whether a seat open to them is free, and the lowest rank
        holding one (one vector test per key; people of the key compare their rank to it)."""
        key = person.place
        if key not in self._floors:
            unit = person.unit
            free = bool((self.free_open[found] > 0).any())
            lowest = int(self.low_open[found].min(initial=np.iinfo(np.int64).max))
            if unit in self.free_quota:
                free = free or bool((self.free_quota[unit][found] > 0).any())
                lowest = min(lowest, int(self.low_quota[unit][found].min(
                    initial=np.iinfo(np.int64).max)))  # fmt: skip
            self._floors[key] = (free, lowest)
        return self._floors[key]

    def _better_at(self, person, rank: int, index: int) -> bool:
        slot = self.instance.slots[index]
        pools = [None]
        if any(unit == person.unit for unit, _ in slot.quotas):
            pools.insert(0, person.unit)
        for pool in pools:
            free = self.free_open[index] if pool is None else self.free_quota[pool][index]
            if free > 0:
                if self._spares(person.school, slot, None):
                    return True
                lower = [pid for *_, pid in self.away.get(person.school, ())
                         if self.rank[pid] < rank]  # fmt: skip
            else:
                lower = [pid for pid in self.holders.get((index, pool), ())
                         if self.rank[pid] < rank]  # fmt: skip
            if any(self._spares(person.school, slot, pid) for pid in lower):
                return True
        return False

    def _spares(self, school: int, slot, without: int | None) -> bool:
        """Whether the school stays within its limit on every day of the slot with one more
        away (and `without` back)."""
        if not slot.away:
            return True
        spans = [(s, e) for s, e, pid in self.away.get(school, ()) if pid != without]
        spans += list(self.instance.busy.get(school, ()))
        limit = self.instance.release_limit(school)
        days = Counter()
        for s, e in spans:
            for day in range(max(s, slot.start), min(e, slot.end) + 1):
                days[day] += 1
        return max(days.values(), default=0) < limit


class _Serving:
    """The sessions that serve a person and are within reach, found from the slots alone."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        slots = instance.slots
        self.online = np.array([s.online for s in slots], dtype=bool)
        self.lat = np.array([s.lat or 0.0 for s in slots], dtype=float)
        self.lon = np.array([s.lon or 0.0 for s in slots], dtype=float)
        self.kinds = np.array([f"{s.language}|{s.kind}" for s in slots])
        self.reach: dict[int, np.ndarray] = {}
        self.specs: dict[int | None, np.ndarray] = {}
        self.of_kind: dict[str, np.ndarray] = {}

    def keys_reaching(self, indexes: list[int]) -> set[tuple]:
        """The place keys that any of the slots `indexes` serves within reach, and maybe a few
        more (a kilometre's margin on the reach: more is only more to count)."""
        if not indexes:
            return set()
        instance = self.instance
        keys = list(instance.by_place)
        kinds = np.array([f"{language}|{kind}" for _, _, language, kind in keys])
        specs = [spec for _, spec, _, _ in keys]
        points = [instance.coordinates.get(unit) for unit, *_ in keys]
        known = np.array([p is not None for p in points], dtype=bool)
        lat = np.array([p[0] if p else 0.0 for p in points], dtype=float)
        lon = np.array([p[1] if p else 0.0 for p in points], dtype=float)
        found = np.zeros(len(keys), dtype=bool)
        for index in indexes:
            slot = instance.slots[index]
            hit = kinds == f"{slot.language}|{slot.kind}"
            if slot.specializations is not None:
                hit &= np.array([spec in slot.specializations for spec in specs], dtype=bool)
            if not slot.online:
                km = distances((slot.lat, slot.lon), lat, lon)
                hit &= ~known | (km <= instance.settings.max_km + 1)
            found |= hit
        return {keys[n] for n in np.flatnonzero(found).tolist()}

    def of(self, person) -> np.ndarray:
        slots, spec = self.instance.slots, person.specialization
        if spec not in self.specs:
            self.specs[spec] = np.array(
                [s.specializations is None or spec in s.specializations for s in slots], bool
            )
        kind = f"{person.language}|{person.kind}"
        if kind not in self.of_kind:
            self.of_kind[kind] = self.kinds == kind
        serves = self.of_kind[kind] & self.specs[spec]
        if person.unit not in self.reach:
            point = self.instance.coordinates.get(person.unit)
            km = distances(point, self.lat, self.lon) if point else np.zeros(len(slots))
            self.reach[person.unit] = self.online | (km <= self.instance.settings.max_km)
        return np.flatnonzero(serves & self.reach[person.unit])

"""The optimizer: a min-cost flow over groups of interchangeable people, then a repair pass
for the one constraint a network cannot hold (each school's release limit).

Network: a supply node per group (district × specialization × language × kind of course ×
priority); a node per place key (the group without its priority: people who may take the
same seats at the same distance); a node per offer (sessions alike but for their dates and
places: the same place, language, kind and specializations), then per session's open places,
and per district quota of a session; one sink. A group's arc to its key costs minus the value
of placing one of its people; a key reaches its district's quota places and the offers in
reach at the kilometres, an offer its sessions' open places at no cost; so the cheapest flow
places by priority first and by travel second. A bypass arc from every group to the sink
leaves people unplaced at no cost. Offers keep the network small (some 150,000 arcs for the
national plan, against 860,000 from every key to every session); arcs are built as numpy
arrays, never one by one. The constraint matrix of such a network is totally unimodular: the
optimum is integral and exact.

Its value without the release limit bounds the true optimum from above. The flow is then
split into people, the most overdue first across all groups (so they meet a school's limit
before anyone less overdue), each into the first of their key's sessions, by date, that their
school can spare them for; what the limit left over is solved again on the seats that remain
(a few rounds, someone stopped by the limit then with arcs only to dates their school can
spare), and a last greedy fill takes any seat still free. The gap to the bound is reported.

A person's value is the policy's rule (`Instance.values`): under the strict rule (the default)
the rank of their (class, days overdue) times a step above any plan's travel, so that the flow
places, class by class and day by day from the top, as many as the network allows; under the
weighted rule max(1, class) × 10,000. After the repair, a local search (`improve.py`) leaves no
swap that would put someone ranked higher into a seat held by someone ranked lower; then, where
the plan (or what is left to better in it) is small, an exact solve (`exact.py`) closes what
only exchanges of several people at once could (the national plan is far beyond its size).
"""

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from cheber.planner.optimizer.bounds import class_bounds
from cheber.planner.optimizer.common import (
    Calendar,
    Candidates,
    Seats,
    finish,
    finish_since,
    gc_paused,
    place_key,
)
from cheber.planner.optimizer.exact import exact, rebuilt
from cheber.planner.optimizer.greedy import fill
from cheber.planner.optimizer.improve import improve
from cheber.planner.optimizer.model import Instance, Person, Result

UNIT_CODE = 1 << 32  # a quota pool's code: slot index × UNIT_CODE + district id
DAYS_APART = 1 << 32  # more than twice any number of days overdue (or before due)


@gc_paused()
def solve_flow(instance: Instance, candidates: Candidates | None = None) -> Result:
    """`candidates`: those of an instance with the same people and slots in the same order
    (a what-if that changes only places or quotas reuses them)."""
    started = time.perf_counter()
    if candidates is None:
        candidates = Candidates(instance, {place_key(p) for p in instance.persons})
    else:
        candidates = candidates.rebound(instance)
    seats, calendar = Seats(instance.slots), Calendar(instance)
    placed: dict[int, tuple[int, int | None]] = {}
    blocked: set[int] = set()
    bound = None
    # those no slot serves are left out of the network from the start
    remaining = [p for p in instance.persons if len(candidates.arrays[place_key(p)][0])]
    remaining.sort(key=lambda p: (-p.overdue_days, p.id))  # once: the rounds keep the order
    first_round = None
    for _ in range(max(1, instance.settings.repair_rounds)):
        keys, groups = _groups(remaining, blocked, instance.values)
        arrays = _arrays(instance, keys, candidates, calendar)
        chosen, flows, value = _min_cost_flow(
            keys, groups, arrays, seats, candidates.offer_of, instance.values
        )
        if bound is None:
            bound, first_round = value, Counter(p.priority for c in chosen for p in c)
        if not _split(instance, chosen, flows, seats, calendar, placed, blocked):
            break
        remaining = _with_room(remaining, placed, candidates, seats)
    fill(instance, remaining, candidates, seats, calendar, placed, blocked)
    holders = improve(instance, candidates, seats, calendar, placed)
    if exact(instance, candidates, placed):
        seats, calendar = rebuilt(instance, placed)
        holders = None
    result = finish(instance, candidates, placed, seats, "optimizer", holders)
    result.bound = bound
    result.class_bounds = class_bounds(instance, candidates, first_round or Counter())
    result.seconds = time.perf_counter() - started
    return result


@gc_paused()
def resolve(instance: Instance, start: Result, candidates: Candidates, changed: set[int],
            schools: set[int] = frozenset(), kept: bool = False) -> Result:  # fmt: skip
    """A what-if solved from the plan it changes (`start`, of an instance with the same people;
    `candidates` those of an instance with the same slots in the same order): its placements
    kept where their seats still are, then the local search from the sessions that `changed`
    (by id) and the `schools` whose people it changed, and the exact step where the plan is
    small. No flow, so no bound (of value or per class) and no value to compare with one: the
    full build gives them. `kept`: `start` is the whole plan (its travel, nearest sessions and
    reasons too) of an instance that differs from this one only in the places of the `changed`
    sessions (and in those of them this one adds after its own), and breaks no limit there;
    its travel, nearest sessions and reasons are then counted again only where seats changed
    (`finish_since`), and its people kept without asking their schools' calendars (a school
    that could spare them all can spare fewer)."""
    started = time.perf_counter()
    candidates = candidates.rebound(instance)
    seats, calendar = Seats(instance.slots), Calendar(instance)
    index_of = {slot.id: i for i, slot in enumerate(instance.slots)}
    placed, dropped, touched = _reseated(instance, start, seats, calendar, index_of, kept)
    dropped |= set(schools)
    focus = {index_of[sid] for sid in changed if sid in index_of}
    holders = improve(instance, candidates, seats, calendar, placed, focus=focus, schools=dropped)
    if exact(instance, candidates, placed):
        seats, calendar = rebuilt(instance, placed)
        holders = None
    if kept and holders is not None:
        touched |= holders.touched
        result = finish_since(instance, candidates, placed, seats, holders, start, touched)
    else:
        result = finish(instance, candidates, placed, seats, "optimizer", holders, valued=False)
    result.seconds = time.perf_counter() - started
    return result


def _reseated(instance: Instance, start: Result, seats: Seats, calendar: Calendar, index_of,
              within_limits: bool = False):  # fmt: skip
    """The plan's placements kept where their seats still are, the highest ranked first (one
    of some 40,000 a national plan: the loop's look-ups made once); the schools of those
    dropped; the sessions they are dropped from (by index). `within_limits`: the plan breaks
    no school's limit on this instance, so neither does any part of it (a calendar's test
    costs as many spans as the school has people away), and a seat's holders are then kept
    whole where it still has places for all of them (a what-if changes few seats)."""
    persons, slots, dropped = instance.persons_by_id, instance.slots, set()
    touched = np.zeros(len(slots), dtype=bool)
    whole = _seats_whole(start, seats, index_of) if within_limits else set()
    placed = {pid: seat for pid, seat in start.placed.items() if seat in whole}
    calendar.add_all(
        (persons[pid].school, slots[index_of[sid]]) for pid, (sid, _) in placed.items()
    )
    rest = [p for p in start.placed.items() if p[1] not in whole] if whole else start.placed.items()
    # the order (class, days overdue) as one integer, which sorts as the pair does and faster
    order = {pid: persons[pid].priority * DAYS_APART + persons[pid].overdue_days
             for pid, _ in rest}  # fmt: skip
    open_left, quota_left = seats.open, seats.quota
    fits, add = _spared if within_limits else calendar.fits, calendar.add
    for pid, seat in sorted(rest, key=lambda p: order[p[0]], reverse=True):
        sid, pool = seat
        index = index_of.get(sid)
        school = persons[pid].school
        if index is None:
            dropped.add(school)
            continue
        free = open_left[index] if pool is None else quota_left.get((index, pool), 0)
        slot = slots[index]
        if free <= 0 or not fits(school, slot):
            dropped.add(school)
            touched[index] = True
            continue
        if pool is None:
            open_left[index] -= 1
        else:
            quota_left[(index, pool)] -= 1
        add(school, slot)
        placed[pid] = seat
    # in the plan's order, whichever way each was kept (the search's ties follow it)
    return {p: seat for p, seat in start.placed.items() if p in placed}, dropped, touched


def _seats_whole(start: Result, seats: Seats, index_of) -> set[tuple]:
    """The seats (session id, pool) of `start` whose pools still have places for all their
    holders, those places taken from `seats`."""
    whole = set()
    for seat, holders in Counter(start.placed.values()).items():
        index = index_of.get(seat[0])
        if index is None:
            continue
        pool = (index, seat[1])
        free = seats.open[index] if seat[1] is None else seats.quota.get(pool, 0)
        if holders <= free:
            whole.add(seat)
            if seat[1] is None:
                seats.open[index] -= holders
            else:
                seats.quota[pool] -= holders
    return whole


def _spared(school: int, slot) -> bool:
    return True


def _with_room(persons, placed, candidates: Candidates, seats: Seats) -> list[Person]:
    """Those not placed yet whose sessions still have a place for them."""
    room: dict[tuple, bool] = {}
    found = []
    open_left, quotas = seats.room_arrays()
    for person in persons:
        if person.id in placed:
            continue
        key = place_key(person)
        if key not in room:
            indexes = candidates.arrays[key][0]
            room[key] = bool((open_left[indexes] > 0).any()) or (
                person.unit in quotas and bool((quotas[person.unit][indexes] > 0).any())
            )
        if room[key]:
            found.append(person)
    return found


def _groups(persons, blocked: set[int], worth) -> tuple[list[tuple], list[list[list[Person]]]]:
    """The place keys, and for each its groups by value (highest first), each group's
    people most overdue first. Someone the release limit stopped has a key of their own (the
    place key and their id), whose arcs go only to the sessions their school can spare them
    for: the next round does not send them to the same dates again."""
    grouped: dict[tuple, dict[int, list[Person]]] = defaultdict(lambda: defaultdict(list))
    for person in persons:  # most overdue first already
        key = place_key(person)
        if person.id in blocked:
            key = (*key, person.id)
        grouped[key][worth[person.id]].append(person)
    keys = sorted(grouped, key=str)
    return keys, [[grouped[k][p] for p in sorted(grouped[k], reverse=True)] for k in keys]


def _arrays(instance, keys, candidates: Candidates, calendar) -> dict:
    arrays = {}
    for key in keys:
        found, km = candidates.arrays[key[:4]]
        if len(key) > 4:
            school = instance.persons_by_id[key[4]].school
            fits = np.array(
                [calendar.fits(school, instance.slots[i]) for i in found.tolist()], dtype=bool
            )
            found, km = found[fits], km[fits]
        arrays[key] = (found, km)
    return arrays


def _pools(seats: Seats, offer_of: np.ndarray, first: int):
    """Node numbers: an offer node per offer with open places left; an open pool per slot with
    open places (-1: none); quota pools as sorted codes (slot × UNIT_CODE + district) with
    their nodes; and the pools' places."""
    open_left = np.asarray(seats.open, dtype=np.int64)
    has_open = np.flatnonzero(open_left > 0)
    offers = np.unique(offer_of[has_open])
    offer_node = np.full(int(offer_of.max()) + 1 if len(offer_of) else 0, -1, dtype=np.int64)
    offer_node[offers] = first + np.arange(len(offers))
    first += len(offers)
    open_node = np.full(len(open_left), -1, dtype=np.int64)
    open_node[has_open] = first + np.arange(len(has_open))
    quotas = sorted((i * UNIT_CODE + u, left) for (i, u), left in seats.quota.items() if left > 0)
    codes = np.array([code for code, _ in quotas], dtype=np.int64)
    quota_node = first + len(has_open) + np.arange(len(quotas), dtype=np.int64)
    lefts = np.array([left for _, left in quotas], dtype=np.int64)
    pools = np.concatenate([open_node[has_open], quota_node])
    return Pools(offer_node, open_node, has_open, codes, quota_node, pools,
                 np.concatenate([open_left[has_open], lefts]), len(offers))  # fmt: skip


@dataclass
class Pools:
    offer_node: np.ndarray
    open_node: np.ndarray
    has_open: np.ndarray
    codes: np.ndarray
    quota_node: np.ndarray
    nodes: np.ndarray
    places: np.ndarray
    offers: int


def _key_arcs(keys, groups, arrays: dict):
    """All key → slot candidates at once: key index, slot index, km, the key's district and
    how many people the key has."""
    found = [arrays[key][0] for key in keys]
    sizes = np.array([len(f) for f in found], dtype=np.int64)
    key_of = np.repeat(np.arange(len(keys)), sizes)
    slot = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    km = np.concatenate([arrays[key][1] for key in keys]) if keys else np.zeros(0)
    units = np.array([key[0] for key in keys], dtype=np.int64)
    demand = np.array([sum(len(m) for m in g) for g in groups], dtype=np.int64)
    return key_of, slot, np.rint(km).astype(np.int64), units[key_of], demand[key_of]


class _Arcs:
    def __init__(self) -> None:
        self.parts: list[tuple] = []
        self.count = 0

    def add(self, tails, heads, caps, costs) -> tuple[int, int]:
        size = len(tails)
        self.parts.append(tuple(np.broadcast_to(np.asarray(a, dtype=np.int64), size)
                                for a in (tails, heads, caps, costs)))  # fmt: skip
        first, self.count = self.count, self.count + size
        return first, self.count

    def arrays(self):
        return [np.concatenate([p[i] for p in self.parts]) for i in range(4)]


def _min_cost_flow(keys, groups, arrays: dict, seats: Seats, offer_of: np.ndarray, worth):
    """(the people the flow places, per key; the flows: key → quota pool, key → offer (or,
    for a person's own key, key → a slot's open places), offer → slot; the value)."""
    group_key = np.array([k for k, by_priority in enumerate(groups) for _ in by_priority])
    supplies = np.array([len(m) for g in groups for m in g], dtype=np.int64)
    values = np.array([worth[m[0].id] for g in groups for m in g], dtype=np.int64)
    n_groups, n_keys = len(supplies), len(keys)
    pools = _pools(seats, offer_of, n_groups + n_keys)
    sink = n_groups + n_keys + pools.offers + len(pools.nodes)
    key_of, slot, cost, unit, demand = _key_arcs(keys, groups, arrays)
    own = np.array([len(key) > 4 for key in keys], dtype=bool)[key_of] if n_keys else key_of > 0
    net = _Arcs()
    group_arcs = net.add(np.arange(n_groups), n_groups + group_key, supplies, -values)
    # a district's quota places
    code = slot * UNIT_CODE + unit
    position = np.minimum(np.searchsorted(pools.codes, code), max(len(pools.codes) - 1, 0))
    to_quota = pools.codes[position] == code if len(pools.codes) else np.zeros(len(slot), bool)
    quota_arcs = net.add(n_groups + key_of[to_quota], pools.quota_node[position[to_quota]],
                         demand[to_quota], cost[to_quota])  # fmt: skip
    # open places through the offer (the same place, language, kind and specializations)
    offer = offer_of[slot]
    via = ~own & (pools.offer_node[offer] >= 0)
    pairs, first = np.unique(key_of[via] * (len(pools.offer_node) + 1) + offer[via],
                             return_index=True)  # fmt: skip
    offer_keys, offer_ids = key_of[via][first], offer[via][first]
    offer_arcs = net.add(n_groups + offer_keys, pools.offer_node[offer_ids],
                         demand[via][first], cost[via][first])  # fmt: skip
    direct = own & (pools.open_node[slot] >= 0)
    direct_arcs = net.add(n_groups + key_of[direct], pools.open_node[slot[direct]],
                          demand[direct], cost[direct])  # fmt: skip
    spread = pools.has_open
    slot_arcs = net.add(pools.offer_node[offer_of[spread]], pools.open_node[spread],
                        np.asarray(seats.open, dtype=np.int64)[spread], 0)  # fmt: skip
    net.add(np.arange(n_groups), sink, supplies, 0)
    net.add(pools.nodes, sink, pools.places, 0)
    solver = min_cost_flow.SimpleMinCostFlow()
    tails, heads, caps, costs = net.arrays()
    solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    supply = np.zeros(sink + 1, dtype=np.int64)
    supply[:n_groups] = supplies
    supply[sink] = -int(supply.sum())
    solver.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supply)
    if solver.solve() != solver.OPTIMAL:
        raise RuntimeError("The min-cost flow found no optimum.")

    def used(span):
        amounts = solver.flows(np.arange(*span, dtype=np.int32))
        return np.flatnonzero(amounts), amounts

    chosen = _chosen(groups, solver.flows(np.arange(*group_arcs, dtype=np.int32)))
    flows = Flows()
    for span, keys_, slots_, units_ in (
        (quota_arcs, key_of[to_quota], slot[to_quota], unit[to_quota]),
        (direct_arcs, key_of[direct], slot[direct], None),
    ):
        hit, n = used(span)
        flows.quota += [
            (int(keys_[a]), int(slots_[a]), None if units_ is None else int(units_[a]), int(n[a]))
            for a in hit.tolist()
        ]
    hit, n = used(offer_arcs)
    flows.offer = [(int(offer_keys[a]), int(offer_ids[a]), int(n[a])) for a in hit.tolist()]
    hit, n = used(slot_arcs)
    spread_offers = offer_of[spread]
    flows.slots = [(int(spread_offers[a]), int(spread[a]), int(n[a])) for a in hit.tolist()]
    return chosen, flows, -int(solver.optimal_cost())


@dataclass
class Flows:
    quota: list = field(default_factory=list)  # (key, slot, pool, people): a seat of the slot
    offer: list = field(default_factory=list)  # (key, offer, people)
    slots: list = field(default_factory=list)  # (offer, slot, people)


def _chosen(groups, amounts) -> list[list[Person]]:
    """Per key: the people the flow places, most overdue of each priority first."""
    chosen, arc = [], 0
    for by_priority in groups:
        people = []
        for members in by_priority:
            people += members[: int(amounts[arc])]
            arc += 1
        chosen.append(people)
    return chosen


def _split(instance, chosen, flows: Flows, seats, calendar, placed, blocked) -> int:
    """People for the flows; returns how many were placed. The most overdue first, across
    every key (they meet any school's limit first): into their district's quota places the
    flow took, else into a session of an offer the flow took for their key, the first by date
    with places left that their school can spare them for; someone it cannot spare for any
    waits for the next round."""
    slots = instance.slots
    taken_before = len(placed)
    direct: dict[int, list[list]] = defaultdict(list)
    for k, index, pool, count in sorted(flows.quota, key=lambda f: (slots[f[1]].start, f[1])):
        direct[k].append([index, pool, count])
    through: dict[int, list[list]] = defaultdict(list)
    for k, offer, count in flows.offer:
        through[k].append([offer, count])
    sessions: dict[int, list[list]] = defaultdict(list)
    for offer, index, count in sorted(flows.slots, key=lambda f: (slots[f[1]].start, f[1])):
        sessions[offer].append([index, count])
    people = [(person, k) for k, members in enumerate(chosen) for person in members]
    people.sort(key=lambda item: (-item[0].priority, -item[0].overdue_days, item[0].id))
    for person, k in people:
        spot = _seat_for(person, direct[k], through[k], sessions, slots, calendar)
        if spot is None:
            blocked.add(person.id)
            continue
        index, pool = spot
        seats.take(index, pool)
        calendar.add(person.school, slots[index])
        placed[person.id] = (slots[index].id, pool)
    return len(placed) - taken_before


def _seat_for(person, direct, through, sessions, slots, calendar):
    for entry in direct:
        index, pool, count = entry
        if count and calendar.fits(person.school, slots[index]):
            entry[2] -= 1
            return index, pool
    for entry in through:
        if not entry[1]:
            continue
        for spot in sessions[entry[0]]:
            if spot[1] and calendar.fits(person.school, slots[spot[0]]):
                spot[1] -= 1
                entry[1] -= 1
                return spot[0], None
    return None

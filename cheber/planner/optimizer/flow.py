"""The optimizer: a min-cost flow over groups of interchangeable people, then a repair pass
for the one constraint a network cannot hold (each school's release limit).

Network: a supply node per group (district × specialization × language × kind of course ×
priority); a node per place key (the group without its priority: people who may take the
same seats at the same distance); a node per district quota of a session and per session's
open places; one sink. A group's arc to its key costs minus the value of placing one of its
people; a key reaches a session's quota node when the quota is its district's, and the
session's open node always, at the kilometres; so the cheapest flow places by priority first
and by travel second. A bypass arc from every group to the sink leaves people unplaced at no
cost. Arcs are built as numpy arrays, per key, never one by one. The constraint matrix of such a
transportation network is totally unimodular: the optimum is integral and exact.

Its value without the release limit bounds the true optimum from above. The flow is then
split into people, the most overdue first across all groups (so they meet a school's limit
before anyone less overdue), each into the first of their key's sessions, by date, that their
school can spare them for; what the limit left over is solved again on the seats that remain
(a few rounds, someone stopped by the limit then with arcs only to dates their school can
spare), and a last greedy fill takes any seat still free. The gap to the bound is reported.
"""

import time
from collections import defaultdict

import numpy as np
from ortools.graph.python import min_cost_flow

from cheber.planner.optimizer.common import (
    Calendar,
    Candidates,
    Seats,
    finish,
    place_key,
)
from cheber.planner.optimizer.greedy import fill
from cheber.planner.optimizer.model import Instance, Person, Result

Flow = tuple[int, int, int | None, int]  # key index, slot index, pool, people
UNIT_CODE = 1 << 32  # a quota pool's code: slot index × UNIT_CODE + district id


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
    for _ in range(max(1, instance.settings.repair_rounds)):
        keys, groups = _groups(remaining, blocked)
        arrays = _arrays(instance, keys, candidates, calendar)
        chosen, flows, value = _min_cost_flow(keys, groups, arrays, seats)
        bound = value if bound is None else bound
        if not _split(instance, chosen, flows, seats, calendar, placed, blocked):
            break
        remaining = _with_room(remaining, placed, candidates, seats)
    fill(instance, remaining, candidates, seats, calendar, placed, blocked)
    result = finish(instance, candidates, placed, blocked, "optimizer")
    result.bound = bound
    result.seconds = time.perf_counter() - started
    return result


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


def _groups(persons, blocked: set[int]) -> tuple[list[tuple], list[list[list[Person]]]]:
    """The place keys, and for each its groups by priority (highest first), each group's
    people most overdue first. Someone the release limit stopped has a key of their own (the
    place key and their id), whose arcs go only to the sessions their school can spare them
    for: the next round does not send them to the same dates again."""
    grouped: dict[tuple, dict[int, list[Person]]] = defaultdict(lambda: defaultdict(list))
    for person in sorted(persons, key=lambda p: (-p.overdue_days, p.id)):
        key = place_key(person)
        if person.id in blocked:
            key = (*key, person.id)
        grouped[key][person.priority].append(person)
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


def _pools(seats: Seats, first: int):
    """Node numbers of the pools with places left: open ones per slot (-1: none), quota ones
    as sorted codes (slot × UNIT_CODE + district) with their nodes; and each pool's places."""
    open_left = np.asarray(seats.open, dtype=np.int64)
    open_node = np.full(len(open_left), -1, dtype=np.int64)
    has_open = np.flatnonzero(open_left > 0)
    open_node[has_open] = first + np.arange(len(has_open))
    quotas = sorted((i * UNIT_CODE + u, left) for (i, u), left in seats.quota.items() if left > 0)
    codes = np.array([code for code, _ in quotas], dtype=np.int64)
    quota_node = first + len(has_open) + np.arange(len(quotas), dtype=np.int64)
    lefts = np.array([left for _, left in quotas], dtype=np.int64)
    nodes = np.concatenate([open_node[has_open], quota_node])
    return open_node, codes, quota_node, nodes, np.concatenate([open_left[has_open], lefts])


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


def _min_cost_flow(keys, groups, arrays: dict, seats: Seats):
    """(the people the flow places, per key; the flows from keys to pools; the value)."""
    group_key = [k for k, by_priority in enumerate(groups) for _ in by_priority]
    supplies = np.array([len(m) for g in groups for m in g], dtype=np.int64)
    values = np.array([m[0].value for g in groups for m in g], dtype=np.int64)
    n_groups, n_keys = len(supplies), len(keys)
    open_node, codes, quota_node, pool_nodes, pool_places = _pools(seats, n_groups + n_keys)
    sink = n_groups + n_keys + len(pool_nodes)
    key_of, slot, cost, unit, demand = _key_arcs(keys, groups, arrays)
    # arcs to the open places, then to the district's quota places
    to_open = open_node[slot] >= 0
    position = np.searchsorted(codes, slot * UNIT_CODE + unit)
    position = np.minimum(position, max(len(codes) - 1, 0))
    to_quota = (codes[position] == slot * UNIT_CODE + unit) if len(codes) else to_open & False
    heads = np.concatenate([open_node[slot[to_open]], quota_node[position[to_quota]]])
    arc_key = np.concatenate([key_of[to_open], key_of[to_quota]])
    arc_slot = np.concatenate([slot[to_open], slot[to_quota]])
    arc_quota = np.concatenate([np.zeros(to_open.sum(), bool), np.ones(to_quota.sum(), bool)])
    arc_unit = np.concatenate([unit[to_open], unit[to_quota]])
    tails = np.concatenate([
        np.arange(n_groups), n_groups + arc_key, np.arange(n_groups), pool_nodes,
    ])  # fmt: skip
    heads = np.concatenate([n_groups + np.asarray(group_key, dtype=np.int64), heads,
                            np.full(n_groups, sink), np.full(len(pool_nodes), sink)])  # fmt: skip
    caps = np.concatenate([supplies, np.concatenate([demand[to_open], demand[to_quota]]),
                           supplies, pool_places])  # fmt: skip
    costs = np.concatenate([-values, np.concatenate([cost[to_open], cost[to_quota]]),
                            np.zeros(n_groups + len(pool_nodes), dtype=np.int64)])  # fmt: skip
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs.astype(np.int64)
    )
    supply = np.zeros(sink + 1, dtype=np.int64)
    supply[:n_groups] = supplies
    supply[sink] = -int(supply.sum())
    solver.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supply)
    if solver.solve() != solver.OPTIMAL:
        raise RuntimeError("The min-cost flow found no optimum.")
    chosen = _chosen(groups, solver.flows(np.arange(n_groups, dtype=np.int32)))
    amounts = solver.flows(np.arange(n_groups, n_groups + len(arc_key), dtype=np.int32))
    flows = [
        (int(arc_key[a]), int(arc_slot[a]), int(arc_unit[a]) if arc_quota[a] else None,
         int(amounts[a]))
        for a in np.flatnonzero(amounts)
    ]  # fmt: skip
    return chosen, flows, -int(solver.optimal_cost())


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


def _split(instance, chosen, flows: list[Flow], seats, calendar, placed, blocked) -> int:
    """People for the flows; returns how many were placed. The most overdue first, across
    every key (they meet any school's limit first), each into the first session of their
    key's flows, by date, that has room left in the flow and that their school can spare
    them for; someone it cannot spare for any waits for the next round."""
    slots = instance.slots
    taken_before = len(placed)
    by_key: dict[int, list[list]] = defaultdict(list)
    for k, index, pool, count in sorted(flows, key=lambda f: (slots[f[1]].start, f[1], f[0])):
        by_key[k].append([index, pool, count])
    people = [(person, k) for k, members in enumerate(chosen) for person in members]
    people.sort(key=lambda item: (-item[0].priority, -item[0].overdue_days, item[0].id))
    for person, k in people:
        for flow in by_key[k]:
            index, pool, count = flow
            if not count:
                continue
            slot = slots[index]
            if calendar.fits(person.school, slot):
                seats.take(index, pool)
                calendar.add(person.school, slot)
                placed[person.id] = (slot.id, pool)
                flow[2] -= 1
                break
        else:
            blocked.add(person.id)
    return len(placed) - taken_before

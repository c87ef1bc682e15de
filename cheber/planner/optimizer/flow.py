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
split into people, most overdue of each group first, session by session in date order,
skipping anyone whose school already has its share away on those dates; what the limit left
over is solved again on the seats that remain (a few rounds), and a last greedy fill takes
any seat still free. The gap to the bound is reported.
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


def solve_flow(instance: Instance) -> Result:
    started = time.perf_counter()
    candidates = Candidates(instance, {place_key(p) for p in instance.persons})
    seats, calendar = Seats(instance.slots), Calendar(instance)
    placed: dict[int, tuple[int, int | None]] = {}
    blocked: set[int] = set()
    bound = None
    remaining = list(instance.persons)
    for _ in range(max(1, instance.settings.repair_rounds)):
        keys, groups = _groups(remaining, blocked)
        arrays = _arrays(instance, keys, candidates, calendar)
        chosen, flows, value = _min_cost_flow(keys, groups, arrays, seats)
        bound = value if bound is None else bound
        if not _split(instance, chosen, flows, seats, calendar, placed, blocked):
            break
        remaining = [p for p in remaining if p.id not in placed]
    fill(instance, remaining, candidates, seats, calendar, placed, blocked)
    result = finish(instance, candidates, placed, blocked, "optimizer")
    result.bound = bound
    result.seconds = time.perf_counter() - started
    return result


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


class _Network:
    """Arc arrays, added in blocks."""

    def __init__(self) -> None:
        self.tails, self.heads, self.caps, self.costs = [], [], [], []
        self.count = 0

    def add(self, tails, heads, caps, costs) -> tuple[int, int]:
        tails = np.asarray(tails, dtype=np.int32)
        size = len(tails)
        self.tails.append(tails)
        self.heads.append(np.broadcast_to(np.asarray(heads, dtype=np.int32), size))
        self.caps.append(np.broadcast_to(np.asarray(caps, dtype=np.int64), size))
        self.costs.append(np.broadcast_to(np.asarray(costs, dtype=np.int64), size))
        first, self.count = self.count, self.count + size
        return first, self.count

    def solver(self) -> min_cost_flow.SimpleMinCostFlow:
        solver = min_cost_flow.SimpleMinCostFlow()
        if self.count:
            solver.add_arcs_with_capacity_and_unit_cost(
                np.concatenate(self.tails), np.concatenate(self.heads),
                np.concatenate(self.caps), np.concatenate(self.costs),
            )  # fmt: skip
        return solver


def _min_cost_flow(keys, groups, arrays: dict, seats: Seats):
    """(the people the flow places, per key; the flows from keys to pools; the value)."""
    n_groups = sum(len(g) for g in groups)
    key_node = n_groups + np.arange(len(keys))
    node = n_groups + len(keys)
    open_left = np.asarray(seats.open, dtype=np.int64)
    open_node = np.full(len(open_left), -1, dtype=np.int64)
    has_open = np.flatnonzero(open_left > 0)
    open_node[has_open] = node + np.arange(len(has_open))
    node += len(has_open)
    quota_node: dict[int, np.ndarray] = {}
    quota_pools = []
    for (index, unit), left in sorted(seats.quota.items()):
        if left > 0:
            row = quota_node.setdefault(unit, np.full(len(open_left), -1, dtype=np.int64))
            row[index] = node
            quota_pools.append((node, left))
            node += 1
    sink = node
    net = _Network()
    group_nodes, supplies, values = [], [], []
    for k, by_priority in enumerate(groups):
        for members in by_priority:
            group_nodes.append(k)
            supplies.append(len(members))
            values.append(members[0].value)
    g = np.arange(n_groups)
    group_arcs = net.add(g, key_node[group_nodes], supplies, -np.asarray(values, dtype=np.int64))
    labels = []
    for k, key in enumerate(keys):
        found, km = arrays[key]
        cost = np.rint(km).astype(np.int64)
        demand = sum(len(m) for m in groups[k])
        for heads, pool in ((quota_node.get(key[0]), key[0]), (open_node, None)):
            if heads is None:
                continue
            usable = heads[found] >= 0
            if usable.any():
                span = net.add(np.full(usable.sum(), key_node[k]), heads[found][usable], demand,
                               cost[usable])  # fmt: skip
                labels.append((span, k, found[usable], pool))
    net.add(g, sink, supplies, 0)
    net.add(open_node[has_open], sink, open_left[has_open], 0)
    if quota_pools:
        nodes, lefts = zip(*quota_pools, strict=True)
        net.add(nodes, sink, lefts, 0)
    solver = net.solver()
    supply = np.zeros(sink + 1, dtype=np.int64)
    supply[:n_groups] = supplies
    supply[sink] = -int(supply.sum())
    solver.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supply)
    if solver.solve() != solver.OPTIMAL:
        raise RuntimeError("The min-cost flow found no optimum.")
    chosen = _chosen(groups, solver.flows(np.arange(*group_arcs, dtype=np.int32)))
    flows = []
    for (first, last), k, found, pool in labels:
        amounts = solver.flows(np.arange(first, last, dtype=np.int32))
        for position in np.flatnonzero(amounts):
            flows.append((k, int(found[position]), pool, int(amounts[position])))
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
    """People for the flows, session by session in date order; returns how many were placed.
    Someone whose school is at its limit on a session's dates waits for the key's next one."""
    slots = instance.slots
    taken_before = len(placed)
    pending = [list(people) for people in chosen]
    for k, index, pool, count in sorted(flows, key=lambda f: (slots[f[1]].start, f[1], f[0])):
        slot, taken = slots[index], set()
        for person in pending[k]:
            if len(taken) == count:
                break
            if not calendar.fits(person.school, slot):
                blocked.add(person.id)
                continue
            seats.take(index, pool)
            calendar.add(person.school, slot)
            placed[person.id] = (slot.id, pool)
            taken.add(person.id)
        if taken:
            pending[k] = [p for p in pending[k] if p.id not in taken]
    return len(placed) - taken_before

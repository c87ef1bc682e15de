"""Bounds in people, per priority class: the most people of a class or higher that any plan
could place. Two bounds, the lower one kept:

- the network without the release limit: under the strict rule the flow's first round places,
  for every class from the top, as many as any plan can (the heaviest set of a matroid is
  greedy's), so its counts of each class and above are exact bounds of that relaxation;
- the release limit, per school over the distinct date ranges of the sessions its people could
  attend in person: on any day no more than the limit are away, so at most limit × (the most
  pairwise disjoint date ranges) go in person; those who could take an online session are not
  counted against it. Aggregated over schools.
"""

from collections import Counter, defaultdict

import numpy as np

from cheber.planner.optimizer.model import STRICT, Instance


def class_bounds(instance: Instance, candidates, first_round: Counter | None) -> dict[int, int]:
    """Class → the most people of that class or higher that a plan could place (with no
    `first_round` of the flow, the release limit's bound alone)."""
    limit = _limit_bounds(instance, candidates)
    if instance.settings.priority_rule != STRICT or first_round is None:
        return limit
    flow, total = {}, 0
    for priority in sorted(limit, reverse=True):
        total += first_round.get(priority, 0)
        flow[priority] = total
    return {c: min(limit[c], flow[c]) for c in limit}


def _limit_bounds(instance: Instance, candidates) -> dict[int, int]:
    ranges = {}
    online_able = {}
    slots = instance.slots
    away_at = np.array([slot.away for slot in slots], dtype=bool)
    starts = np.array([slot.start for slot in slots], dtype=np.int64)
    ends = np.array([slot.end for slot in slots], dtype=np.int64)
    for key, (found, _) in candidates.arrays.items():
        away = found[away_at[found]]
        online_able[key] = len(away) < len(found)
        ranges[key] = set(zip(starts[away].tolist(), ends[away].tolist(), strict=True))
    free_to_go: Counter = Counter()  # class → people with an online session within reach
    in_person: dict[int, Counter] = defaultdict(Counter)  # school → class → people
    school_keys: dict[int, set] = defaultdict(set)
    for key, people in instance.by_place.items():
        if not len(candidates.arrays[key][0]):
            continue
        if online_able[key]:
            free_to_go.update(p.priority for p in people)
            continue
        for person in people:
            in_person[person.school][person.priority] += 1
            school_keys[person.school].add(key)
    classes = sorted({p.priority for p in instance.persons}, reverse=True)
    bounds = dict.fromkeys(classes, 0)
    for school, counts in in_person.items():
        spans = set().union(*(ranges[key] for key in school_keys[school]))
        cap = instance.release_limit(school) * _disjoint(spans)
        _add_prefix(bounds, classes, counts, cap)
    _add_prefix(bounds, classes, free_to_go, None)
    return bounds


def _add_prefix(bounds: dict, classes: list[int], counts: Counter, cap: int | None) -> None:
    running = 0
    for priority in classes:
        running += counts.get(priority, 0)
        bounds[priority] += running if cap is None else min(running, cap)


def _disjoint(ranges: set[tuple[int, int]]) -> int:
    """The most pairwise disjoint date ranges (earliest end first is optimal)."""
    count, last = 0, -np.inf
    for start, end in sorted(ranges, key=lambda r: r[1]):
        if start > last:
            count, last = count + 1, end
    return count

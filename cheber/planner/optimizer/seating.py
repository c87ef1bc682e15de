"""Who holds which seats once people are placed: each pool (a session's open places, a district's
quota in it) with its holders, the places still free and its weakest holder's rank, kept as
numpy arrays so that whether someone could better anything at any of their sessions is one
vector test. The local search changes it; the reasons read it."""

from collections import defaultdict

import numpy as np

from cheber.planner.optimizer.model import Instance

NOBODY = np.iinfo(np.int64).max  # the weakest holder of a pool nobody holds


def dense_ranks(instance: Instance) -> dict[int, int]:
    """Person id → an integer that orders people as the policy's rule does (higher first)."""
    return instance.dense_ranks


class Holders:
    def __init__(self, instance: Instance, seats, placed: dict, rank: dict[int, int]) -> None:
        self.instance, self.seats, self.rank = instance, seats, rank
        self.moves = 0  # what the local search made
        self.size = size = len(instance.slots)
        self.index_of = {slot.id: i for i, slot in enumerate(instance.slots)}
        self.held: dict[tuple[int, int | None], list[int]] = defaultdict(list)
        self.away: dict[int, set[int]] = defaultdict(set)  # school → placed in person
        persons, index_of, held, away = instance.persons_by_id, self.index_of, self.held, self.away
        away_from = [slot.away for slot in instance.slots]
        for pid, (sid, pool) in placed.items():  # (some 40,000 in a national plan)
            index = index_of[sid]
            held[(index, pool)].append(pid)
            if away_from[index]:
                away[persons[pid].school].add(pid)
        self.open_free = np.asarray(seats.open, dtype=np.int64).copy()
        self.quota_free: dict[int, np.ndarray] = {}
        for (index, unit), left in seats.quota.items():
            self._quota_array(self.quota_free, unit, 0)[index] = left
        self.open_min = np.full(size, NOBODY, dtype=np.int64)
        self.quota_min: dict[int, np.ndarray] = {}
        for index, pool in list(self.held):
            self._refresh(index, pool)

    def _quota_array(self, arrays: dict, unit: int, fill) -> np.ndarray:
        if unit not in arrays:
            arrays[unit] = np.full(self.size, fill, dtype=np.int64)
        return arrays[unit]

    def _refresh(self, index: int, pool: int | None, added: int | None = None) -> None:
        """The pool's weakest holder again: after an addition, the lesser of the two."""
        if added is not None:
            weakest = min(self.weakest_at(index, pool), self.rank[added])
        else:
            weakest = min(map(self.rank.__getitem__, self.held.get((index, pool), ())),
                          default=NOBODY)  # fmt: skip
        if pool is None:
            self.open_min[index] = weakest
        else:
            self._quota_array(self.quota_min, pool, NOBODY)[index] = weakest

    def weakest_at(self, index: int, pool: int | None) -> int:
        if pool is None:
            return int(self.open_min[index])
        found = self.quota_min.get(pool)
        return NOBODY if found is None else int(found[index])

    def least_movable(self, index: int, pool: int | None) -> int:
        if pool is None:
            return int(self.move_open[index])
        found = self.move_quota.get(pool)
        return NOBODY if found is None else int(found[index])

    def pools(self, index: int, unit: int) -> list[int | None]:
        """The pools of a session a person of the district may sit in: their quota, then open."""
        if (index, unit) in self.seats.quota:
            return [unit, None]
        return [None]

    def free(self, index: int, pool: int | None) -> int:
        return int(self.open_free[index] if pool is None else self.quota_free[pool][index])

    def take(self, pid: int, index: int, pool: int | None) -> None:
        self.seats.take(index, pool)
        (self.open_free if pool is None else self.quota_free[pool])[index] -= 1
        self.held[(index, pool)].append(pid)
        if self.instance.slots[index].away:
            self.away[self.instance.persons_by_id[pid].school].add(pid)
        self._refresh(index, pool, added=pid)

    def release(self, pid: int, index: int, pool: int | None) -> None:
        self.seats.give(index, pool)
        (self.open_free if pool is None else self.quota_free[pool])[index] += 1
        self.held[(index, pool)].remove(pid)
        self.away[self.instance.persons_by_id[pid].school].discard(pid)
        if self.rank[pid] <= self.weakest_at(index, pool):
            self._refresh(index, pool)

    def within_reach(self, unit: int, found: np.ndarray, rank: int, chains=False) -> np.ndarray:
        """Which of the sessions `found` have, in a pool open to the district, a free place or
        a holder ranked below `rank` (with `chains`: or a holder who could move on to a place
        free or held by someone ranked below `rank`, as `mark_movable` last saw it)."""
        mask = (self.open_free[found] > 0) | (self.open_min[found] < rank)
        if unit in self.quota_free:
            mask |= self.quota_free[unit][found] > 0
        if unit in self.quota_min:
            mask |= self.quota_min[unit][found] < rank
        if chains:
            mask |= self.move_open[found] < rank
            if unit in self.move_quota:
                mask |= self.move_quota[unit][found] < rank
        return mask

    def mark_movable(self, candidates, focus: np.ndarray | None = None) -> None:
        """For each holder, the rank below which a newcomer could have them move on: -1 if a
        place of theirs is free, else the lowest rank holding one; per pool, the least (for
        the pools of the sessions in `focus`, if given)."""
        self.movable = movable = {}
        self.move_open = np.full(self.size, NOBODY, dtype=np.int64)
        self.move_quota: dict[int, np.ndarray] = {}
        persons, seen = self.instance.persons_by_id, {}  # place key → the rank below which
        for (index, pool), people in self.held.items():
            if focus is not None and not focus[index]:
                continue
            least = NOBODY
            for pid in people:
                key = persons[pid].place
                below = seen.get(key)
                if below is None:
                    free, low = self.weakest(key[0], candidates.arrays[key][0])
                    below = seen[key] = -1 if free else low
                movable[pid] = below
                if below < least:
                    least = below
            if pool is None:
                self.move_open[index] = least
            else:
                self._quota_array(self.move_quota, pool, NOBODY)[index] = least

    def weakest(self, unit: int, found: np.ndarray) -> tuple[bool, int]:
        """(whether a place is free in a pool open to the district among `found`, the lowest
        rank that holds one of those pools' places)."""
        if not len(found):
            return False, NOBODY
        free = bool((self.open_free[found] > 0).any())
        low = int(self.open_min[found].min())
        if unit in self.quota_free:
            free = free or bool((self.quota_free[unit][found] > 0).any())
        if unit in self.quota_min:
            low = min(low, int(self.quota_min[unit][found].min()))
        return free, low

"""The local search after the repair pass: while someone left out could take a seat held by
someone ranked lower (or a free one), without breaking a quota, a session's places or their
school's release limit, they take it. A move brings in one person and takes out at most one
ranked lower: the holder of the seat, or a colleague away on those dates whose return lets the
school spare the newcomer. Whoever is taken out tries at once for another seat the same way (an
ejection chain). Each move raises the placed people's ranks, sorted, lexicographically, so the
search ends; it ends where no such swap is left, which `checks.improving_swaps` counts apart.

Whole place keys whose best person left out ranks no higher than every holder of their pools,
with no place free, are passed over in one vector test: the search costs little where the flow
already left nothing to better."""

from collections.abc import Callable

import numpy as np

from cheber.planner.optimizer.common import Calendar, Candidates, Seats, place_key
from cheber.planner.optimizer.model import Instance
from cheber.planner.optimizer.seating import NOBODY, Holders, dense_ranks

MAX_PASSES = 50  # a guard; the search ends by itself, in a few passes in practice
# Trades of seats for shorter travel looked at in one pass beyond those of the people the
# search moved: all of them on a district's plan, a bounded share of the national one (some
# 200,000 cost a second there); travel comes last in the rule, after every class and day.
TRADE_BUDGET = 200_000


def improve(instance: Instance, candidates: Candidates, seats: Seats, calendar: Calendar,
            placed: dict, focus: set[int] | None = None,
            schools: set[int] = frozenset()) -> Holders:  # fmt: skip
    """Improve `placed` (and `seats`, `calendar`) in place; returns who holds which seats then
    (`Holders`, for the reasons), its `moves` the number of moves made.
    `focus`: when the plan was already one where no swap improves, the indexes of the only
    sessions that changed (and `schools`, whose calendars changed): the search then looks
    only at the place keys that reach them, or a session or school a move changed."""
    search = _Search(instance, candidates, seats, calendar, placed)
    if focus is not None:
        search.focus = np.zeros(len(instance.slots), dtype=bool)
        search.focus[sorted(focus)] = True
        search.schools |= set(schools)
    moves = 0
    # a travel move changes a school's dates, which may let a colleague in: ranks again then
    # (each round raises the ranks placed or, with them equal, shortens travel: it ends)
    for _ in range(MAX_PASSES):
        made = {}
        for step in (search.one_pass, search.travel_pass):
            made[step] = 0
            for _ in range(MAX_PASSES):
                done = step()
                made[step] += done
                if not done:
                    break
        moves += sum(made.values())
        if not made[search.travel_pass]:
            break
    search.holders.moves = moves
    # the sessions whose seats the search changed (with a focus: the focus as it grew)
    search.holders.touched = search.focus
    return search.holders


class _Search:
    def __init__(self, instance, candidates, seats, calendar, placed) -> None:
        self.instance, self.candidates, self.calendar, self.placed = (
            instance, candidates, calendar, placed
        )  # fmt: skip
        self.rank = dense_ranks(instance)
        self.holders = Holders(instance, seats, placed, self.rank)
        self.slots = instance.slots
        self.persons = instance.persons_by_id
        self.serving: dict[tuple, set[int]] = {}
        # what failed since the last move made (`version`): a place key and school failed up
        # to a rank (a lower one has fewer moves); a holder that could not move on below one
        self.version = 0
        self.failed: dict[tuple, tuple[int, int]] = {}
        self.stuck: dict[int, tuple[int, int]] = {}
        self.moved: set[int] = set()  # who the search placed or moved: travel looks at them
        self.focus: np.ndarray | None = None  # sessions to look at (None: every one)
        self.schools: set[int] = set()  # schools whose calendar a move changed
        # the place keys of the people of `schools`
        self._schools_seen: set[int] = set()
        self._school_keys_found: set[tuple] = set()

    def _failed_before(self, table: dict, key, rank: int) -> bool:
        seen = table.get(key)
        return seen is not None and seen[0] == self.version and rank <= seen[1]

    def one_pass(self) -> int:
        self.holders.mark_movable(self.candidates, self.focus)
        made = 0
        for key, waiting in self._waiting():
            found = self.candidates.arrays[key][0]
            people = self._in_focus(key, found, waiting)
            if not people:
                continue
            people.sort(key=lambda p: -self.rank[p.id])
            mask = self.holders.within_reach(key[0], found, self.rank[people[0].id], chains=True)
            if not mask.any():
                continue
            spots = found[mask].tolist()  # nearest first
            for person in people:
                tried = (key, person.school)
                if person.id in self.placed:
                    continue
                if self._failed_before(self.failed, tried, self.rank[person.id]):
                    continue
                done = self._place(person, spots)
                if not done:
                    self.failed[tried] = (self.version, self.rank[person.id])
                made += done
        return made

    def _waiting(self) -> list[tuple[tuple, Callable[[], list]]]:
        """The place keys with a session and people left out (as the pass begins), in the order
        of the first of those people in the instance, each with who they are (as the pass
        begins): made only for the keys the pass looks at (with a focus, a few)."""
        position, before, found = self.instance.position, set(self.placed), []
        by_place = self.instance.by_place
        for key in by_place if self.focus is None else self._focus_keys():
            if not len(self.candidates.arrays[key][0]):
                continue
            first = next((p for p in by_place[key] if p.id not in before), None)
            if first is not None:
                found.append((position[first.id], key))
        found.sort()

        def waiting(key):
            return lambda: [p for p in by_place[key] if p.id not in before]

        return [(key, waiting(key)) for _, key in found]

    def _focus_keys(self) -> set[tuple]:
        """The place keys the search looks at (as the pass begins: one that a move brings into
        the focus is looked at in the next pass, which that move makes sure of)."""
        return self.candidates.keys_reaching(self.focus) | self._school_keys()

    def _in_focus(self, key, found, waiting) -> list:
        """The key's people waiting, if the search looks at them: with a focus, if a session
        of theirs is in it or one of them is of a school whose calendar changed."""
        if self.focus is None or self.focus[found].any():
            return waiting()
        if key not in self._school_keys():
            return []
        people = waiting()
        return people if any(p.school in self.schools for p in people) else []

    def _school_keys(self) -> set[tuple]:
        """The place keys of everyone of the schools whose calendar changed (as they are)."""
        if len(self._schools_seen) != len(self.schools):  # (schools are only added)
            by_school = self.instance.by_school
            for school in self.schools - self._schools_seen:
                self._school_keys_found |= {p.place for p in by_school.get(school, ())}
                self._schools_seen.add(school)
        return self._school_keys_found

    def travel_pass(self) -> int:
        """With the same people placed, shorter travel: someone placed farther than the nearest
        session of theirs moves to a nearer free place their school can spare them for, or
        trades seats with a holder there when the two travel less together (for everyone the
        search moved, and others while the pass's budget of trades lasts)."""
        made = 0
        index_of = self.holders.index_of
        # from a plan already searched, trades only for those this search moves
        self.budget = TRADE_BUDGET if self.focus is None else 0
        free_spots: dict[tuple, list[int]] = {}
        for pid in self._travellers():
            person = self.persons[pid]
            key = person.place
            sid, pool = self.placed[pid]
            here = index_of[sid]
            found, km = self.candidates.arrays[key]
            now = self.candidates.km_to(person, here)
            if not len(km) or km[0] >= now:
                continue
            if pid in self.moved or self.budget > 0:
                nearer = found[km < now].tolist()
            else:  # only a free place can take them: one vector test per place key
                if key not in free_spots:
                    free_spots[key] = found[self.holders.within_reach(key[0], found, -1)].tolist()
                nearer = [i for i in free_spots[key] if self.candidates.km_to(person, i) < now]
            for index in nearer:
                if self._nearer(person, here, pool, index, now, trades=True):
                    self.version += 1  # what failed before may not fail now
                    made += 1
                    break
        return made

    def _travellers(self) -> list[int]:
        """Who the travel pass looks at, by id: everyone placed; with a focus, those placed of
        the place keys it reaches and of the schools whose calendars changed (as the pass
        begins: the next pass, which a move makes, looks at those it adds)."""
        if self.focus is None:
            return sorted(self.placed)
        by_place, by_school, placed = self.instance.by_place, self.instance.by_school, self.placed
        keys = self.candidates.keys_reaching(self.focus)
        found = {p.id for key in keys for p in by_place[key] if p.id in placed}
        found |= {p.id for school in self.schools for p in by_school.get(school, ())
                  if p.id in placed}  # fmt: skip
        return sorted(found)

    def _nearer(self, person, here: int, pool, index: int, now: float, trades: bool) -> bool:
        slot, there = self.slots[here], self.slots[index]
        for new_pool in self.holders.pools(index, person.unit):
            if self.holders.free(index, new_pool) > 0:
                if self.calendar.fits_without(person.school, there, slot):
                    self._apply(person, index, new_pool, person.id, here, pool)
                    return True
                continue
            if not trades:
                continue
            # whether a trade shortens travel depends on the holder's place key alone
            mine, shorter, persons = self.candidates.km_to(person, index), {}, self.persons
            held = list(self.holders.held.get((index, new_pool), ()))
            for tried, other in enumerate(held, 1):  # each holder tried spends the budget
                place = persons[other].place
                worth = shorter.get(place)
                if worth is None:
                    gone = persons[other]
                    worth = shorter[place] = self._shorter(gone, here, pool, index, now, mine)
                if worth and self._trade(person, here, pool, index, new_pool, persons[other]):
                    self.budget -= tried
                    return True
            self.budget -= len(held)
        return False

    def _shorter(self, gone, here, pool, index, now, mine) -> bool:
        """Whether `gone` may sit in the person's seat (`here`, `pool`) and the two, trading
        seats, travel less together, and never more as the value counts it (whole km)."""
        if pool not in self.holders.pools(here, gone.unit) or not self._serves(gone, here):
            return False
        km = self.candidates.km_to
        before, after = (now, km(gone, index)), (mine, km(gone, here))
        return sum(after) < sum(before) and sum(map(round, after)) <= sum(map(round, before))

    def _trade(self, person, here, pool, index, new_pool, gone) -> bool:
        """The trade, if both schools can spare them for their new dates."""
        other = gone.id
        self._lift(person.id, here, pool)
        self._lift(other, index, new_pool)
        if self.calendar.fits(person.school, self.slots[index]):
            self._put(person.id, index, new_pool)
            if self.calendar.fits(gone.school, self.slots[here]):
                self._put(other, here, pool)
                return True
            self._lift(person.id, index, new_pool)
        self._put(person.id, here, pool)
        self._put(other, index, new_pool)
        return False

    def _serves(self, person, index: int) -> bool:
        key = place_key(person)
        if key not in self.serving:
            self.serving[key] = set(self.candidates.arrays[key][0].tolist())
        return index in self.serving[key]

    def _lift(self, pid: int, index: int, pool) -> None:
        self._touch(pid, index)
        self.placed.pop(pid)
        self.holders.release(pid, index, pool)
        self.calendar.remove(self.persons[pid].school, self.slots[index])

    def _touch(self, pid: int, index: int) -> None:
        if self.focus is not None:
            self.focus[index] = True
            self.schools.add(self.persons[pid].school)

    def _put(self, pid: int, index: int, pool) -> None:
        self._touch(pid, index)
        self.holders.take(pid, index, pool)
        self.calendar.add(self.persons[pid].school, self.slots[index])
        self.placed[pid] = (self.slots[index].id, pool)

    def _place(self, person, spots: list[int] | None = None) -> int:
        """Place the person by the best move, then whoever it takes out (the chain)."""
        made = 0
        while person is not None:
            if spots is None:
                found = self.candidates.arrays[place_key(person)][0]
                mask = self.holders.within_reach(person.unit, found, self.rank[person.id], True)
                spots = found[mask].tolist()
            move = self._best_move(person, spots)
            if move is None:
                move = self._chain(person, spots, self.rank[person.id])
                if move is None:
                    break
                person, move = move[0], move[1:]
            self.moved.add(person.id)
            person, spots = self._apply(person, *move), None
            self.version += 1
            made += 1
        return made

    def _best_move(self, person, spots: list[int], below: int | None = None):
        """(session index, pool, who goes out or None): a free place first, else the one
        that takes out the lowest ranked (below `below`, by default the person's rank),
        nearest first."""
        rank = self.rank[person.id] if below is None else below
        school, best = person.school, None
        for index in spots:
            slot = self.slots[index]
            for pool in self.holders.pools(index, person.unit):
                if self.holders.free(index, pool) > 0:
                    if self.calendar.fits(school, slot):
                        return index, pool, None
                    out = self._colleague(person, slot, rank)
                else:
                    out = self._holder(person, slot, index, pool, rank)
                if out is not None and (best is None or self.rank[out] < self.rank[best[2]]):
                    best = (index, pool, out)
        return best

    def _chain(self, person, spots: list[int], rank: int):
        """Into the seat of a holder ranked no lower who can move on to a seat of theirs that
        is free or held by someone ranked below the person: the first half made here, the
        holder's move returned as (holder, session index, pool, who goes out or None)."""
        holders = self.holders
        for index in spots:
            for pool in holders.pools(index, person.unit):
                if holders.least_movable(index, pool) >= rank:
                    continue
                for other in list(holders.held.get((index, pool), ())):
                    if holders.movable.get(other, NOBODY) >= rank:
                        continue
                    if self._failed_before(self.stuck, other, rank) and (
                        self.persons[other].school != person.school
                    ):
                        continue
                    moved = self._move_on(person, index, pool, other, rank)
                    if moved:
                        return moved
                    if moved is None:
                        self.stuck[other] = (self.version, rank)
        return None

    def _move_on(self, person, index, pool, other, rank):
        """Try: `other` leaves the seat for `person` and moves by a move of its own that takes
        out nobody or someone ranked below `rank`; undone when it cannot."""
        gone, slot = self.persons[other], self.slots[index]
        mine = gone.school == person.school
        if not self.calendar.fits_without(person.school, slot, slot if mine else None):
            return False  # the person's school, not the holder: nothing to remember
        found = self.candidates.arrays[place_key(gone)][0]
        spots = [i for i in found[self.holders.within_reach(gone.unit, found, rank)].tolist()
                 if i != index]  # fmt: skip
        if not spots:
            return None
        self._apply(person, index, pool, other)
        move = self._best_move(gone, spots, below=rank)
        if move is None:
            self._apply(gone, index, pool, person.id)  # undo: back into their seat
            return None
        return (gone, *move)

    def _holder(self, person, slot, index, pool, rank) -> int | None:
        """The lowest ranked holder of the pool, below `rank`, whose seat the person could
        take (the school spares them, once that holder is back if a colleague)."""
        if self.holders.weakest_at(index, pool) >= rank:
            return None
        for other in sorted(self.holders.held.get((index, pool), ()), key=self.rank.get):
            if self.rank[other] >= rank:
                return None
            mine = self.persons[other].school == person.school
            if self.calendar.fits_without(person.school, slot, slot if mine else None):
                return other
        return None

    def _colleague(self, person, slot, rank) -> int | None:
        """The lowest ranked colleague away on the session's dates, below `rank`, whose
        return lets the school spare the person for it."""
        away = sorted(self.holders.away.get(person.school, ()), key=self.rank.get)
        for other in away:
            if self.rank[other] >= rank:
                return None
            theirs = self.slots[self.holders.index_of[self.placed[other][0]]]
            if theirs.start > slot.end or theirs.end < slot.start:
                continue
            if self.calendar.fits_without(person.school, slot, theirs):
                return other
        return None

    def _apply(self, person, index: int, pool, out, *where):
        """Make the move; returns the person taken out (who tries next) or None. `where`:
        the seat `out` holds, when known."""
        taken_out = None
        if out is not None:
            their_index, their_pool = where or self._seat(out)
            self._lift(out, their_index, their_pool)
            taken_out = self.persons[out]
        self._put(person.id, index, pool)
        return None if taken_out is person else taken_out

    def _seat(self, pid: int) -> tuple[int, int | None]:
        sid, pool = self.placed[pid]
        return self.holders.index_of[sid], pool

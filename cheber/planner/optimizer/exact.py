"""The exact step after the local search: a plan is re-solved exactly (CP-SAT) when it is small
enough. The local search moves one in and at most one out (with a chain of holders); some better
plans need more at once, e.g. two in and two out: a never-trained teacher makes way for another
of fewer days, whose school then spares a due colleague. Over the people it frees (everyone,
when the whole plan is small; else the residual: those left out who have a session within
reach, the holders of every pool those sessions offer them and their placed colleagues), with
everyone else kept where they sit, the model is the plan builder's own: one seat a person, a
pool's places, each school's release limit on every day, the value of the policy's rule less
the kilometres. Started from the plan (a hint), it keeps the plan unless it proves a better one."""

from collections import defaultdict

from ortools.sat.python import cp_model

from cheber.planner.optimizer.common import Calendar, Candidates, Seats, place_key
from cheber.planner.optimizer.model import Instance

# The most (person, seat) choices solved exactly: a small plan whole, or a residual of this size
# (a few hundred people); beyond it the step is skipped, and the local search's plan stands.
EXACT_CHOICES = 4_000
EXACT_SECONDS = 2.0  # a guard: a problem of that size solves in a fraction of it
# one worker: the same plan for the same data (several race, and ties could go either way)
EXACT_WORKERS = 1


def exact(instance: Instance, candidates: Candidates, placed: dict) -> bool:
    """Improve `placed` in place by the exact solve; returns whether it changed."""
    free = _everyone(instance, candidates)
    if free is None:
        free = _residual(instance, candidates, placed)
    if not free:
        return False
    model = _Model(instance, candidates, placed, {p.id for p in free})
    return model.solve(placed)


def rebuilt(instance: Instance, placed: dict) -> tuple[Seats, Calendar]:
    """The seats and calendars of a plan made anew."""
    seats, calendar = Seats(instance.slots), Calendar(instance)
    index_of = {slot.id: i for i, slot in enumerate(instance.slots)}
    for pid, (sid, pool) in placed.items():
        index = index_of[sid]
        seats.take(index, pool)
        calendar.add(instance.persons_by_id[pid].school, instance.slots[index])
    return seats, calendar


def _everyone(instance: Instance, candidates: Candidates) -> list | None:
    """Everyone a session serves, if their choices are few enough (else None): counted with
    an early stop, so that a national plan costs nothing here."""
    found, choices = [], 0
    for person in instance.persons:
        size = len(candidates.arrays[place_key(person)][0])
        if size:
            choices += size
            if choices > EXACT_CHOICES:
                return None
            found.append(person)
    return found


def _residual(instance: Instance, candidates: Candidates, placed: dict) -> list | None:
    """Those left out with a session within reach, the holders of those sessions' pools open
    to them, and the placed colleagues of all of them (who share a release limit); None when
    their choices are too many to solve exactly."""
    left_out, choices = [], 0
    for person in instance.persons:
        found = candidates.arrays[place_key(person)][0]
        if person.id in placed or not len(found):
            continue
        choices += len(found)
        if choices > EXACT_CHOICES:
            return None
        left_out.append((person, found))
    index_of = {slot.id: i for i, slot in enumerate(instance.slots)}
    holders: dict[int, list[int]] = defaultdict(list)
    by_school: dict[int, list[int]] = defaultdict(list)
    for pid, (sid, _) in placed.items():
        holders[index_of[sid]].append(pid)
        by_school[instance.persons_by_id[pid].school].append(pid)
    chosen: set[int] = set()
    for person, found in left_out:
        chosen.add(person.id)
        for index in found.tolist():
            chosen.update(holders.get(index, ()))
    for pid in list(chosen):
        chosen.update(by_school[instance.persons_by_id[pid].school])
    persons = [p for p in instance.persons if p.id in chosen]
    size = sum(len(candidates.arrays[place_key(p)][0]) for p in persons)
    return persons if size <= EXACT_CHOICES else None


class _Model:
    def __init__(self, instance: Instance, candidates: Candidates, placed: dict, free: set[int]):
        self.instance, self.candidates, self.free = instance, candidates, free
        self.index_of = {slot.id: i for i, slot in enumerate(instance.slots)}
        self.model = cp_model.CpModel()
        self.choice: dict[tuple[int, int, int | None], cp_model.IntVar] = {}
        kept = {pid: seat for pid, seat in placed.items() if pid not in free}
        self.left = self._places_left(kept)
        self.away = self._away(kept)
        terms = []
        for pid in sorted(free):
            person = instance.persons_by_id[pid]
            mine = []
            for index in candidates.arrays[place_key(person)][0].tolist():
                for pool in self._pools(index, person.unit):
                    var = self.model.new_bool_var(f"x{pid}_{index}_{pool}")
                    self.choice[(pid, index, pool)] = var
                    mine.append(var)
                    terms.append(self._worth(pid, index) * var)
            self.model.add_at_most_one(mine)
        self._seat_limits()
        self._release_limits()
        self.model.maximize(sum(terms))
        self.before = sum(self._worth(pid, self.index_of[sid])
                          for pid, (sid, _) in placed.items() if pid in free)  # fmt: skip
        for (pid, index, pool), var in self.choice.items():
            seat = placed.get(pid)
            self.model.add_hint(var, seat == (instance.slots[index].id, pool))

    def _worth(self, pid: int, index: int) -> int:
        """The value of the person in the session, as `finish` counts it."""
        person = self.instance.persons_by_id[pid]
        return self.instance.values[pid] - round(self.candidates.km_to(person, index))

    def _pools(self, index: int, unit: int) -> list[int | None]:
        slot = self.instance.slots[index]
        return [unit, None] if any(u == unit for u, _ in slot.quotas) else [None]

    def _places_left(self, kept: dict) -> dict[tuple[int, int | None], int]:
        left = {}
        for index, slot in enumerate(self.instance.slots):
            left[(index, None)] = slot.open_places
            for unit, places in slot.quotas:
                left[(index, unit)] = places
        for sid, pool in kept.values():
            left[(self.index_of[sid], pool)] -= 1
        return left

    def _away(self, kept: dict) -> dict[int, list[tuple[int, int]]]:
        """Per school, the spans of those kept away and already away (busy)."""
        away = {school: list(spans) for school, spans in self.instance.busy.items()}
        for pid, (sid, _) in kept.items():
            slot = self.instance.slots[self.index_of[sid]]
            if slot.away:
                away.setdefault(self.instance.persons_by_id[pid].school, []).append(
                    (slot.start, slot.end)
                )
        return away

    def _seat_limits(self) -> None:
        by_pool = defaultdict(list)
        for (_, index, pool), var in self.choice.items():
            by_pool[(index, pool)].append(var)
        for key, found in by_pool.items():
            self.model.add(sum(found) <= max(0, self.left[key]))

    def _release_limits(self) -> None:
        """On each day a span begins (where a school's count peaks), those away there that
        the plan adds: none if the school is at its limit already, else up to what is left."""
        slots, persons = self.instance.slots, self.instance.persons_by_id
        by_school = defaultdict(list)
        for (pid, index, _), var in self.choice.items():
            if slots[index].away:
                by_school[persons[pid].school].append((slots[index].start, slots[index].end, var))
        for school, spans in by_school.items():
            limit = self.instance.release_limit(school)
            others = self.away.get(school, [])
            for day in sorted({s for s, _, _ in spans} | {s for s, _ in others}):
                here = [var for s, e, var in spans if s <= day <= e]
                if here:
                    taken = sum(1 for s, e in others if s <= day <= e)
                    self.model.add(sum(here) <= max(0, limit - taken))

    def solve(self, placed: dict) -> bool:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = EXACT_SECONDS
        solver.parameters.num_workers = EXACT_WORKERS
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        chosen = [key for key, var in self.choice.items() if solver.value(var)]
        # the value in integers (the solver reports it as a float)
        after = sum(self._worth(pid, index) for pid, index, _ in chosen)
        if after <= self.before:
            return False
        for pid in self.free:
            placed.pop(pid, None)
        for pid, index, pool in chosen:
            placed[pid] = (self.instance.slots[index].id, pool)
        return True

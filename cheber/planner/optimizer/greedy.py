"""The baseline the optimizer is compared with: the most overdue first, each to the nearest
session with a free seat that serves them (what a careful planner does by hand)."""

import time

from cheber.planner.optimizer.common import (
    Calendar,
    Candidates,
    Seats,
    finish,
    gc_paused,
    place_key,
)
from cheber.planner.optimizer.model import Instance, Person, Result


def order(persons) -> list[Person]:
    return sorted(persons, key=lambda p: (-p.priority, -p.overdue_days, p.id))


@gc_paused()
def solve_greedy(instance: Instance, candidates: Candidates | None = None) -> Result:
    """`candidates`: those of the same instance (the optimizer's), when already made."""
    started = time.perf_counter()
    if candidates is None:
        candidates = Candidates(instance, {place_key(p) for p in instance.persons})
    else:
        candidates = candidates.rebound(instance)
    seats, calendar = Seats(instance.slots), Calendar(instance)
    placed: dict[int, tuple[int, int | None]] = {}
    blocked: set[int] = set()
    fill(instance, instance.persons, candidates, seats, calendar, placed, blocked)
    result = finish(instance, candidates, placed, seats, "greedy")
    result.seconds = time.perf_counter() - started
    return result


def fill(instance, persons, candidates, seats, calendar, placed, blocked) -> None:
    """Each person not placed yet, most overdue first, to the nearest seat free for them that
    their school can spare them for. A seat once full stays full, so the full ones at the
    front of a key's list are skipped for good."""
    front: dict[tuple, int] = {}
    for person in order(p for p in persons if p.id not in placed):
        options, key = candidates.of(person), place_key(person)
        start = front.get(key, 0)
        while start < len(options) and not seats.pool_for(options[start][1], person.unit)[0]:
            start += 1
        front[key] = start
        for _, index in options[start:]:
            free, pool = seats.pool_for(index, person.unit)
            if not free:
                continue
            slot = instance.slots[index]
            if not calendar.fits(person.school, slot):
                blocked.add(person.id)
                continue
            seats.take(index, pool)
            calendar.add(person.school, slot)
            placed[person.id] = (slot.id, pool)
            break

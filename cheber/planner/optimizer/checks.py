"""Every constraint, checked on a result: what the tests and the benchmark count as violations."""

from collections import Counter, defaultdict

from cheber.planner.optimizer.common import peak
from cheber.planner.optimizer.model import Instance, Result


def violations(instance: Instance, result: Result) -> list[str]:
    """One line per broken constraint; empty when the plan holds."""
    persons = {p.id: p for p in instance.persons}
    slots = {s.id: s for s in instance.slots}
    found: list[str] = []
    by_slot: dict[int, Counter] = defaultdict(Counter)
    away: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for person_id, (slot_id, pool) in result.placed.items():
        person, slot = persons.get(person_id), slots.get(slot_id)
        if person is None or slot is None:
            found.append(f"unknown person {person_id} or session {slot_id}")
            continue
        if not slot.serves(person):
            found.append(f"session {slot_id} does not serve person {person_id}")
        if not instance.in_reach(person.unit, slot):
            found.append(f"session {slot_id} is beyond reach of person {person_id}")
        if pool is not None and pool != person.unit:
            found.append(f"person {person_id} holds another district's quota")
        by_slot[slot_id][pool] += 1
        if slot.away:
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
        for start, end in planned:
            if peak(spans, start, end) > limit:
                found.append(f"school {school} has more than {limit} away")
                break
    return found


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

"""The places of one session, counted in memory by the rule of `cheber.delivery.seats`, and
the rows an enrolment leaves behind (its steps, attendance, notifications)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from cheber.delivery.models import Enrolment

Funding, State = Enrolment.Funding, Enrolment.State


class Seats:
    """`seats.has_place` over counters instead of queries; `take` and `give` keep them."""

    def __init__(self, budget: int, contract: int, quotas: dict[int, int], release: dt.date):
        self.budget, self.contract, self.quotas, self.release = budget, contract, quotas, release
        self.budget_taken: Counter = Counter()
        self.contract_taken = 0

    def has_place(self, funding: str, unit_id: int, day: dt.date) -> bool:
        if funding == Funding.CONTRACT:
            return self.contract_taken < self.contract
        taken = self.budget_taken
        if sum(taken.values()) >= self.budget:
            return False
        if day >= self.release:
            return True
        if taken[unit_id] < self.quotas.get(unit_id, 0):
            return True
        open_places = self.budget - sum(self.quotas.values())
        overflow = sum(max(0, n - self.quotas.get(unit, 0)) for unit, n in taken.items())
        return overflow < open_places

    def take(self, funding: str, unit_id: int) -> None:
        if funding == Funding.CONTRACT:
            self.contract_taken += 1
        else:
            self.budget_taken[unit_id] += 1

    def give(self, funding: str, unit_id: int) -> None:
        if funding == Funding.CONTRACT:
            self.contract_taken -= 1
        else:
            self.budget_taken[unit_id] -= 1


@dataclass
class Draft:
    """An enrolment still to write, with what hangs off it."""

    enrolment: Enrolment
    events: list[tuple[dt.datetime, str, str, str, str]] = field(default_factory=list)
    attendance: list[tuple[dt.date, bool]] = field(default_factory=list)
    notifications: list[tuple[str, dt.datetime, bool, int | None]] = field(default_factory=list)
    record_id: int | None = None

    def step(self, at: dt.datetime, verb: str, before: str, note: str = "") -> None:
        self.events.append((at, verb, before, self.enrolment.state, note))

    def notify(self, kind: str, at: dt.datetime, read: bool = False) -> None:
        self.notifications.append((kind, at, read, self.enrolment.waitlist_position))

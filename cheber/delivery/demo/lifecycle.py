"""Who takes part in each session, and how far their enrolment has come by "today".

Past sessions are completed; the participants who completed one are educators whose history
already holds a Cheber record of that provider in that year (the record takes the session's
title and dates, so the registry's figures stay as they were). Sessions that ended in the last
days await completion; sessions in progress have attendance up to yesterday; upcoming ones
have nominations, applications, confirmations, withdrawals and a waitlist when full.
"""

import datetime as dt
import random
from collections import defaultdict

from cheber.delivery.demo.context import Context
from cheber.delivery.demo.people import Pool
from cheber.delivery.demo.places import Draft, Seats
from cheber.delivery.demo.plans import Planned
from cheber.delivery.demo.requests import upcoming
from cheber.delivery.demo.running import attend, close
from cheber.delivery.models import Enrolment, Notification
from cheber.schedule.models import PlanSchedule

Funding, Origin, State = Enrolment.Funding, Enrolment.Origin, Enrolment.State
Kind = Notification.Kind
UPCOMING, RUNNING, AWAITING, DONE = "upcoming", "running", "awaiting", "done"
AWAITING_DAYS = 10  # a provider closes a session within this many days of its end


def phase(session, today: dt.date) -> str:
    if session.start_date > today:
        return UPCOMING
    if session.end_date >= today:
        return RUNNING
    if session.end_date >= today - dt.timedelta(days=AWAITING_DAYS):
        return AWAITING
    return DONE


class Filler:
    def __init__(self, ctx: Context, pool: Pool) -> None:
        self.ctx, self.pool = ctx, pool
        self.used: dict[int, set[int]] = defaultdict(set)  # year → educators with a request
        self._holders: dict[tuple[int, int], dict[int, list[int]]] = {}
        self.forced: dict[int, list[int]] = {}  # session index → educators placed first
        self.late: dict[int, list[int]] = {}  # session index → educators asking once it is full

    def fill(self, item: Planned, index: int) -> list[Draft]:
        session = item.session
        if session.plan.status != PlanSchedule.Status.APPROVED:
            return []
        rng = self.ctx.rng(f"fill:{index}:{session.provider_id}:{session.start_date}")
        stage = phase(session, self.ctx.today)
        forced = self.forced.get(index, [])
        for pid in forced + self.late.get(index, []):
            self.used[session.start_date.year].add(pid)
            self.pool.book(pid, session.start_date, session.end_date)
        if stage == UPCOMING:
            return upcoming(self, item, rng, forced, self.late.get(index, []))
        if stage == DONE:
            return self._done(item, rng, forced)
        return self._under_way(item, rng, stage)

    # choosing people --------------------------------------------------------------------

    def candidates(self, item: Planned, wanted: int, lists=None, *, strict=True) -> list[int]:
        """Up to `wanted` educators free on the session's dates: each quota district's share
        first, then the other districts; with `strict`, only those the programme is for."""
        lists = self.pool.by_unit if lists is None else lists
        session = item.session
        year, specs = session.start_date.year, set(item.offer.specializations)
        used = self.used[year]
        start, end = session.start_date, session.end_date

        def fits(pid: int) -> bool:
            person = self.pool.persons[pid]
            return (
                pid not in used
                and (not strict or not specs or not specs.isdisjoint(person.specs))
                and self.pool.is_free(pid, start, end)
            )

        chosen: list[int] = []
        shares = [(unit, places + 1) for unit, places in item.quotas.items()]
        others = [u for u in item.units if u not in item.quotas]
        for unit, share in shares + [(u, wanted) for u in list(item.quotas) + others]:
            need = min(share, wanted - len(chosen))
            for pid in lists.get(unit, ()):
                if need <= 0:
                    break
                if pid not in chosen and fits(pid):
                    chosen.append(pid)
                    need -= 1
        for pid in chosen:
            used.add(pid)
            self.pool.book(pid, start, end)
        return chosen

    def holders(self, provider_id: int, year: int) -> dict[int, list[int]]:
        """Educators with a Cheber record of this provider and year, by district."""
        key = (provider_id, year)
        if key not in self._holders:
            by_unit: dict[int, list[int]] = defaultdict(list)
            for pid in sorted(self.pool.records.get(key, {})):
                if pid in self.pool.persons:
                    by_unit[self.pool.persons[pid].unit_id].append(pid)
            self._holders[key] = dict(by_unit)
        return self._holders[key]

    # the enrolment row --------------------------------------------------------------------

    def enrolment(self, session, pid: int, funding: str, origin: str, at: dt.datetime) -> Draft:
        person = self.pool.persons[pid]
        return Draft(
            Enrolment(
                session=session,
                educator_id=pid,
                organization_id=person.organization_id,
                unit_id=person.unit_id,
                funding=funding,
                origin=origin,
                state=State.ENROLLED,
                requested_at=at,
                district_confirmed_at=at if origin == Origin.NOMINATION else None,
            )  # fmt: skip
        )

    def seated(self, item: Planned, people: list[int], rng: random.Random) -> list[Draft]:
        """Requests well before the start, each on a budget place while one is left by the
        quota rule, else a contract place; no place, no enrolment."""
        session = item.session
        seats = Seats(session.budget_places, session.contract_places, item.quotas,
                      session.quota_release_date)  # fmt: skip
        dated = sorted((self._request_day(session, rng), pid) for pid in people)
        first = [pair for pair in dated if pair[1] in people[:1]]  # a forced one is never left out
        dated = first + [pair for pair in dated if pair not in first]
        drafts = []
        for n, (day, pid) in enumerate(dated):
            unit = self.pool.persons[pid].unit_id
            funding = next(
                (f for f in (Funding.BUDGET, Funding.CONTRACT) if seats.has_place(f, unit, day)),
                None,
            )
            if funding is None:
                continue
            seats.take(funding, unit)
            nominated = funding == Funding.BUDGET and unit in item.quotas and rng.random() < 0.6
            origin = Origin.NOMINATION if nominated else Origin.APPLICATION
            draft = self.enrolment(session, pid, funding, origin, self.ctx.moment(day, n))
            draft.step(draft.enrolment.requested_at, origin, "")
            drafts.append(draft)
        return drafts

    def _request_day(self, session, rng: random.Random) -> dt.date:
        first = max(dt.date(session.start_date.year, 1, 5), session.start_date - dt.timedelta(60))
        last = session.start_date - dt.timedelta(days=3)
        first = min(first, last)
        return first + dt.timedelta(days=rng.randint(0, (last - first).days))

    def confirm_all(self, draft: Draft, rng: random.Random) -> None:
        """Every confirmation a participant needs before the start, and the acceptance."""
        enrolment = draft.enrolment
        start = enrolment.session.start_date
        at = enrolment.requested_at
        if enrolment.funding == Funding.BUDGET and not enrolment.district_confirmed_at:
            at = min(at + dt.timedelta(days=2), self.ctx.moment(start, -60 * 24))
            enrolment.district_confirmed_at = at
            draft.step(at, "confirm_nomination", State.ENROLLED)
        if enrolment.funding == Funding.CONTRACT:
            at = at + dt.timedelta(hours=5)
            enrolment.payment_recorded_at = at
            enrolment.payment_reference = f"ПП-{start.year}-{enrolment.educator_id % 100000:05d}"
            draft.step(at, "record_payment", State.ENROLLED, enrolment.payment_reference)
        enrolment.release_confirmed_at = at + dt.timedelta(hours=20)
        draft.step(enrolment.release_confirmed_at, "confirm_release", State.ENROLLED)
        enrolment.accepted_at = enrolment.release_confirmed_at + dt.timedelta(hours=24)
        draft.step(enrolment.accepted_at, "accept_enrolment", State.ENROLLED)
        draft.notify(Kind.ACCEPTED, enrolment.accepted_at, read=rng.random() < 0.8)

    # past and present sessions ------------------------------------------------------------

    def _done(self, item: Planned, rng: random.Random, forced: list[int]) -> list[Draft]:
        session = item.session
        year = session.start_date.year
        holders = self.holders(session.provider_id, year)
        wanted = round(session.capacity * rng.uniform(0.75, 1.0))
        people = forced + self.candidates(item, wanted - len(forced), holders)
        people += self.candidates(item, wanted - len(people), holders, strict=False)
        if len(people) < wanted:
            everywhere = Planned(session, item.offer, {}, [], sorted(holders))
            people += self.candidates(everywhere, wanted - len(people), holders, strict=False)
        failing = self.candidates(item, rng.choice((0, 1, 2)))
        drafts = self.seated(item, people + failing, rng)
        for draft in drafts:
            self.confirm_all(draft, rng)
            passed = draft.enrolment.educator_id not in failing
            record = self.pool.record_of(session.provider_id, year, draft.enrolment.educator_id)
            if passed and record is None:  # no history to link: they did not finish it
                passed = False
            self.finish(draft, rng, passed, record)
        return drafts

    def finish(self, draft: Draft, rng: random.Random, passed: bool, record: int | None) -> None:
        close(self, draft, rng, passed, record)

    def _under_way(self, item: Planned, rng: random.Random, stage: str) -> list[Draft]:
        session = item.session
        people = self.candidates(item, round(session.capacity * rng.uniform(0.8, 1.0)))
        drafts = self.seated(item, people, rng)
        for draft in drafts:
            self.confirm_all(draft, rng)
            attend(self, draft, rng, stage)
        return drafts

"""Requests for the sessions still to come, in the order they were made: nominations by the
cabinets, the educators' own applications (budget or contract), the waitlist once full, a few
withdrawals (whose places go to the waitlist, as `promote_waitlist` does), then the cabinets',
principals' and provider's confirmations."""

import datetime as dt
import random

from cheber.delivery.demo.places import Draft, Seats
from cheber.delivery.models import Enrolment, Notification

Funding, Origin, State = Enrolment.Funding, Enrolment.Origin, Enrolment.State
Kind = Notification.Kind


def demand(session, today: dt.date) -> float:
    """Requests per place: soon-to-start sessions are full, later ones fill up."""
    ahead = (session.start_date - today).days
    return 1.15 if ahead <= 30 else 0.8 if ahead <= 90 else 0.45 if ahead <= 200 else 0.2


def upcoming(filler, item, rng: random.Random, forced=(), late=()) -> list[Draft]:
    """`forced` ask first; `late` ask last, once the session is full."""
    session, today = item.session, filler.ctx.today
    wanted = round(session.capacity * demand(session, today))
    wanted = session.capacity + 3 if late else wanted
    people = list(forced) + filler.candidates(item, wanted - len(forced))
    if late:
        people += filler.candidates(item, wanted - len(people), strict=False)
    seats = Seats(session.budget_places, session.contract_places, item.quotas,
                  session.quota_release_date)  # fmt: skip
    opened = max(session.plan.approved_at.date(), today - dt.timedelta(days=120))
    requests = sorted(_request(filler, item, rng, pid, opened) for pid in people)
    early = [r for r in requests if r[1] in forced]
    requests = early + [r for r in requests if r[1] not in forced]
    for pid in late:
        _day, _pid, funding, origin = _request(filler, item, rng, pid, opened)
        requests.append((today - dt.timedelta(days=1), pid, funding, origin))
    drafts, waiting = [], []
    for n, (day, pid, funding, origin) in enumerate(requests):
        draft = filler.enrolment(session, pid, funding, origin, filler.ctx.moment(day, n))
        unit = draft.enrolment.unit_id
        if seats.has_place(funding, unit, day):
            seats.take(funding, unit)
        else:
            waiting.append(draft)
            draft.enrolment.state = State.WAITLISTED
            draft.enrolment.waitlist_position = len(waiting)
        draft.step(draft.enrolment.requested_at, origin, "")
        if origin == Origin.NOMINATION:
            draft.notify(Kind.NOMINATED, draft.enrolment.requested_at, read=rng.random() < 0.6)
        if draft.enrolment.state == State.WAITLISTED:
            draft.notify(Kind.WAITLISTED, draft.enrolment.requested_at)
        drafts.append(draft)
    _withdrawals(filler, drafts, waiting, seats, rng)
    for draft in drafts:
        if draft.enrolment.state == State.ENROLLED:
            _confirmations(filler, draft, rng)
    return drafts


def _request(filler, item, rng: random.Random, pid: int, opened: dt.date):
    session = item.session
    unit = filler.pool.persons[pid].unit_id
    last = min(filler.ctx.today, session.start_date) - dt.timedelta(days=1)
    day = opened + dt.timedelta(days=rng.randint(0, max(0, (last - opened).days)))
    if session.budget_places and unit in item.quotas and rng.random() < 0.6:
        return day, pid, Funding.BUDGET, Origin.NOMINATION
    contract = session.contract_places and (not session.budget_places or rng.random() < 0.3)
    return day, pid, Funding.CONTRACT if contract else Funding.BUDGET, Origin.APPLICATION


def _withdrawals(filler, drafts: list[Draft], waiting: list[Draft], seats: Seats, rng) -> None:
    """About one in twenty gives the place up; the first on the waitlist it fits moves up."""
    for draft in drafts:
        enrolment = draft.enrolment
        if enrolment.state != State.ENROLLED or rng.random() >= 0.05:
            continue
        at = min(enrolment.requested_at + dt.timedelta(days=rng.randint(1, 20)),
                 filler.ctx.moment(filler.ctx.today - dt.timedelta(days=1)))  # fmt: skip
        enrolment.state = State.WITHDRAWN
        draft.step(at, "withdraw_enrolment", State.ENROLLED, "")
        seats.give(enrolment.funding, enrolment.unit_id)
        for other in waiting:
            later = other.enrolment
            if (
                later.state == State.WAITLISTED
                and later.requested_at < at
                and seats.has_place(later.funding, later.unit_id, at.date())
            ):
                seats.take(later.funding, later.unit_id)
                later.state, later.waitlist_position = State.ENROLLED, None
                other.step(at, "promote_from_waitlist", State.WAITLISTED)
                other.notify(Kind.PROMOTED, at, read=rng.random() < 0.5)


def _confirmations(filler, draft: Draft, rng: random.Random) -> None:
    """Some budget applications still await the cabinet, some contracts the payment, some
    educators the principal's release; the provider accepts those with everything in place."""
    enrolment = draft.enrolment
    at = enrolment.requested_at
    latest = filler.ctx.moment(filler.ctx.today - dt.timedelta(days=1), 480)
    if enrolment.funding == Funding.BUDGET and not enrolment.district_confirmed_at:
        if rng.random() < 0.55:
            at = min(at + dt.timedelta(days=rng.randint(1, 5)), latest)
            enrolment.district_confirmed_at = at
            draft.step(at, "confirm_nomination", State.ENROLLED)
    if enrolment.funding == Funding.CONTRACT and rng.random() < 0.6:
        at = min(at + dt.timedelta(days=rng.randint(1, 7)), latest)
        enrolment.payment_recorded_at = at
        enrolment.payment_reference = f"ПП-{at.year}-{enrolment.educator_id % 100000:05d}"
        draft.step(at, "record_payment", State.ENROLLED, enrolment.payment_reference)
    if rng.random() < 0.55:
        at = min(at + dt.timedelta(days=rng.randint(1, 6)), latest)
        enrolment.release_confirmed_at = at
        draft.step(at, "confirm_release", State.ENROLLED)
    if enrolment.is_confirmed and rng.random() < 0.7:
        at = min(at + dt.timedelta(days=rng.randint(1, 4)), latest)
        enrolment.accepted_at = at
        draft.step(at, "accept_enrolment", State.ENROLLED)
        draft.notify(Kind.ACCEPTED, at, read=rng.random() < 0.5)

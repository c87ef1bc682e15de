"""Attendance, results and completion of the sessions that have begun or ended."""

import datetime as dt
import random

from cheber.delivery.demo.places import Draft
from cheber.delivery.models import Enrolment, Notification

State = Enrolment.State
PRESENT = 0.93


def attend(filler, draft: Draft, rng: random.Random, stage: str) -> None:
    """In progress: marks up to yesterday. Ended, awaiting completion: every day, and the
    results of about half the group."""
    session = draft.enrolment.session
    today = filler.ctx.today
    days = [day for day in session.days if day < today]
    draft.attendance = [(day, rng.random() < PRESENT) for day in days]
    if stage == "awaiting" and rng.random() < 0.5:
        _result(filler, draft, rng, passed=rng.random() < 0.9)


def close(filler, draft: Draft, rng: random.Random, passed: bool, record: int | None) -> None:
    """Completed (linked to the history record) or not: low attendance or a failed test."""
    enrolment = draft.enrolment
    days = enrolment.session.days
    allowed = len(days) // 5  # the rule in force asks for 80% attendance
    low = not passed and rng.random() < 0.5
    absent = rng.randint(allowed + 1, allowed + 3) if low else rng.randint(0, allowed)
    missed = set(rng.sample(days, min(absent, len(days))))
    draft.attendance = [(day, day not in missed) for day in days]
    _result(filler, draft, rng, passed=passed or low)
    at = filler.ctx.moment(enrolment.session.end_date + dt.timedelta(days=2), 120)
    enrolment.state = State.COMPLETED if passed else State.NOT_COMPLETED
    if passed:
        enrolment.training_record_id = draft.record_id = record
        filler.pool.taken_records.add(record)
    draft.step(at, "complete" if passed else "not_complete", State.ENROLLED)
    if passed:
        draft.notify(Notification.Kind.COMPLETED, at, read=rng.random() < 0.85)


def _result(filler, draft: Draft, rng: random.Random, passed: bool) -> None:
    enrolment = draft.enrolment
    enrolment.assessment_passed = passed
    enrolment.assessment_score = rng.randint(62, 100) if passed else rng.randint(20, 55)
    note = ("passed" if passed else "failed") + f" {enrolment.assessment_score}"
    at = filler.ctx.moment(enrolment.session.end_date, 420)
    draft.step(at, "record_result", State.ENROLLED, note)

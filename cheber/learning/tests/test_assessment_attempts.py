"""Attempts through their actions: drawing, the server's clock, sequence and replay guards,
offline answers sent twice, the attempts limit, the sweep of overdue attempts."""

import datetime as dt
import random
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cheber.core.actors import SYSTEM
from cheber.core.models import AuditEvent
from cheber.learning.actions import assessment as actions
from cheber.learning.actions.assessment import Answer
from cheber.learning.models import Attempt, QuestionAttempt, Step
from cheber.learning.tests.assessment_fixtures import *  # noqa: F403
from cheber.learning.tests.assessment_fixtures import (
    MONDAY,
    learner_with_enrolment,
    make_test,
    right_response,
    single,
)

pytestmark = pytest.mark.usefixtures("in_english")


def start(course, test, seed=1):
    return actions.start_attempt(actor=course["learner"], enrolment=course["enrolment"],
                                 test=test, rng=random.Random(seed))  # fmt: skip


def answers_for(attempt, *, right=True) -> list[Answer]:
    result = []
    for qa in attempt.slots.select_related("version"):
        response = right_response(qa) if right else {"answer": "-1", "choice": 99}
        result.append(Answer(slot=qa.slot, response=response, sequence=qa.sequence))
    return result


def test_start_draws_per_category_and_fixes_the_deadline(course, final_test):
    attempt = start(course, final_test)

    slots = list(attempt.slots.select_related("version__question"))
    assert [s.version.question.category for s in slots] == ["Негиздер"] * 3 + ["Эсеп"]
    assert len({s.version.question_id for s in slots}) == 4
    assert attempt.deadline == MONDAY + dt.timedelta(minutes=20)
    assert attempt.max_marks == Decimal(4)
    assert (attempt.number, attempt.passing_percent, attempt.state) == (1, 60, "in_progress")
    assert all(sorted(s.state["order"]) == [0, 1, 2, 3] for s in slots[:3])


def test_starting_again_continues_the_open_attempt_and_keeps_its_deadline(
    course, final_test, time_machine
):
    first = start(course, final_test)
    time_machine.shift(dt.timedelta(minutes=5))

    again = start(course, final_test, seed=2)

    assert again.pk == first.pk
    assert again.deadline == MONDAY + dt.timedelta(minutes=20)
    assert again.seconds_left() == 15 * 60


def test_deadline_is_capped_by_the_end_of_the_session(course, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 26, 23, 50, tzinfo=MONDAY.tzinfo), tick=False)
    test = make_test(course, time_limit=30)

    attempt = start(course, test)

    assert attempt.deadline == dt.datetime(2027, 3, 27, 0, 0, tzinfo=MONDAY.tzinfo)


def test_right_answers_pass_and_the_rule_is_the_one_copied_at_start(course, final_test):
    attempt = start(course, final_test)
    final_test.passing_percent = 100
    final_test.save()

    finished = actions.submit_attempt(
        actor=course["learner"], attempt=attempt, answers=answers_for(attempt), token=uuid.uuid4()
    )

    assert (finished.state, finished.score, finished.passed) == ("finished", Decimal("100.00"),
                                                                  True)  # fmt: skip
    assert finished.marks == Decimal("4.00")
    assert list(finished.slots.values_list("fraction", flat=True)) == [Decimal(1)] * 4


def test_wrong_answers_fail(course, final_test):
    attempt = start(course, final_test)

    finished = actions.submit_attempt(actor=course["learner"], attempt=attempt,
                                      answers=answers_for(attempt, right=False),
                                      token=uuid.uuid4())  # fmt: skip

    assert (finished.score, finished.passed) == (Decimal("0.00"), False)


def test_a_finished_attempt_cannot_change(course, final_test):
    attempt = start(course, final_test)
    actions.submit_attempt(actor=course["learner"], attempt=attempt, answers=[],
                           token=uuid.uuid4())  # fmt: skip

    with pytest.raises(ValidationError) as error:
        actions.save_answers(actor=course["learner"], attempt=attempt,
                             answers=answers_for(attempt))  # fmt: skip

    assert error.value.code == "closed"
    assert Step.objects.filter(question_attempt__attempt=attempt).count() == 0


def test_a_replayed_submission_is_refused_and_the_same_one_is_stored_once(course, final_test):
    attempt = start(course, final_test)
    token = uuid.uuid4()
    actions.submit_attempt(actor=course["learner"], attempt=attempt, answers=[], token=token)

    again = actions.submit_attempt(actor=course["learner"], attempt=attempt, answers=[],
                                   token=token)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        actions.submit_attempt(actor=course["learner"], attempt=attempt,
                               answers=answers_for(attempt), token=uuid.uuid4())  # fmt: skip

    assert again.score == Decimal("0.00")
    assert error.value.code == "replayed"
    assert AuditEvent.objects.filter(verb="finish_attempt").count() == 1


def test_a_late_submission_is_refused_and_closes_with_what_was_saved(
    course, final_test, time_machine
):
    attempt = start(course, final_test)
    first = answers_for(attempt)[:1]
    actions.save_answers(actor=course["learner"], attempt=attempt, answers=first)
    time_machine.shift(dt.timedelta(minutes=20, seconds=61))

    with pytest.raises(ValidationError) as error:
        actions.submit_attempt(actor=course["learner"], attempt=attempt,
                               answers=answers_for(attempt), token=uuid.uuid4())  # fmt: skip

    attempt.refresh_from_db()
    assert error.value.code == "late"
    assert (attempt.state, attempt.closed_late, attempt.score) == ("finished", True,
                                                                   Decimal("25.00"))  # fmt: skip
    assert attempt.finished_at == attempt.deadline
    assert (
        list(
            Step.objects.filter(question_attempt__attempt=attempt)
            .values_list("kind", flat=True)
            .order_by("pk")
        )
        == ["save"] + ["late"] * 4
    )


def test_a_submission_within_the_grace_counts(course, final_test, time_machine):
    attempt = start(course, final_test)
    time_machine.shift(dt.timedelta(minutes=20, seconds=50))

    finished = actions.submit_attempt(
        actor=course["learner"], attempt=attempt, answers=answers_for(attempt), token=uuid.uuid4()
    )

    assert (finished.score, finished.closed_late) == (Decimal("100.00"), False)


def test_a_stale_page_is_refused_without_saving(course, final_test):
    attempt = start(course, final_test)
    actions.save_answers(
        actor=course["learner"],
        attempt=attempt,
        answers=[Answer(slot=1, response={"choice": 1}, sequence=0)],
    )
    stale = [Answer(slot=1, response={"choice": 3}, sequence=0)]

    with pytest.raises(ValidationError) as error:
        actions.save_answers(actor=course["learner"], attempt=attempt, answers=stale)

    assert error.value.code == "stale"
    slot = QuestionAttempt.objects.get(attempt=attempt, slot=1)
    assert (slot.sequence, slot.response) == (1, {"choice": 1})


def test_an_offline_answer_sent_twice_is_stored_once(course, final_test):
    attempt = start(course, final_test)
    answer = Answer(slot=1, response={"choice": 2}, sequence=0, client_id=uuid.uuid4())

    actions.save_answers(actor=course["learner"], attempt=attempt, answers=[answer])
    actions.save_answers(actor=course["learner"], attempt=attempt, answers=[answer])

    slot = QuestionAttempt.objects.get(attempt=attempt, slot=1)
    assert (slot.sequence, slot.response, slot.steps.count()) == (1, {"choice": 2}, 1)


def test_the_attempts_limit_holds(course, final_test):
    for _n in range(2):
        attempt = start(course, final_test)
        actions.submit_attempt(actor=course["learner"], attempt=attempt, answers=[],
                               token=uuid.uuid4())  # fmt: skip

    with pytest.raises(ValidationError, match="all 2 attempts"):
        start(course, final_test)

    assert Attempt.objects.filter(test=final_test).count() == 2


def test_a_second_attempt_draws_the_questions_met_least(course):
    for n in range(6, 9):
        actions.add_question(actor=course["staff"], programme=course["programme"],
                             question=single(n))  # fmt: skip
    test = make_test(course, draws=[("Негиздер", 4)])
    first = start(course, test)
    actions.submit_attempt(actor=course["learner"], attempt=first, answers=[], token=uuid.uuid4())

    second = start(course, test, seed=7)

    met = set(first.slots.values_list("version__question_id", flat=True))
    again = set(second.slots.values_list("version__question_id", flat=True))
    assert len(met & again) == 1  # of seven questions, only three were not met


def test_only_the_learner_answers_their_attempt(course, final_test):
    attempt = start(course, final_test)
    other, _enrolment = learner_with_enrolment(course["session"], "other", "Бекова")

    with pytest.raises(PermissionDenied):
        actions.save_answers(actor=other, attempt=attempt, answers=answers_for(attempt))
    with pytest.raises(PermissionDenied):
        actions.start_attempt(actor=other, enrolment=course["enrolment"], test=final_test)


def test_overdue_attempts_are_closed_by_the_sweep(course, final_test, time_machine):
    attempt = start(course, final_test)
    time_machine.shift(dt.timedelta(minutes=30))

    closed = actions.close_overdue_attempts(actor=SYSTEM)

    attempt.refresh_from_db()
    assert closed == 1
    assert (attempt.state, attempt.closed_late, attempt.score) == ("abandoned", True,
                                                                   Decimal("0.00"))  # fmt: skip


def test_the_command_closes_overdue_attempts(course, final_test, time_machine):
    from io import StringIO

    from django.core.management import call_command

    start(course, final_test)
    time_machine.shift(dt.timedelta(hours=1))
    out = StringIO()

    call_command("close_overdue_attempts", stdout=out)

    assert out.getvalue() == "attempts closed: 1\n"
    assert AuditEvent.objects.get(verb="finish_attempt").via == "command close_overdue_attempts"

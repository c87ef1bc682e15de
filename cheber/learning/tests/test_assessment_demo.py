"""The demo's assessment: a 40+-question bank that passes its own checks, the tests and project
of a programme; attempts written in bulk by the server (drawn and graded as a learner's are,
within the tests' rules, the same for the same seed) and the tests of a learner at each stage."""

import datetime as dt
import random
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cheber.core.actors import SYSTEM
from cheber.core.models import AuditEvent
from cheber.learning import demo, grading
from cheber.learning.actions import assessment as actions
from cheber.learning.demo import (
    CATEGORIES,
    answering,
    bank,
    course_tests,
    right_response,
    seed_assessment,
)
from cheber.learning.models import Attempt, Question, Step, Test
from cheber.learning.questions import Question as Q
from cheber.learning.tests.assessment_fixtures import *  # noqa: F403


def test_the_demo_bank_has_over_40_valid_questions_of_every_kind():
    questions = bank()

    assert len(questions) >= 40
    assert [problem for question in questions for problem in question.validate()] == []
    assert {str(question.kind) for question in questions} == {
        "single", "multiple", "true_false", "matching", "ordering", "numeric", "short"
    }  # fmt: skip


def test_seeding_writes_the_bank_tests_and_project_once(course):
    programme = course["programme"]
    Question.objects.filter(programme=programme).delete()

    first = seed_assessment(programme, actor=course["staff"])
    again = seed_assessment(programme, actor=course["staff"])

    assert first == {"questions": 44, "tests": 3}
    assert again == {"questions": 0, "tests": 0}
    assert sorted(Test.objects.filter(programme=programme).values_list("purpose", flat=True)) == [
        "final", "post", "pre"
    ]  # fmt: skip
    assert programme.assignments.get().criteria.count() == 3


def test_right_responses_score_full_marks_on_every_kind(course):
    programme = course["programme"]
    Question.objects.filter(programme=programme).delete()
    seed_assessment(programme, actor=course["staff"])
    final = Test.objects.get(programme=programme, purpose="final")
    final.attempts_allowed = 0
    final.save()
    for seed in range(4):
        attempt = actions.start_attempt(actor=course["learner"], enrolment=course["enrolment"],
                                        test=final, rng=random.Random(seed))  # fmt: skip
        answers = [actions.Answer(qa.slot, right_response(qa), 0)
                   for qa in attempt.slots.select_related("version")]  # fmt: skip

        done = actions.submit_attempt(actor=course["learner"], attempt=attempt, answers=answers,
                                      token=uuid.uuid4())  # fmt: skip

        assert done.score == Decimal("100.00")


def _sittings(course, stage, rng):
    tests = course_tests(course["programme"])
    return demo.sittings(stage, tests, rng)


def _past(course, enrolment, test, skill, rng, hours=3):
    return actions.PastAttempt(
        enrolment=enrolment, test=test, started_at=timezone.now() - dt.timedelta(hours=hours),
        respond=answering(skill, rng), minutes=12,
    )  # fmt: skip


def test_recorded_attempts_are_drawn_and_graded_as_a_learners_are(course):
    programme = course["programme"]
    Question.objects.filter(programme=programme).delete()
    seed_assessment(programme, actor=SYSTEM)
    tests = course_tests(programme)
    rng = random.Random(7)

    made = actions.record_attempts(actor=SYSTEM, rng=rng, attempts=[
        _past(course, course["enrolment"], tests["final"], 1.0, rng, hours=3),
        _past(course, course["enrolment"], tests["pre"], 0.0, rng, hours=5),
    ])  # fmt: skip

    pre, final = sorted(made, key=lambda a: a.started_at)
    assert (pre.test, final.test) == (tests["pre"], tests["final"])
    assert (final.score, final.passed, final.state) == (Decimal("100.00"), True, "finished")
    assert pre.score == Decimal("0.00")
    assert final.slots.count() == 12 and pre.slots.count() == 8
    assert {qa.version.question.category for qa in final.slots.all()} == set(CATEGORIES)
    assert all(qa.fraction == 1 and qa.sequence == 1 for qa in final.slots.all())
    assert Step.objects.filter(question_attempt__attempt=final).count() == 12
    assert final.finished_at - final.started_at == dt.timedelta(minutes=12)
    assert final.deadline - final.started_at == dt.timedelta(minutes=40)
    assert AuditEvent.objects.filter(verb="record_attempt").count() == 2


def test_a_recorded_attempt_is_scored_by_the_grading_code(course):
    """A learner who knows half the answers: the score is what the attempt page would give."""
    programme = course["programme"]
    Question.objects.filter(programme=programme).delete()
    seed_assessment(programme, actor=SYSTEM)
    rng = random.Random(11)

    attempt = actions.record_attempts(actor=SYSTEM, rng=rng, attempts=[
        _past(course, course["enrolment"], course_tests(programme)["final"], 0.5, rng)
    ])[0]  # fmt: skip

    slots = list(attempt.slots.select_related("version"))
    regraded = sum(
        grading.grade(Q.from_json(qa.version.body), qa.state, qa.response or {}).fraction
        for qa in slots
    )
    assert attempt.marks == regraded.quantize(Decimal("0.01"))
    assert 0 < attempt.score < 100
    assert attempt.passed == (attempt.score >= 60)


def test_recording_attempts_keeps_the_tests_rules(course):
    programme = course["programme"]
    Question.objects.filter(programme=programme).delete()
    seed_assessment(programme, actor=SYSTEM)
    pre = course_tests(programme)["pre"]
    rng = random.Random(1)
    twice = [_past(course, course["enrolment"], pre, 1.0, rng, hours=h) for h in (5, 3)]
    future = [_past(course, course["enrolment"], pre, 1.0, rng, hours=0)]

    with pytest.raises(PermissionDenied):
        actions.record_attempts(actor=course["learner"], attempts=twice[:1], rng=rng)
    with pytest.raises(ValidationError):
        actions.record_attempts(actor=SYSTEM, attempts=twice, rng=rng)  # one attempt allowed
    with pytest.raises(ValidationError):
        actions.record_attempts(actor=SYSTEM, attempts=future, rng=rng)  # not finished yet

    assert Attempt.objects.count() == 0


def test_the_same_seed_records_the_same_attempts(course):
    programme = course["programme"]
    Question.objects.filter(programme=programme).delete()
    seed_assessment(programme, actor=SYSTEM)
    final = course_tests(programme)["final"]

    def record(seed):
        rng = random.Random(seed)
        attempt = actions.record_attempts(actor=SYSTEM, rng=rng, attempts=[
            _past(course, course["enrolment"], final, 0.6, rng)
        ])[0]  # fmt: skip
        made = [(qa.version_id, qa.state, qa.response, qa.fraction)
                for qa in attempt.slots.order_by("slot")]  # fmt: skip
        Attempt.objects.filter(pk=attempt.pk).delete()
        return made

    assert record(4) == record(4)
    assert record(4) != record(5)


def test_learners_at_later_stages_sit_more_tests_and_must_pass_some(course):
    programme = course["programme"]
    Question.objects.filter(programme=programme).delete()
    seed_assessment(programme, actor=SYSTEM)
    rng = random.Random(3)

    by_stage = {stage: _sittings(course, stage, rng) for stage in demo.Stage}

    purposes = {stage: [s.test.purpose for s in sits] for stage, sits in by_stage.items()}
    assert purposes[demo.Stage.ENROLLED] == []
    assert purposes[demo.Stage.READING] == ["pre"]
    assert purposes[demo.Stage.LESSONS] == ["pre", "final"]  # (this programme has no modules)
    assert purposes[demo.Stage.COMPLETED] == ["pre", "final", "post"]
    assert [s.must_pass for s in by_stage[demo.Stage.COMPLETED]] == [False, True, False]


def test_recorded_attempts_show_on_the_learners_and_the_providers_pages(client, course):
    programme = course["programme"]
    Question.objects.filter(programme=programme).delete()
    seed_assessment(programme, actor=SYSTEM)
    final = course_tests(programme)["final"]
    rng = random.Random(2)
    attempt = actions.record_attempts(actor=SYSTEM, rng=rng, attempts=[
        _past(course, course["enrolment"], final, 0.7, rng)
    ])[0]  # fmt: skip

    client.force_login(course["learner"])
    result = client.get(reverse("learning:attempt_result", args=[attempt.pk]))
    client.force_login(course["staff"])
    statistics = client.get(reverse("learning:test_statistics", args=[final.pk]))
    results = client.get(reverse("learning:session_assessment", args=[course["session"].pk]))

    assert result.status_code == 200
    assert f"{attempt.score}%" in result.content.decode()
    assert statistics.status_code == 200
    assert f"{attempt.score}%" in results.content.decode()

"""The demo's assessment: a 40+-question bank that passes its own checks, the tests and project
of a programme, learners' attempts at every stage, pre- and post-test scores."""

import random
import uuid
from decimal import Decimal

from cheber.learning.actions import assessment as actions
from cheber.learning.demo import bank, right_response, seed_assessment, take_tests
from cheber.learning.models import Attempt, Question, Test
from cheber.learning.rules import prepost_scores
from cheber.learning.tests.assessment_fixtures import *  # noqa: F403
from cheber.learning.tests.assessment_fixtures import learner_with_enrolment


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


def test_learners_at_the_end_have_pre_final_and_post_attempts(course):
    programme = course["programme"]
    Question.objects.filter(programme=programme).delete()
    seed_assessment(programme, actor=course["staff"])
    learner, enrolment = learner_with_enrolment(course["session"], "late", "Кечки")
    rng = random.Random(3)

    made = take_tests(course["enrolment"], actor=course["learner"], stage=1.0, rng=rng)
    early = take_tests(enrolment, actor=learner, stage=0.1, rng=rng)

    assert (made, early) == (3, 0)
    assert Attempt.objects.filter(enrolment=course["enrolment"], state="finished").count() == 3
    assert set(prepost_scores([course["enrolment"]])[course["enrolment"].pk]) == {"pre", "post"}

"""The online-learning demo: six programmes with content in both languages, and learners at
every stage of them (lessons, tests sat, projects handed in and graded, completions), the same
for the same seed; `cheber stats --json` counts them."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction

from cheber.catalog.models import Programme
from cheber.delivery.models import Enrolment
from cheber.learning import rules
from cheber.learning.models import Attempt, ContentVersion, CourseProgress, Lesson, Submission
from cheber.learning.tests import factories as lf

pytestmark = pytest.mark.usefixtures("reference")


def test_seed_learning_writes_six_courses_with_bilingual_content_and_learners(school):
    from cheber.registry.tests.factories import OrganizationFactory, employ

    for n in range(8):
        educator, _user = lf.learner(school, f"t{n}")
    employ(educator, OrganizationFactory(unit=school.unit))  # two jobs: one learner still
    out = io.StringIO()

    call_command("seed_learning", learners=4, stdout=out)
    call_command("seed_learning", learners=4, if_empty=True, stdout=io.StringIO())

    programmes = Programme.objects.filter(code__startswith="LRN-")
    assert sorted(programmes.values_list("form", flat=True)) == ["blended"] * 2 + ["online"] * 4
    assert ContentVersion.objects.filter(status="approved").count() == 6
    lessons = Lesson.objects.filter(version__programme__in=programmes)
    assert lessons.count() == 36
    assert all(lesson.html_ky.startswith("<p>Бул сабак") and lesson.html_ru for lesson in lessons)
    assert CourseProgress.objects.count() == 24
    assert out.getvalue().startswith("programmes: 6, lessons: 36, sessions: 6, learners: 24")
    for programme in programmes:
        assert programme.questions.count() == 44
        assert sorted(programme.tests.values_list("purpose", flat=True)) == [
            "final", "module", "module", "post", "pre"
        ]  # fmt: skip
    assert "questions: 264, tests: 30, attempts: " in out.getvalue()


def _learners(school, n: int) -> None:
    for k in range(n):
        lf.learner(school, f"t{k}")


def test_the_demo_learners_are_at_every_stage_and_the_stats_count_them(school):
    _learners(school, 8)
    call_command("seed_learning", learners=8, seed=2, stdout=io.StringIO())
    out = io.StringIO()

    call_command("stats", json=True, stdout=out)

    figures = json.loads(out.getvalue())["learning"]
    assert (figures["online_programmes"], figures["blended_programmes"]) == (4, 2)
    assert figures["lessons"] == 36
    assert figures["learners_in_progress"] + figures["completed_online"] == 48
    assert figures["attempts"] == Attempt.objects.count() > 0
    assert figures["learners_in_progress"] > 0
    assert figures["completed_online"] > 0
    online = Enrolment.objects.filter(session__programme__code="LRN-ICT")
    assert online.count() == 8
    seen = sorted(CourseProgress.objects.filter(enrolment__in=online)
                  .values_list("lessons_seen", flat=True))  # fmt: skip
    assert {0, 3, 6} <= set(seen) and any(0 < n < 3 for n in seen)  # none, some, a module, all
    attempts = Attempt.objects.filter(enrolment__in=online)
    assert set(attempts.values_list("test__purpose", flat=True)) == {
        "pre", "module", "final", "post"
    }  # fmt: skip
    assert attempts.filter(passed=False).exists() and attempts.filter(passed=True).exists()
    assert all(a.max_marks > 0 and a.score is not None for a in attempts)
    submissions = Submission.objects.filter(enrolment__in=online).select_related("grading")
    grades = [getattr(getattr(s, "grading", None), "passed", None) for s in submissions]
    assert set(grades) == {None, False, True}  # waiting; graded not passing, passing
    completed = online.filter(state=Enrolment.State.COMPLETED).select_related("training_record")
    assert completed.exists()
    assert {e.training_record.title for e in completed} == {
        "Мугалимдин санариптик компетенттүүлүгү"
    }  # fmt: skip
    blended = Enrolment.objects.filter(session__programme__code="LRN-ACTIVE")
    assert not blended.filter(state=Enrolment.State.COMPLETED).exists()
    assert any(rules.online_part_done(e) for e in blended.select_related("session"))


def test_the_demo_is_the_same_for_the_same_seed(school):
    _learners(school, 8)

    def demo_with(seed: int) -> list:
        try:
            with transaction.atomic():
                call_command("seed_learning", learners=4, seed=seed, stdout=io.StringIO())
                attempts = Attempt.objects.order_by("enrolment__educator_id", "test__title",
                                                    "number")  # fmt: skip
                courses = CourseProgress.objects.order_by("enrolment__educator_id")
                raise _Undo(
                    list(attempts.values_list("enrolment__educator_id", "test__title", "number",
                                              "score"))
                    + list(courses.values_list("enrolment__educator_id", "lessons_seen",
                                               "enrolment__state"))
                )  # fmt: skip
        except _Undo as undo:
            return undo.args[0]

    first = demo_with(5)

    assert first and demo_with(5) == first


class _Undo(Exception):
    pass

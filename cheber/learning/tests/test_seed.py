"""The online-learning demo: six programmes with content in both languages and learners."""

import io

import pytest
from django.core.management import call_command

from cheber.catalog.models import Programme
from cheber.learning.models import ContentVersion, CourseProgress, Lesson
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
        assert sorted(programme.tests.values_list("purpose", flat=True)) == ["final", "post", "pre"]
    assert out.getvalue().strip().endswith("questions: 264, tests: 18")


def test_stats_carry_the_learning_figures(school):
    from cheber.core.management.commands.stats import collect_stats

    for n in range(8):
        lf.learner(school, f"t{n}")
    call_command("seed_learning", learners=4, seed=3, stdout=io.StringIO())

    figures = collect_stats()["learning"]

    assert (figures["online_programmes"], figures["blended_programmes"]) == (4, 2)
    assert figures["lessons"] == 36
    assert figures["learners_in_progress"] + figures["completed_online"] == 24

"""Assignments through HTTP: the learner hands in text or a file (type and size checked), the
trainer grades with the rubric, resubmission until a passing grade; the summary the completion
rule reads; pre- and post-test scores."""

import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cheber.core.access import Role
from cheber.learning.actions import assessment as actions
from cheber.learning.actions import assignments
from cheber.learning.models import Grading, Submission
from cheber.learning.rules import assessment_summary, prepost_scores
from cheber.learning.tests.assessment_fixtures import *  # noqa: F403
from cheber.learning.tests.assessment_fixtures import make_test, right_response
from cheber.registry.tests.factories import EducatorFactory, user_with_role

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture(autouse=True)
def english(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.cookies["cheber_language"] = "en"


@pytest.fixture
def project(course):
    return assignments.save_assignment(
        actor=course["staff"], programme=course["programme"],
        values={"kind": "project", "title": "Сабак долбоору", "file_types": "pdf,docx",
                "max_file_mb": 1, "passing_points": 6},
        criteria=[("Максаттар", 4), ("Ыкмалар", 4)],
    )  # fmt: skip


@pytest.fixture
def trainer(course):
    educator = EducatorFactory(surname="Тренерова")
    course["session"].trainers.add(educator)
    return user_with_role("trainer", Role.TEACHER, educator=educator)


def url(course, project):
    return reverse("learning:assignment", args=[course["enrolment"].pk, project.pk])


def test_the_learner_hands_in_a_file(client, course, project):
    client.force_login(course["learner"])
    upload = SimpleUploadedFile("dolboor.pdf", b"%PDF-1.4 test", "application/pdf")

    response = client.post(url(course, project), {"text": "", "file": upload})

    submission = Submission.objects.get()
    assert response.status_code == 302
    assert (submission.number, submission.file.name.endswith("dolboor.pdf")) == (1, True)


def test_a_file_of_another_type_or_too_large_is_refused(client, course, project):
    client.force_login(course["learner"])
    script = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")
    large = SimpleUploadedFile("big.pdf", b"0" * (1024 * 1024 + 1), "application/pdf")

    wrong = client.post(url(course, project), {"file": script}).content.decode()
    too_big = client.post(url(course, project), {"file": large}).content.decode()

    assert "Files of type pdf, docx only." in wrong
    assert "larger than 1 MB" in too_big
    assert Submission.objects.count() == 0


def test_the_trainer_grades_and_a_failed_work_is_handed_in_again(client, course, project,
                                                                 trainer):  # fmt: skip
    first = assignments.submit_assignment(
        actor=course["learner"],
        enrolment=course["enrolment"],
        assignment=project,
        text="Биринчи вариант",
    )
    criteria = list(project.criteria.all())
    client.force_login(trainer)

    response = client.post(reverse("learning:submission_grade", args=[first.pk]),
                           {f"c{criteria[0].pk}": "2", f"c{criteria[1].pk}": "3",
                            "comment": "Максаттарды тактаңыз"})  # fmt: skip
    second = assignments.submit_assignment(
        actor=course["learner"],
        enrolment=course["enrolment"],
        assignment=project,
        text="Экинчи вариант",
    )

    assert response.status_code == 302
    grading = Grading.objects.get(submission=first)
    assert (grading.points, grading.passed, grading.comment) == (5, False, "Максаттарды тактаңыз")
    assert second.number == 2


def test_no_resubmission_after_a_pass(course, project, trainer):
    first = assignments.submit_assignment(
        actor=course["learner"], enrolment=course["enrolment"], assignment=project, text="Долбоор"
    )
    criteria = {c.pk: c.max_points for c in project.criteria.all()}
    assignments.grade_submission(actor=trainer, submission=first, points=criteria)

    with pytest.raises(Exception, match="graded as passed"):
        assignments.submit_assignment(
            actor=course["learner"], enrolment=course["enrolment"], assignment=project, text="Дагы"
        )


def test_a_learner_cannot_grade_and_other_trainers_get_404(client, course, project):
    submission = assignments.submit_assignment(
        actor=course["learner"], enrolment=course["enrolment"], assignment=project, text="Иш"
    )
    outsider = user_with_role("outsider", Role.TEACHER, educator=EducatorFactory())
    grade_url = reverse("learning:submission_grade", args=[submission.pk])

    client.force_login(course["learner"])
    own = client.post(grade_url, {"comment": "өзүм"}).status_code
    client.force_login(outsider)
    other = client.get(grade_url).status_code

    assert (own, other) == (404, 404)
    assert Grading.objects.count() == 0


def test_the_summary_needs_tests_passed_and_assignments_passed(course, project, trainer):
    final = make_test(course)
    attempt = actions.start_attempt(actor=course["learner"], enrolment=course["enrolment"],
                                    test=final)  # fmt: skip
    answers = [actions.Answer(qa.slot, right_response(qa), 0)
               for qa in attempt.slots.select_related("version")]  # fmt: skip
    actions.submit_attempt(actor=course["learner"], attempt=attempt, answers=answers,
                           token=uuid.uuid4())  # fmt: skip
    before = assessment_summary(course["enrolment"])
    work = assignments.submit_assignment(
        actor=course["learner"], enrolment=course["enrolment"], assignment=project, text="Долбоор"
    )
    assignments.grade_submission(
        actor=trainer, submission=work, points={c.pk: 4 for c in project.criteria.all()}
    )

    after = assessment_summary(course["enrolment"])

    assert (before.tests_passed, before.assignments_passed, before.complete) == (1, 0, False)
    assert (after.assignments_passed, after.complete) == (1, True)


def test_pre_and_post_test_scores_are_kept_per_learner(course):
    pre = make_test(course, purpose="pre", title="Алгачкы", passing_percent=0)
    post = make_test(course, purpose="post", title="Акыркы", passing_percent=0,
                     same_blueprint_as=pre, draws=[])  # fmt: skip
    for test, right in ((pre, False), (post, True)):
        attempt = actions.start_attempt(actor=course["learner"], enrolment=course["enrolment"],
                                        test=test)  # fmt: skip
        answers = (
            [
                actions.Answer(qa.slot, right_response(qa), 0)
                for qa in attempt.slots.select_related("version")
            ]
            if right
            else []
        )
        actions.submit_attempt(actor=course["learner"], attempt=attempt, answers=answers,
                               token=uuid.uuid4())  # fmt: skip

    scores = prepost_scores([course["enrolment"]])

    assert scores == {course["enrolment"].pk: {"pre": Decimal("0.00"), "post": Decimal("100.00")}}
    assert post.attempts.get().slots.count() == 4

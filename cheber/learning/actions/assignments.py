"""Assignments: the learner hands in text or a file (again, until a grade passes it), a trainer
grades the latest submission with the rubric."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cheber.core.actors import user_or_none
from cheber.core.audit import record
from cheber.delivery.models import Enrolment
from cheber.learning import rules
from cheber.learning.access import can_grade, can_manage_bank, can_study
from cheber.learning.actions._common import complete_if_met, mark_active
from cheber.learning.models import Assignment, Criterion, CriterionScore, Grading, Submission


@transaction.atomic
def save_assignment(
    *, actor: Any, programme, values: dict[str, Any], criteria: list[tuple[str, int]],
    assignment: Assignment | None = None,
) -> Assignment:  # fmt: skip
    """Create or change an assignment and its rubric; a rubric already used stays as it is."""
    if not can_manage_bank(actor, programme):
        raise PermissionDenied
    if not criteria:
        raise ValidationError({"criteria": _("Give the rubric at least one criterion.")})
    assignment = assignment or Assignment(programme=programme)
    for name, value in values.items():
        setattr(assignment, name, value)
    assignment.full_clean()
    assignment.save()
    used = Grading.objects.filter(submission__assignment=assignment).exists()
    if used:
        raise ValidationError({"criteria": _("Submissions were graded with this rubric; it can "
                                             "no longer change.")})  # fmt: skip
    assignment.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(assignment=assignment, order=i, title=title, max_points=points)
        for i, (title, points) in enumerate(criteria, 1)
    )
    if assignment.passing_points > sum(points for _title, points in criteria):
        raise ValidationError({"passing_points": _("More points to pass than the rubric gives.")})
    record(actor=actor, verb="save_assignment", obj=assignment, programme=programme.pk,
           criteria=[list(c) for c in criteria])  # fmt: skip
    return assignment


def _latest_submission(assignment: Assignment, enrolment: Enrolment) -> Submission | None:
    return (
        Submission.objects.filter(assignment=assignment, enrolment=enrolment)
        .select_related("grading")
        .order_by("-number")
        .first()
    )


@transaction.atomic
def submit_assignment(
    *, actor: Any, enrolment: Enrolment, assignment: Assignment, text: str = "",
    upload: UploadedFile | None = None,
) -> Submission:  # fmt: skip
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related(
        "session"
    ).get(pk=enrolment.pk)  # fmt: skip
    if not can_study(actor, enrolment):
        raise PermissionDenied
    if enrolment.state != Enrolment.State.ENROLLED:
        raise ValidationError(_("Only a participant of the session hands in work."))
    if assignment.programme_id != enrolment.session.programme_id:
        raise ValidationError(_("The assignment is not of this course."))
    if not text.strip() and upload is None:
        raise ValidationError({"text": _("Write a text or attach a file.")})
    if upload is not None:
        rules.check_file(assignment, upload)
    last = _latest_submission(assignment, enrolment)
    if last and hasattr(last, "grading") and last.grading.passed:
        raise ValidationError(_("Your work was graded as passed; there is nothing to resubmit."))
    number = (
        Submission.objects.filter(assignment=assignment, enrolment=enrolment).aggregate(
            n=Max("number")
        )["n"]
        or 0
    ) + 1
    submission = Submission(assignment=assignment, enrolment=enrolment, number=number,
                            text=text.strip())  # fmt: skip
    if upload is not None:
        submission.file.save(upload.name, upload, save=False)
    submission.save()
    mark_active(enrolment.pk)
    record(actor=actor, verb="submit_assignment", obj=submission, assignment=assignment.pk,
           enrolment=enrolment.pk, number=number)  # fmt: skip
    return submission


@transaction.atomic
def grade_submission(
    *, actor: Any, submission: Submission, points: dict[int, int], comment: str = ""
) -> Grading:
    """Points per criterion of the rubric; the total against the assignment's pass mark."""
    submission = Submission.objects.select_for_update(of=("self",)).select_related(
        "assignment", "enrolment__session"
    ).get(pk=submission.pk)  # fmt: skip
    if not can_grade(actor, submission.enrolment):
        raise PermissionDenied
    if Grading.objects.filter(submission=submission).exists():
        raise ValidationError(_("This submission is already graded."))
    latest = _latest_submission(submission.assignment, submission.enrolment)
    if latest.pk != submission.pk:
        raise ValidationError(_("A newer submission replaces this one; grade that one."))
    criteria = list(submission.assignment.criteria.all())
    if set(points) != {c.pk for c in criteria}:
        raise ValidationError(_("Give points for every criterion of the rubric."))
    for criterion in criteria:
        if not 0 <= points[criterion.pk] <= criterion.max_points:
            raise ValidationError(
                _("“%(criterion)s” gives 0 to %(max)s points.")
                % {"criterion": criterion.title, "max": criterion.max_points}
            )
    total = sum(points.values())
    grading = Grading.objects.create(
        submission=submission, grader=user_or_none(actor), points=total, comment=comment.strip(),
        passed=total >= submission.assignment.passing_points,
    )  # fmt: skip
    CriterionScore.objects.bulk_create(
        CriterionScore(grading=grading, criterion=c, points=points[c.pk]) for c in criteria
    )
    record(actor=actor, verb="grade_submission", obj=submission, points=total,
           passed=grading.passed, scores={str(k): v for k, v in points.items()})  # fmt: skip
    if grading.passed:  # the work may have been the learner's last step
        complete_if_met(submission.enrolment)
    return grading

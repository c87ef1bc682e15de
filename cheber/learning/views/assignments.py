"""Assignments: the learner hands in work; the provider writes the assignment and its rubric;
a trainer sees a session's attempts and submissions and grades with the rubric."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cheber.core.forms import add_action_errors
from cheber.core.uploads import upload_limit
from cheber.delivery.models import Enrolment
from cheber.learning.access import (
    can_grade,
    get_assignment_of_enrolment,
    get_bank_programme_for_user,
    get_managed_assignment_for_user,
    get_own_enrolment_for_user,
    get_submission_for_user,
    get_taught_session_for_user,
)
from cheber.learning.actions import assignments as actions
from cheber.learning.forms import AssignmentForm, GradingForm, SubmissionForm
from cheber.learning.models import Attempt, Submission


@upload_limit("submission")
@login_required
def assignment_detail(request, enrolment_pk: int, pk: int):
    """The assignment, the learner's submissions and grades; POST hands in (again)."""
    enrolment = get_own_enrolment_for_user(request.user, enrolment_pk)
    assignment = get_assignment_of_enrolment(enrolment, pk)
    form = SubmissionForm(request.POST or None, request.FILES or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            actions.submit_assignment(
                actor=request.user, enrolment=enrolment, assignment=assignment,
                text=form.cleaned_data["text"], upload=form.cleaned_data.get("file"),
            )  # fmt: skip
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("Your work is handed in."))
            return redirect("learning:assignment", enrolment.pk, assignment.pk)
    submissions = list(
        enrolment.submissions.filter(assignment=assignment)
        .select_related("grading")
        .prefetch_related("grading__scores__criterion")
        .order_by("-number")
    )
    latest = submissions[0] if submissions else None
    done = latest is not None and hasattr(latest, "grading") and latest.grading.passed
    return render(request, "learning/assessment/assignment.html", {
        "enrolment": enrolment, "assignment": assignment, "submissions": submissions,
        "form": None if done else form,
    })  # fmt: skip


@login_required
def submission_file(request, pk: int):
    submission = get_submission_for_user(request.user, pk)
    if not submission.file:
        raise Http404
    name = submission.file.name.rsplit("/", 1)[-1]
    return FileResponse(submission.file.open("rb"), as_attachment=True, filename=name)


def _save_assignment(request, form, programme):
    if not form.is_valid():
        return None
    values = {name: form.cleaned_data[name] for name in AssignmentForm.Meta.fields}
    try:
        return actions.save_assignment(
            actor=request.user, programme=programme, values=values,
            criteria=form.cleaned_data["criteria"],
            assignment=form.instance if form.instance.pk else None,
        )  # fmt: skip
    except ValidationError as error:
        add_action_errors(error, form)
        return None


@login_required
def assignment_add(request, pk: int):
    programme = get_bank_programme_for_user(request.user, pk)
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and _save_assignment(request, form, programme):
        messages.success(request, _("The assignment is saved."))
        return redirect("learning:bank", programme.pk)
    return render(request, "learning/assessment/assignment_form.html",
                  {"form": form, "programme": programme})  # fmt: skip


@login_required
def assignment_edit(request, pk: int):
    assignment = get_managed_assignment_for_user(request.user, pk)
    form = AssignmentForm(request.POST or None, instance=assignment)
    if request.method == "POST" and _save_assignment(request, form, assignment.programme):
        messages.success(request, _("The assignment is saved."))
        return redirect("learning:bank", assignment.programme_id)
    return render(
        request,
        "learning/assessment/assignment_form.html",
        {"form": form, "programme": assignment.programme, "assignment": assignment},
    )


@login_required
def session_assessment(request, pk: int):
    """A session's learners with their best score per test and their work waiting for a
    grade: for its provider's staff, its trainers and the national roles."""
    session = get_taught_session_for_user(request.user, pk)
    enrolments = list(
        session.enrolments.exclude(state__in=["withdrawn", "rejected", "waitlisted"])
        .select_related("educator")
        .order_by("educator__surname", "educator__first_name", "pk")
    )
    tests = list(session.programme.tests.all())
    best: dict[tuple[int, int], Attempt] = {}
    attempts = Attempt.objects.of_session(session).exclude(state="in_progress")
    for attempt in attempts.order_by("score"):
        best[(attempt.enrolment_id, attempt.test_id)] = attempt
    for enrolment in enrolments:
        enrolment.results = [best.get((enrolment.pk, test.pk)) for test in tests]
    waiting = (
        Submission.objects.of_session(session)
        .filter(grading__isnull=True)
        .select_related("assignment", "enrolment__educator")
        .order_by("submitted_at")
    )
    return render(request, "learning/assessment/session_assessment.html", {
        "session": session, "tests": tests, "enrolments": enrolments, "waiting": waiting,
    })  # fmt: skip


@login_required
def submission_grade(request, pk: int):
    submission = get_submission_for_user(request.user, pk)
    enrolment: Enrolment = submission.enrolment
    if not can_grade(request.user, enrolment):
        raise Http404
    criteria = submission.assignment.criteria.all()
    graded = hasattr(submission, "grading")
    form = GradingForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and not graded and form.is_valid():
        try:
            actions.grade_submission(
                actor=request.user,
                submission=submission,
                points=form.points(),
                comment=form.cleaned_data["comment"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The grade is saved."))
            return redirect("learning:session_assessment", enrolment.session_id)
    return render(request, "learning/assessment/submission_grade.html", {
        "submission": submission, "form": None if graded else form, "graded": graded,
        "criteria": criteria,
    })  # fmt: skip

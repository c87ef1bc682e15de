"""The only way an assessment view fetches a test, attempt, question or submission: through
the user's scope, else 404; and the named checks of who may do what (buttons read them,
actions enforce them)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from cheber.catalog.models import Programme
from cheber.core.access import access_for
from cheber.core.actors import is_system
from cheber.delivery.models import Enrolment
from cheber.learning.models import Assignment, Attempt, Question, Submission, Test
from cheber.schedule.models import Session


def get_own_enrolment(user, pk: int) -> Enrolment:
    """One of the learner's own enrolments, else 404."""
    enrolments = Enrolment.objects.filter(educator_id__in=access_for(user).educator_ids)
    return get_object_or_404(
        enrolments.select_related("session__programme", "session__provider"), pk=pk
    )


def get_test_of_enrolment(enrolment: Enrolment, pk: int) -> Test:
    """An open test of the enrolment's programme, else 404."""
    tests = Test.objects.open().filter(programme_id=enrolment.session.programme_id)
    return get_object_or_404(tests, pk=pk)


def get_assignment_of_enrolment(enrolment: Enrolment, pk: int) -> Assignment:
    assignments = Assignment.objects.filter(programme_id=enrolment.session.programme_id)
    return get_object_or_404(assignments.prefetch_related("criteria"), pk=pk)


def get_attempt_for_user(user, pk: int) -> Attempt:
    attempts = Attempt.objects.visible_to(user).select_related(
        "test", "enrolment__educator", "enrolment__session__programme"
    )
    return get_object_or_404(attempts, pk=pk)


def get_own_attempt(user, pk: int) -> Attempt:
    """An attempt of the learner themself (the only one who answers it), else 404."""
    attempts = Attempt.objects.of_learner(user).select_related(
        "test", "enrolment__session__programme"
    )
    return get_object_or_404(attempts, pk=pk)


def get_managed_test_for_user(user, pk: int, *, read: bool = False) -> Test:
    tests = Test.objects.readable_by(user) if read else Test.objects.managed_by(user)
    return get_object_or_404(tests.select_related("programme", "module"), pk=pk)


def get_managed_question_for_user(user, pk: int) -> Question:
    return get_object_or_404(Question.objects.managed_by(user).select_related("programme"), pk=pk)


def get_bank_programme_for_user(user, pk: int, *, read: bool = False) -> Programme:
    """A programme whose bank the user writes (its provider, the institute); with `read`, also
    one the national roles only read."""
    programmes = Programme.objects.managed_by(user)
    if read and access_for(user).national:
        programmes = Programme.objects.all()
    return get_object_or_404(programmes.select_related("provider"), pk=pk)


def get_taught_session_for_user(user, pk: int) -> Session:
    """A session whose learners' work the user reviews: its provider's staff, its trainers, the
    national roles."""
    roles = access_for(user)
    sessions = Session.objects.readable_by(user)
    if roles.educator_ids:
        taught = Session.objects.filter(trainers__in=roles.educator_ids).values("pk")
        sessions = Session.objects.filter(Q(pk__in=sessions.values("pk")) | Q(pk__in=taught))
    return get_object_or_404(sessions.select_related("programme", "provider"), pk=pk)


def get_submission_for_user(user, pk: int) -> Submission:
    submissions = Submission.objects.visible_to(user).select_related(
        "assignment", "enrolment__educator", "enrolment__session__programme"
    )
    return get_object_or_404(submissions, pk=pk)


# who may do what ----------------------------------------------------------------------------


def can_manage_bank(user, programme) -> bool:
    """May write the programme's questions, tests and assignments: its provider's staff and
    the national institute."""
    roles = access_for(user)
    return is_system(user) or roles.is_institute or roles.works_for_provider(programme.provider_id)


def is_learner(user, enrolment: Enrolment) -> bool:
    """The learner themself (or the server, which seeds the demo's attempts)."""
    return is_system(user) or enrolment.educator_id in access_for(user).educator_ids


def can_take_test(user, enrolment: Enrolment, test: Test) -> bool:
    return (
        is_learner(user, enrolment)
        and enrolment.state == Enrolment.State.ENROLLED
        and test.is_open
        and test.programme_id == enrolment.session.programme_id
    )


def can_grade(user, enrolment: Enrolment) -> bool:
    """May grade a learner's work and review their attempts: the session's provider staff, its
    trainers and the national institute (never the learner themself)."""
    roles = access_for(user)
    if is_system(user):
        return True
    if is_learner(user, enrolment) and not roles.superuser:
        return False
    if roles.is_institute or roles.works_for_provider(enrolment.session.provider_id):
        return True
    return enrolment.session.trainers.filter(pk__in=roles.educator_ids).exists()

"""Who may see and do what in learning. Views fetch objects only through the `get_…_for_user`
helpers (out of scope is 404); the `can_…` checks are read by templates (the buttons) and
enforced by the actions. Content and study first, then assessment (tests, attempts, question
banks, assignments)."""

from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404

from cheber.catalog.access import can_approve_programme
from cheber.catalog.models import Form, Programme
from cheber.core.access import access_for
from cheber.core.actors import is_system
from cheber.delivery.models import Enrolment
from cheber.learning.models import (
    Assignment,
    Attachment,
    Attempt,
    ContentVersion,
    Lesson,
    Question,
    Submission,
    Test,
)
from cheber.schedule.models import Session

LEARNING_FORMS = (Form.ONLINE, Form.BLENDED)
STUDYING = (Enrolment.State.ENROLLED, Enrolment.State.COMPLETED)


# Fetching ------------------------------------------------------------------------------------


def get_programme_content_for_user(user, pk: int) -> Programme:
    """A programme whose content the user authors (its provider) or reads (national roles)."""
    roles = access_for(user)
    programmes = Programme.objects.select_related("provider")
    if not (roles.superuser or roles.national):
        programmes = programmes.filter(provider_id__in=roles.provider_ids)
    return get_object_or_404(programmes, pk=pk)


def get_version_for_user(user, pk: int) -> ContentVersion:
    versions = ContentVersion.objects.visible_to(user).select_related("programme__provider")
    return get_object_or_404(versions, pk=pk)


def get_authored_lesson_for_user(user, pk: int) -> Lesson:
    """A lesson as its authors and the national roles see it (any version)."""
    lessons = Lesson.objects.filter(
        version__in=ContentVersion.objects.visible_to(user)
    ).select_related("version__programme__provider", "module")
    return get_object_or_404(lessons, pk=pk)


def get_attachment_for_user(user, pk: int) -> Attachment:
    attachments = Attachment.objects.visible_to(user)
    return get_object_or_404(attachments.select_related("lesson__version"), pk=pk)


def get_study_for_user(user, pk: int) -> Enrolment:
    """The user's own enrolment in an online or blended session: only the learner studies.
    Its course (the content version pinned) and the session's online terms come with it."""
    enrolments = Enrolment.objects.filter(
        educator_id__in=access_for(user).educator_ids,
        state__in=STUDYING,
        session__form__in=LEARNING_FORMS,
    ).select_related(
        "session__programme", "session__provider", "session__online_terms", "educator",
        "course_progress__version",
    )  # fmt: skip
    return get_object_or_404(enrolments, pk=pk)


def get_online_session_for_user(user, pk: int) -> Session:
    sessions = Session.objects.visible_to(user).filter(form__in=LEARNING_FORMS)
    return get_object_or_404(sessions.select_related("plan", "programme", "provider"), pk=pk)


def get_progress_session_for_user(user, pk: int) -> Session:
    """A session whose learners' progress the user may read: its provider's, national roles'."""
    sessions = Session.objects.readable_by(user).filter(form__in=LEARNING_FORMS)
    return get_object_or_404(sessions.select_related("plan", "programme", "provider"), pk=pk)


def get_learner_for_user(user, pk: int) -> Enrolment:
    enrolments = Enrolment.objects.filter(
        session__in=Session.objects.readable_by(user), session__form__in=LEARNING_FORMS
    ).select_related("session__programme", "educator")
    return get_object_or_404(enrolments, pk=pk)


# Permissions ---------------------------------------------------------------------------------


def can_author_content(user: Any, programme: Programme) -> bool:
    """The programme's provider writes its lessons (a superuser may too; the server, when a
    command loads content)."""
    return is_system(user) or access_for(user).works_for_provider(programme.provider_id)


def can_edit_version(user: Any, version: ContentVersion) -> bool:
    return version.is_editable and can_author_content(user, version.programme)


def can_approve_content(user: Any) -> bool:
    return is_system(user) or access_for(user).is_institute


def can_approve_with_programme(user: Any) -> bool:
    """May approve a draft programme and its content together: who approves both."""
    return can_approve_content(user) and can_approve_programme(user)


def can_study(user: Any, enrolment: Enrolment) -> bool:
    """The learner themself; the server records progress only from a command (the demo)."""
    return is_system(user) or enrolment.educator_id in access_for(user).educator_ids


def can_enrol_online(user: Any, educator_id: int) -> bool:
    return is_system(user) or educator_id in access_for(user).educator_ids


def can_remind_learner(user: Any, session: Session) -> bool:
    return access_for(user).works_for_provider(session.provider_id)


def can_set_online_terms(user: Any, session: Session) -> bool:
    return is_system(user) or access_for(user).works_for_provider(session.provider_id)


def can_complete_enrolment(user: Any, session: Session) -> bool:
    """The server completes a learner who met the rule; the provider may do it by hand."""
    return is_system(user) or access_for(user).works_for_provider(session.provider_id)


# Assessment: fetching ---------------------------------------------------------------------------
def get_own_enrolment_for_user(user, pk: int) -> Enrolment:
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
        "test", "enrolment__educator", "enrolment__session"
    )
    return get_object_or_404(attempts, pk=pk)


def get_own_attempt_for_user(user, pk: int) -> Attempt:
    """An attempt of the learner themself (the only one who answers it), else 404."""
    attempts = Attempt.objects.of_learner(user).select_related("test", "enrolment__session")
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


def get_managed_assignment_for_user(user, pk: int) -> Assignment:
    """An assignment whose rubric the user writes (its programme's provider, the institute)."""
    assignments = Assignment.objects.managed_by(user).select_related("programme")
    return get_object_or_404(assignments, pk=pk)


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


def can_take_test(user, enrolment: Enrolment, test: Test) -> bool:
    return (
        can_study(user, enrolment)
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
    if can_study(user, enrolment) and not roles.superuser:
        return False
    if roles.is_institute or roles.works_for_provider(enrolment.session.provider_id):
        return True
    return enrolment.session.trainers.filter(pk__in=roles.educator_ids).exists()


def can_record_past_study(user) -> bool:
    """Lessons seen and attempts made earlier are written in bulk only by the server (the
    demo's seeding)."""
    return is_system(user)


def can_close_overdue_attempts(user) -> bool:
    """The server's periodic command (or an administrator running it by hand)."""
    return is_system(user) or access_for(user).superuser


can_remind_stuck_learners = can_close_overdue_attempts  # the same: the server's periodic job

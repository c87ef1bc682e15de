"""Who sees which course content, progress and learner's work.

Authors (the programme's provider) and the national roles see every version of a programme's
content; a learner sees the version their course is pinned to, and only their own progress.
Attempts and submissions: the learner their own, the trainers of a session and its provider
that session's, the national roles all.
"""

from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from cheber.core.access import access_for


def _authoring(user, prefix: str) -> Q | None:
    """The rows of programmes whose content the user authors or reads as a national role;
    None for everything."""
    roles = access_for(user)
    if roles.superuser or roles.national:
        return None
    return Q(**{f"{prefix}provider_id__in": roles.provider_ids})


class VersionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "VersionQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        authoring = _authoring(user, "programme__")
        return self if authoring is None else self.filter(authoring)

    def approved(self) -> "VersionQuerySet":
        return self.filter(status="approved")

    def submitted_or_approved(self) -> "VersionQuerySet":
        """Content the institute has approved or has before it for approval."""
        return self.filter(status__in=("submitted", "approved"))


class LessonQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LessonQuerySet":
        """Lessons the user authors or reads (national roles), and those of the versions the
        user's own courses are pinned to."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        authoring = _authoring(user, "version__programme__")
        if authoring is None:
            return self
        from cheber.learning.models import CourseProgress

        pinned = CourseProgress.objects.filter(
            enrolment__educator_id__in=access_for(user).educator_ids
        ).values("version_id")
        return self.filter(authoring | Q(version_id__in=pinned))

    def in_order(self) -> "LessonQuerySet":
        return self.order_by("module__order", "order", "pk")

    def of_session(self, session) -> "LessonQuerySet":
        """The lessons of every version of the session's programme (its learners' courses are
        pinned to one of them)."""
        return self.filter(version__programme_id=session.programme_id)


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AttachmentQuerySet":
        """The materials of the lessons the user sees."""
        from cheber.learning.models import Lesson

        return self.filter(lesson__in=Lesson.objects.visible_to(user))


class CourseProgressQuerySet(models.QuerySet):
    def for_user(self, user) -> "CourseProgressQuerySet":
        """The user's own courses (a learner's)."""
        return self.of_learners(access_for(user).educator_ids)

    def of_learners(self, educator_ids) -> "CourseProgressQuerySet":
        """The courses of these educators (`for_user`'s, given as the user's educator ids)."""
        return self.filter(enrolment__educator_id__in=educator_ids)

    def of_enrolment(self, enrolment) -> "CourseProgressQuerySet":
        return self.filter(enrolment=enrolment)

    def all_lessons_seen(self) -> "CourseProgressQuerySet":
        """Courses whose learner has seen every lesson of their version."""
        from cheber.learning.models import Lesson

        total = (
            Lesson.objects.filter(version=OuterRef("version"))
            .values("version")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.filter(lessons_seen__gte=Coalesce(Subquery(total), 0))


# Learners' work: attempts and submissions; the bank and its tests ------------------------------


def learner_work_visible_to(user) -> Q | None:
    """The condition on `enrolment` for rows of a learner's work the user may see; None: all."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if access_for(user).national:
        return None
    roles = access_for(user)
    if not (roles.educator_ids or roles.provider_ids):
        return Q(pk__in=[])
    from cheber.schedule.models import Session

    taught = Session.objects.filter(trainers__in=roles.educator_ids).values("pk")
    return (
        Q(enrolment__educator_id__in=roles.educator_ids)
        | Q(enrolment__session__provider_id__in=roles.provider_ids)
        | Q(enrolment__session_id__in=taught)
    )


def learner_work_managed_by(user) -> Q | None:
    """The condition for rows a user may grade or review as staff: their provider's sessions,
    the sessions they train; None: all (the national institute)."""
    roles = access_for(user)
    if roles.is_institute:
        return None
    from cheber.schedule.models import Session

    taught = Session.objects.filter(trainers__in=roles.educator_ids).values("pk")
    return Q(enrolment__session__provider_id__in=roles.provider_ids) | Q(
        enrolment__session_id__in=taught
    )


class _LearnerWorkQuerySet(models.QuerySet):
    def visible_to(self, user):
        condition = learner_work_visible_to(user)
        return self if condition is None else self.filter(condition)

    def managed_by(self, user):
        condition = learner_work_managed_by(user)
        return self if condition is None else self.filter(condition)

    def of_learner(self, user):
        return self.filter(enrolment__educator_id__in=access_for(user).educator_ids)

    def of_session(self, session):
        return self.filter(enrolment__session=session)


class AttemptQuerySet(_LearnerWorkQuerySet):
    def finished(self) -> "AttemptQuerySet":
        return self.filter(state="finished")

    def overdue(self, now) -> "AttemptQuerySet":
        return self.filter(state="in_progress", deadline__lt=now)


class SubmissionQuerySet(_LearnerWorkQuerySet):
    pass


class QuestionQuerySet(models.QuerySet):
    def ready(self) -> "QuestionQuerySet":
        return self.filter(status="ready")

    def managed_by(self, user) -> "QuestionQuerySet":
        roles = access_for(user)
        if roles.is_institute:
            return self
        return self.filter(programme__provider_id__in=roles.provider_ids)


class QuestionVersionQuerySet(models.QuerySet):
    def of_programme(self, programme) -> "QuestionVersionQuerySet":
        return self.filter(question__programme=programme)

    def current(self) -> "QuestionVersionQuerySet":
        """The version each question is at now."""
        return self.filter(number=F("question__version"))


class AssignmentQuerySet(models.QuerySet):
    def managed_by(self, user) -> "AssignmentQuerySet":
        """Assignments whose rubric the user writes: its programme's provider, the institute."""
        roles = access_for(user)
        if roles.is_institute:
            return self
        return self.filter(programme__provider_id__in=roles.provider_ids)


class TestQuerySet(models.QuerySet):
    def open(self) -> "TestQuerySet":
        return self.filter(is_open=True)

    def managed_by(self, user) -> "TestQuerySet":
        roles = access_for(user)
        if roles.is_institute:
            return self
        return self.filter(programme__provider_id__in=roles.provider_ids)

    def readable_by(self, user) -> "TestQuerySet":
        """Tests whose bank and statistics the user may read: managed ones, and every one for
        the national roles."""
        if access_for(user).national:
            return self
        return self.managed_by(user)

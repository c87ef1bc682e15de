"""Who sees which course content and progress.

Authors (the programme's provider) and the national roles see every version of a programme's
content; a learner sees the version their course is pinned to, and only their own progress.
"""

from django.db import models
from django.db.models import Q

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


class CourseProgressQuerySet(models.QuerySet):
    def of_learner(self, user) -> "CourseProgressQuerySet":
        return self.filter(enrolment__educator_id__in=access_for(user).educator_ids)

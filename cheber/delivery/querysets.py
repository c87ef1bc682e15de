"""Who sees which enrolments: the provider its sessions' participants, a territory its
educators' requests, a principal their staff's, a teacher their own."""

from django.db import models
from django.db.models import Q

from cheber.core.access import access_for
from cheber.schedule.places import HOLDING, EnrolmentState


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EnrolmentQuerySet":
        scope = access_for(user)
        if scope.national:
            return self
        if scope.is_empty:
            return self.none()
        if scope.sees_only_own:  # the same rows as below, without compiling its empty parts
            return self.filter(educator_id__in=scope.educator_ids)
        territory = (
            Q(organization__region_id__in=scope.region_ids)
            | Q(organization__unit_id__in=scope.unit_ids)
            | Q(organization_id__in=scope.organization_ids)
        )
        providers = access_for(user).provider_ids
        return self.filter(
            territory
            | Q(session__provider_id__in=providers)
            | Q(educator_id__in=scope.educator_ids)
        )

    def of_districts_of(self, user) -> "EnrolmentQuerySet":
        """The requests of the user's own districts (a district methodist's): those whose
        place would come from the district's quota."""
        return self.filter(unit_id__in=access_for(user).district_ids)

    def active(self) -> "EnrolmentQuerySet":
        return self.filter(state__in=[EnrolmentState.ENROLLED, EnrolmentState.WAITLISTED])

    def holding_place(self) -> "EnrolmentQuerySet":
        return self.filter(state=HOLDING)


class AttendanceQuerySet(models.QuerySet):
    def of_session(self, session) -> "AttendanceQuerySet":
        """The marks of the session's participants (a session the caller fetched through an
        access helper)."""
        return self.filter(enrolment__session=session)


class ModuleProgressQuerySet(models.QuerySet):
    def of_session(self, session) -> "ModuleProgressQuerySet":
        """The modules completed by the session's participants (a session the caller fetched
        through an access helper)."""
        return self.filter(enrolment__session=session)


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        return self.filter(educator_id__in=access_for(user).educator_ids)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at=None)

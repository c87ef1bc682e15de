"""Who sees which enrolments: the provider its sessions' participants, a territory its
educators' requests, a principal their staff's, a teacher their own."""

from django.db import models
from django.db.models import Q

from cheber.accounts.roles import roles_for
from cheber.accounts.scope import scope_for
from cheber.schedule.places import HOLDING, EnrolmentState


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EnrolmentQuerySet":
        scope = scope_for(user)
        if scope.national:
            return self
        if scope.is_empty:
            return self.none()
        territory = (
            Q(organization__region_id__in=scope.region_ids)
            | Q(organization__unit_id__in=scope.unit_ids)
            | Q(organization_id__in=scope.organization_ids)
        )
        providers = roles_for(user).provider_ids
        return self.filter(
            territory
            | Q(session__provider_id__in=providers)
            | Q(educator_id__in=scope.educator_ids)
        )

    def active(self) -> "EnrolmentQuerySet":
        return self.filter(state__in=[EnrolmentState.ENROLLED, EnrolmentState.WAITLISTED])

    def holding_place(self) -> "EnrolmentQuerySet":
        return self.filter(state=HOLDING)


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        return self.filter(educator_id__in=roles_for(user).educator_ids)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at=None)

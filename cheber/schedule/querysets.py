"""Who sees which sessions: published ones (of an approved plan-schedule) are visible to every
user; drafts to their provider and the national roles."""

import datetime as dt

from django.db import models
from django.db.models import Q

from cheber.accounts.roles import roles_for
from cheber.accounts.scope import scope_for


class PlanScheduleQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanScheduleQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if scope_for(user).national:
            return self
        return self.filter(Q(status="approved") | Q(provider_id__in=roles_for(user).provider_ids))


class SessionQuerySet(models.QuerySet):
    def published(self) -> "SessionQuerySet":
        return self.filter(plan__status="approved")

    def visible_to(self, user) -> "SessionQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if scope_for(user).national:
            return self
        own = roles_for(user).provider_ids
        return self.filter(Q(plan__status="approved") | Q(provider_id__in=own))

    def managed_by(self, user) -> "SessionQuerySet":
        roles = roles_for(user)
        if roles.is_institute:
            return self
        return self.filter(provider_id__in=roles.provider_ids)

    def readable_by(self, user) -> "SessionQuerySet":
        """The sessions whose provider pages (roster, attendance, results, certificates) the
        user may read: those they manage, and every one for the ministry and the auditor,
        who read everything and change nothing."""
        if roles_for(user).national:
            return self
        return self.managed_by(user)

    def in_year(self, year: int) -> "SessionQuerySet":
        return self.filter(plan__year=year)

    def overlapping(self, start: dt.date, end: dt.date) -> "SessionQuerySet":
        return self.filter(start_date__lte=end, end_date__gte=start)

    def upcoming(self, today: dt.date) -> "SessionQuerySet":
        return self.filter(start_date__gt=today)

"""Who sees which sessions: published ones (of an approved plan-schedule) are visible to every
user; drafts to their provider and the national roles."""

import datetime as dt

from django.db import models
from django.db.models import Q

from cheber.accounts.roles import roles_for
from cheber.accounts.scope import scope_for
from cheber.schedule import places


class PlanScheduleQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanScheduleQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if scope_for(user).national:
            return self
        return self.filter(Q(status="approved") | Q(provider_id__in=roles_for(user).provider_ids))


def _enrolments(sessions: type[models.Model]) -> models.QuerySet:
    """Every enrolment, reached through the session's reverse relation (no import of delivery)."""
    return sessions.enrolments.rel.related_model._default_manager.all()


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

    def with_places(
        self, *, today: dt.date | None = None, unit_id: int | None = None
    ) -> "SessionQuerySet":
        """Each session with its places, counted in SQL by the one definition (`places`):
        `budget_taken`, `contract_taken`, `taken`, `waiting`, `free_places`, `places_left`
        (never below 0), `budget_left`, `contract_left`, `quota_places` (still kept for their
        districts on `today`), `overflow` and `open_places` (budget places open to any
        district); with `unit_id`, that district's `unit_left` and `budget_open_to_unit`.
        Without `today`, only the quotas their districts released are open."""
        enrolments = _enrolments(self.model)
        quotas = self.model.quotas.rel.related_model._default_manager.all()
        annotated = self.annotate(**places.place_annotations(enrolments, quotas, today))
        if unit_id is None:
            return annotated
        return annotated.annotate(**places.unit_annotations(enrolments, quotas, today, unit_id))


class DistrictQuotaQuerySet(models.QuerySet):
    def with_use(self) -> "DistrictQuotaQuerySet":
        """Each quota with the budget places its district holds (`taken`) and those `left`."""
        session = self.model._meta.get_field("session").related_model
        return self.annotate(**places.quota_use(_enrolments(session)))

    def reserved(self, today: dt.date | None) -> "DistrictQuotaQuerySet":
        """The quotas still keeping their places for their district on `today`."""
        return places.reserved(self, today)

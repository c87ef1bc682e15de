"""Query methods of compliance: the policy in force, and the statuses a user may see, counted.

A status row belongs to the district, oblast and organization of the educator's *main* job
(highest workload, then earliest start), so every educator is counted once on every level.
"""

import datetime as dt

from django.db import models
from django.db.models import Count, Q

from cheber.compliance.freshness import fresh
from cheber.core.access import access_for

STATUS_KEYS = ("compliant", "due", "overdue", "never_trained", "needs_retraining")
# Who meets the rule today: compliant, or due later this year (not yet late).
MEETING_RULE = ("compliant", "due")
DIMENSIONS = {
    "region": "region_id",
    "unit": "unit_id",
    "organization": "organization_id",
    "specialization": "specialization_id",
    "organization_type": "organization_type",
    "locality": "locality",
    "language": "language",
}


class PolicyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PolicyQuerySet":
        """The policies as rows to read: for the national roles (and administrators) only.
        (Everyone's status is computed under them; that needs no one to read them.)"""
        from cheber.core.access import access_for

        roles = access_for(user)
        return self if roles.superuser or roles.national else self.none()

    def in_force(self, on: dt.date):
        """The policy with the latest `effective_from` on or before `on`; None before the first."""
        return self.filter(effective_from__lte=on).order_by("-effective_from").first()


def share(compliant: int, total: int) -> float:
    return round(compliant / total, 4) if total else 0.0


def _count_columns() -> dict:
    return {key: Count("pk", filter=Q(status=key)) for key in STATUS_KEYS}


class EducatorStatusQuerySet(models.QuerySet):
    @fresh
    def current(self) -> "EducatorStatusQuerySet":
        """Every row, made current first: the reader for whoever reads the whole country
        (the planner, the commands); a user's pages read through `visible_to`."""
        return self

    @fresh
    def visible_to(self, user) -> "EducatorStatusQuerySet":
        """National roles: all; oblast roles: their oblast; methodists: their district;
        principals (and provider staff): their organization; a teacher: their own row. Made
        current first."""
        scope = access_for(user)
        if scope.national:
            return self
        if scope.is_empty:
            return self.none()
        if scope.sees_only_own:  # the same rows as below, without compiling its empty parts
            return self.filter(educator_id__in=scope.educator_ids)
        return self.filter(
            Q(region_id__in=scope.region_ids)
            | Q(unit_id__in=scope.unit_ids)
            | Q(organization_id__in=scope.organization_ids)
            | Q(educator_id__in=scope.educator_ids)
        )

    def counts(self) -> dict[str, int]:
        """Status → count, with every one of the five keys (one query)."""
        return self.order_by().aggregate(**_count_columns())

    def share_compliant(self) -> float:
        """The share meeting the rule today (compliant or due later this year)."""
        counts = self.counts()
        return share(sum(counts[k] for k in MEETING_RULE), sum(counts.values()))

    def by(self, dimension: str) -> list[dict]:
        """One row per value of a dimension (`DIMENSIONS`): key, the five counts, total, share;
        ordered by key (one query)."""
        column = DIMENSIONS[dimension]
        rows = (
            self.order_by()
            .values(column)
            .annotate(**_count_columns(), total=Count("pk"))
            .order_by(column)
        )
        result = []
        for row in rows:
            key = row.pop(column)
            met = sum(row[k] for k in MEETING_RULE)
            result.append({"key": key, **row, "share": share(met, row["total"])})
        return result

    def overdue_since(self, day: dt.date) -> "EducatorStatusQuerySet":
        """Overdue with a due date before `day` (e.g. overdue by more than N years)."""
        return self.filter(status="overdue", due_date__lt=day)

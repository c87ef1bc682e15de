"""Who sees which plan-builder rows: the national roles every run; oblast coordinators and
district methodists the runs, but only the placements of their territory."""

from django.db import models
from django.db.models import Q

from cheber.core.access import access_for


class PlanRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanRunQuerySet":
        scope = access_for(user)
        if scope.national or scope.region_ids or scope.unit_ids:
            return self
        return self.none()


class PlacementQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlacementQuerySet":
        scope = access_for(user)
        if scope.national:
            return self
        if not (scope.region_ids or scope.unit_ids):
            return self.none()
        return self.filter(
            Q(unit__region_id__in=scope.region_ids)
            | Q(unit_id__in=scope.unit_ids)
            | Q(unit__parent_id__in=scope.unit_ids)
        )

    def placed(self) -> "PlacementQuerySet":
        return self.filter(Q(session__isnull=False) | Q(proposed__isnull=False))

    def unplaced(self) -> "PlacementQuerySet":
        return self.filter(session__isnull=True, proposed__isnull=True)

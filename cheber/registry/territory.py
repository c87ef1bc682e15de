"""Where a user acts: the whole country, or their oblasts, districts and organizations, from
their roles. One definition for the pages that plan for a territory (the forecast, the report,
the plan builder's districts) and for the import and export of the registry."""

from dataclasses import dataclass

from django.db.models import Q

from cheber.core.access import access_for
from cheber.core.actors import is_system
from cheber.registry.models import AdminUnit, Organization


@dataclass(frozen=True)
class Territory:
    """The whole country, or oblasts, districts, or single organizations (a principal: their
    school's staff, no new organizations)."""

    national: bool
    region_ids: frozenset = frozenset()
    unit_ids: frozenset = frozenset()
    organization_ids: frozenset = frozenset()

    @property
    def has_units(self) -> bool:
        """The whole country, an oblast or a district: more than single organizations."""
        return self.national or bool(self.region_ids or self.unit_ids)

    def covers_unit(self, unit) -> bool:
        return self.national or unit.region_id in self.region_ids or unit.pk in self.unit_ids

    def covers(self, *, pk: int | None, unit_id: int, region_id: int) -> bool:
        return (
            self.national
            or region_id in self.region_ids
            or unit_id in self.unit_ids
            or pk in self.organization_ids
        )

    def unit_ids_inside(self) -> set[int] | None:
        """The administrative units inside: each oblast with its districts, each district with
        its city districts (None: the whole country)."""
        if self.national:
            return None
        inside = (
            Q(pk__in=self.region_ids)
            | Q(region_id__in=self.region_ids)
            | Q(pk__in=self.unit_ids)
            | Q(parent_id__in=self.unit_ids)
        )
        return set(AdminUnit.objects.filter(inside).values_list("pk", flat=True))

    def own_units(self):
        """The oblasts and districts the territory names (the whole country: every oblast and
        city of republican significance), by СОАТЕ code."""
        if self.national:
            return AdminUnit.objects.filter(level__in=["region", "city"]).order_by("soate")
        ids = set(self.region_ids) | set(self.unit_ids)
        return AdminUnit.objects.filter(pk__in=ids).order_by("soate")

    def organizations(self):
        """The organizations inside: of its oblasts and districts, and its own ones."""
        if self.national:
            return Organization.objects.all()
        return Organization.objects.filter(
            Q(region_id__in=self.region_ids)
            | Q(unit_id__in=self.unit_ids)
            | Q(pk__in=self.organization_ids)
        )


def territory_of(user) -> Territory:
    """The server (`SYSTEM`: the command line without --user) acts anywhere; a user, within
    their scope."""
    if is_system(user):
        return Territory(national=True)
    scope = access_for(user)
    return Territory(scope.national, scope.region_ids, scope.unit_ids, scope.organization_ids)

"""How a view fetches one registry object: through the user's scope, else 404."""

from django.shortcuts import get_object_or_404

from cheber.registry.models import AdminUnit, Educator, Employment, Organization
from cheber.registry.territory import territory_of


def get_educator_for_user(user, pk: int) -> Educator:
    return get_object_or_404(Educator.objects.visible_to(user), pk=pk)


def get_organization_for_user(user, pk: int) -> Organization:
    return get_object_or_404(
        Organization.objects.visible_to(user).select_related("unit", "region"), pk=pk
    )


def get_employment_for_user(user, pk: int) -> Employment:
    return get_object_or_404(
        Employment.objects.visible_to(user).select_related("educator", "organization"), pk=pk
    )


def get_unit_for_user(user, pk: int) -> AdminUnit:
    """An oblast, district or city district of the user's territory (a national role: any),
    else 404."""
    inside = territory_of(user).unit_ids_inside()
    units = AdminUnit.objects.all() if inside is None else AdminUnit.objects.filter(pk__in=inside)
    return get_object_or_404(units, pk=pk)

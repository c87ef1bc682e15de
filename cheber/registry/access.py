"""The only way a view fetches one registry object: through the user's scope, else 404."""

from django.shortcuts import get_object_or_404

from cheber.registry.models import Educator, Employment, Organization


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

"""How a view fetches one programme: through the user's scope, else 404."""

from django.shortcuts import get_object_or_404

from cheber.catalog.models import Programme


def get_programme_for_user(user, pk: int) -> Programme:
    return get_object_or_404(Programme.objects.visible_to(user).select_related("provider"), pk=pk)


def get_managed_programme_for_user(user, pk: int) -> Programme:
    return get_object_or_404(Programme.objects.managed_by(user).select_related("provider"), pk=pk)

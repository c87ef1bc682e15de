"""The only way a view fetches one programme: through the user's scope, else 404; and who may
change programmes."""

from django.shortcuts import get_object_or_404

from cheber.accounts.roles import roles_for
from cheber.catalog.models import Programme
from cheber.core.actors import is_system


def get_programme_for_user(user, pk: int) -> Programme:
    return get_object_or_404(Programme.objects.visible_to(user).select_related("provider"), pk=pk)


def get_managed_programme_for_user(user, pk: int) -> Programme:
    return get_object_or_404(Programme.objects.managed_by(user).select_related("provider"), pk=pk)


# Who may do what: the actions enforce these, the pages read them for their buttons ----------


def can_manage_programme(user, programme: Programme) -> bool:
    """May propose, edit and archive the programme: staff of its provider, or the institute."""
    roles = roles_for(user)
    return is_system(user) or roles.is_institute or roles.works_for_provider(programme.provider_id)


def can_approve_programme(user) -> bool:
    """The national institute approves programmes."""
    return is_system(user) or roles_for(user).is_institute

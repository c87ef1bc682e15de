"""How a compliance view fetches one object: through the user's scope, else 404 (the
statuses are read through `EducatorStatus.objects.visible_to`, which keeps them current); and
who may change the rules and record leave: the actions enforce these, the pages read them."""

from django.shortcuts import get_object_or_404

from cheber.compliance.models import Policy
from cheber.core.access import access_for
from cheber.core.actors import is_system

# Fetching for a view ------------------------------------------------------------------------


def get_policy_for_user(user, pk: int) -> Policy:
    """A policy, for the national roles who read them; 404 for everyone else."""
    return get_object_or_404(Policy.objects.visible_to(user), pk=pk)


# Who may do what (permission functions) -----------------------------------------------------


def can_change_policy(user) -> bool:
    """The national institute changes the compliance policies."""
    return is_system(user) or access_for(user).is_institute


def records_leave(user) -> bool:
    """National, oblast, district or school staff record leave (not a teacher or a provider)."""
    roles = access_for(user)
    return is_system(user) or bool(
        roles.superuser or roles.national or roles.oblast_ids or roles.district_ids
        or roles.principal_of
    )  # fmt: skip


def can_record_leave(user, educator) -> bool:
    """Staff who record leave, for an educator they see."""
    from cheber.registry.models import Educator

    if not records_leave(user):
        return False
    return is_system(user) or Educator.objects.visible_to(user).filter(pk=educator.pk).exists()

"""How a compliance view fetches one object: through the user's scope, else 404. (The
statuses are read through `EducatorStatus.objects.visible_to`, which keeps them current.)"""

from django.shortcuts import get_object_or_404

from cheber.compliance.models import Policy


def get_policy_for_user(user, pk: int) -> Policy:
    """A policy, for the national roles who read them; 404 for everyone else."""
    return get_object_or_404(Policy.objects.visible_to(user), pk=pk)

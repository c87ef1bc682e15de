"""The only way a planner view fetches one run or placement: through the user's scope, else
404; and who may build and change plans."""

from django.shortcuts import get_object_or_404

from cheber.accounts.roles import roles_for
from cheber.core.actors import is_system
from cheber.planner.models import Placement, PlanRun


def get_run_for_user(user, pk: int) -> PlanRun:
    return get_object_or_404(PlanRun.objects.visible_to(user), pk=pk)


def get_placement_for_user(user, run: PlanRun, pk: int) -> Placement:
    placements = Placement.objects.visible_to(user).filter(run=run)
    return get_object_or_404(placements.select_related("educator", "session", "unit"), pk=pk)


# Who may do what: the actions enforce it, the pages read it for their buttons ----------------


def can_plan(user) -> bool:
    """May build plans, edit their placements and turn them into nominations: the national
    institute (or the server's operator, `cheber build_plan`)."""
    return is_system(user) or roles_for(user).is_institute

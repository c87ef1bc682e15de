"""The only way a planner view fetches one run or placement: through the user's scope, else 404."""

from django.shortcuts import get_object_or_404

from cheber.planner.models import Placement, PlanRun


def get_run_for_user(user, pk: int) -> PlanRun:
    return get_object_or_404(PlanRun.objects.visible_to(user), pk=pk)


def get_placement_for_user(user, run: PlanRun, pk: int) -> Placement:
    placements = Placement.objects.visible_to(user).filter(run=run)
    return get_object_or_404(placements.select_related("educator", "session", "unit"), pk=pk)

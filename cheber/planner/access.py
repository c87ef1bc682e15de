"""How a planner view fetches one run, placement or session of a run: through the user's
scope, else 404; and who may build and change plans."""

from django.shortcuts import get_object_or_404

from cheber.core.access import access_for
from cheber.core.actors import is_system
from cheber.planner.models import Placement, PlanRun
from cheber.schedule.models import Session


def get_run_for_user(user, pk: int) -> PlanRun:
    return get_object_or_404(PlanRun.objects.visible_to(user), pk=pk)


def get_placement_for_user(user, run: PlanRun, pk: int) -> Placement:
    placements = Placement.objects.visible_to(user).filter(run=run)
    return get_object_or_404(placements.select_related("educator", "session", "unit"), pk=pk)


def get_run_session_for_user(user, run: PlanRun, pk: int) -> Session:
    """A session of the run's year, draft plan-schedules included (the plan builder places into
    them), for whoever may see the run (`get_run_for_user`), else 404; the page shows only the
    placements the user may see."""
    sessions = Session.objects.filter(plan__year=run.year).select_related("programme")
    return get_object_or_404(sessions, pk=pk)


# Who may do what: the actions enforce it, the pages read it for their buttons ----------------


def can_plan(user) -> bool:
    """May build plans, edit their placements and turn them into nominations: the national
    institute (or the server's operator, `cheber build_plan`)."""
    return is_system(user) or access_for(user).is_institute

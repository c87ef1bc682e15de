"""The plan builder's background work: turning a national plan into nominations."""

from django.contrib.auth import get_user_model
from django.tasks import task

from cheber.core.actors import SYSTEM
from cheber.planner.models import PlanRun


@task
def nominate_in_background(run_id: int, actor_id: int | None) -> None:
    """The background half of `actions.start_nominations` (no user id: the server started it)."""
    from cheber.planner.actions import nominate_plan

    run = PlanRun.objects.get(pk=run_id)
    if run.status != PlanRun.Status.NOMINATING:  # a retried task does not run twice
        return
    actor = SYSTEM if actor_id is None else get_user_model().objects.get(pk=actor_id)
    nominate_plan(actor=actor, run=run)

"""The plan builder's background work: turning a national plan into nominations."""

from django.contrib.auth import get_user_model
from django.tasks import task

from cheber.planner.models import PlanRun


@task
def nominate_in_background(run_id: int, actor_id: int) -> None:
    """The background half of `actions.start_nominations`."""
    from cheber.planner.actions import nominate_plan

    run = PlanRun.objects.get(pk=run_id)
    if run.status != PlanRun.Status.NOMINATING:  # a retried task does not run twice
        return
    nominate_plan(actor=get_user_model().objects.get(pk=actor_id), run=run)

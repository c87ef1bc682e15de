"""The only way a view fetches one plan-schedule or session: through the user's scope, else
404; and who may change plan-schedules."""

from django.shortcuts import get_object_or_404

from cheber.accounts.roles import roles_for
from cheber.core.actors import is_system
from cheber.schedule.models import PlanSchedule, Session


def get_session_for_user(user, pk: int) -> Session:
    sessions = Session.objects.visible_to(user).select_related(
        "plan", "programme", "provider", "unit", "region"
    )
    return get_object_or_404(sessions, pk=pk)


def get_managed_session_for_user(user, pk: int, *, read: bool = False) -> Session:
    """A session the user's provider runs (the institute: any), else 404. With `read`, also
    a session whose pages the user may only read (the national roles: any)."""
    sessions = Session.objects.readable_by(user) if read else Session.objects.managed_by(user)
    sessions = sessions.select_related("plan", "programme", "provider", "unit", "region")
    return get_object_or_404(sessions, pk=pk)


def get_plan_for_user(user, pk: int) -> PlanSchedule:
    return get_object_or_404(
        PlanSchedule.objects.visible_to(user).select_related("provider"), pk=pk
    )


# Who may do what: the actions enforce these, the pages read them for their buttons ----------


def can_plan_for(user, provider_id: int) -> bool:
    """May open the provider's plan-schedule, add and change its sessions and quotas, submit
    it: staff of the provider, or the national institute."""
    roles = roles_for(user)
    return is_system(user) or roles.is_institute or roles.works_for_provider(provider_id)


def can_approve_plan(user) -> bool:
    """The national institute approves plan-schedules and returns them."""
    return is_system(user) or roles_for(user).is_institute

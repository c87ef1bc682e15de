"""How a view fetches one plan-schedule or session: through the user's scope, else 404."""

from django.shortcuts import get_object_or_404

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

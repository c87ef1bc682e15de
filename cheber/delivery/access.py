"""How a view fetches one enrolment or quota: through the user's scope, else 404."""

from django.shortcuts import get_object_or_404

from cheber.accounts.roles import roles_for
from cheber.delivery.models import Enrolment
from cheber.schedule.models import DistrictQuota


def get_enrolment_for_user(user, pk: int) -> Enrolment:
    enrolments = Enrolment.objects.visible_to(user).select_related(
        "session__programme", "session__provider", "session__plan", "session__unit",
        "educator", "organization", "unit",
    )  # fmt: skip
    return get_object_or_404(enrolments, pk=pk)


def get_quota_for_user(user, pk: int) -> DistrictQuota:
    """A quota of the user's own district (the methodist's), else 404."""
    roles = roles_for(user)
    quotas = DistrictQuota.objects.select_related("session__plan", "unit")
    if not roles.superuser:
        quotas = quotas.filter(unit_id__in=roles.district_ids)
    return get_object_or_404(quotas, pk=pk)

"""The only way a view fetches one enrolment or quota: through the user's scope, else 404;
and who may take each step of a request and of running a session."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.accounts.roles import roles_for
from cheber.core.actors import is_system
from cheber.delivery.models import Enrolment
from cheber.delivery.seats import quota_unit
from cheber.registry.models import Educator, Organization
from cheber.schedule.models import DistrictQuota, Session


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


# Who may do what: the actions enforce these, the pages read them for their buttons ----------


def can_nominate(user) -> bool:
    """May nominate educators at all: a district's methodist, or the national institute (which
    turns the plan builder's plan into nominations)."""
    roles = roles_for(user)
    return is_system(user) or roles.is_institute or roles.is_methodist


def can_nominate_from(user, organization: Organization) -> bool:
    """May nominate an educator working at `organization`: its district's methodist."""
    roles = roles_for(user)
    return (
        is_system(user) or roles.is_institute or roles.governs_district(quota_unit(organization).pk)
    )


def can_apply_for(user, educator: Educator) -> bool:
    """Only the educator asks for a place themself."""
    return educator.pk in roles_for(user).educator_ids


def can_confirm_nomination(user, enrolment: Enrolment) -> bool:
    return is_system(user) or roles_for(user).governs_district(enrolment.unit_id)


def can_confirm_release(user, enrolment: Enrolment) -> bool:
    """The principal of the educator's school lets them leave work."""
    return is_system(user) or roles_for(user).leads(enrolment.organization_id)


def can_run_session(user, session: Session) -> bool:
    """Staff of the session's provider: accept participants, record payments, attendance,
    results, complete the session."""
    return is_system(user) or roles_for(user).works_for_provider(session.provider_id)


def can_withdraw(user, enrolment: Enrolment) -> bool:
    """The educator, or for them their cabinet, principal or the provider."""
    return can_reject(user, enrolment) or enrolment.educator_id in roles_for(user).educator_ids


def can_reject(user, enrolment: Enrolment) -> bool:
    """The cabinet, the principal or the provider (not the educator)."""
    roles = roles_for(user)
    return (
        is_system(user)
        or roles.governs_district(enrolment.unit_id)
        or roles.leads(enrolment.organization_id)
        or roles.works_for_provider(enrolment.session.provider_id)
    )


def governs_quota(user, quota: DistrictQuota) -> bool:
    """The methodist of the quota's district."""
    return is_system(user) or roles_for(user).governs_district(quota.unit_id)


def quota_release_problem(quota: DistrictQuota, session: Session | None = None) -> str | None:
    """Why the quota cannot be released now, or None: released once, while the session (its
    `session`, when the caller has it loaded) is published and not begun."""
    if quota.released_at:
        return _("The quota is already released.")
    session = session or quota.session
    if not session.is_published:
        return _("The session is not published yet.")
    if session.start_date <= timezone.localdate():
        return _("The session has already begun.")
    return None


def can_release_quota(user, quota: DistrictQuota) -> bool:
    """The district's methodist, while the quota is unreleased and the session still open."""
    return governs_quota(user, quota) and quota_release_problem(quota) is None


def can_read_notifications(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_send_reminders(user) -> bool:
    """The server's scheduled job (or an administrator running it by hand)."""
    return is_system(user) or roles_for(user).superuser

"""The only way a view fetches one registry object: through the user's scope, else 404; and
who may change the registry."""

from django.shortcuts import get_object_or_404

from cheber.accounts.scope import can_edit_registry as holds_editor_role
from cheber.core.actors import is_system
from cheber.registry.models import Educator, Employment, Organization


def get_educator_for_user(user, pk: int) -> Educator:
    return get_object_or_404(Educator.objects.visible_to(user), pk=pk)


def get_organization_for_user(user, pk: int) -> Organization:
    return get_object_or_404(
        Organization.objects.visible_to(user).select_related("unit", "region"), pk=pk
    )


def get_employment_for_user(user, pk: int) -> Employment:
    return get_object_or_404(
        Employment.objects.visible_to(user).select_related("educator", "organization"), pk=pk
    )


# Who may do what: the actions enforce these, the pages read them for their buttons ----------


def can_edit_registry(user, organization: Organization | None = None) -> bool:
    """May register educators and change their records: a registry editor (the institute, an
    oblast or district, a principal; not the ministry or the auditor), within their scope;
    with `organization`, there."""
    if is_system(user):
        return True
    if not holds_editor_role(user):
        return False
    return organization is None or (
        Organization.objects.visible_to(user).filter(pk=organization.pk).exists()
    )


def can_edit_educator(user, educator: Educator) -> bool:
    """May change the educator's record, jobs and history: an editor who sees the educator."""
    if is_system(user):
        return True
    return holds_editor_role(user) and (
        Educator.objects.visible_to(user).filter(pk=educator.pk).exists()
    )


def can_employ_at(user, organization: Organization) -> bool:
    """May record a job at the organization: an editor whose scope holds it; never the ministry
    (it employs no educators)."""
    if organization.type == Organization.Type.MINISTRY:
        return False
    return can_edit_registry(user, organization)


def can_end_employment(user, employment: Employment) -> bool:
    if is_system(user):
        return True
    return holds_editor_role(user) and (
        Employment.objects.visible_to(user).filter(pk=employment.pk).exists()
    )

"""The registry's menu entries: educators and organizations for whoever looks after a
territory or an organization, the training to verify for the district cabinet (and the
providers), and a teacher's own profile."""

from django.utils.translation import gettext_lazy as _

from cheber.core.access import access_for
from cheber.core.navigation import MenuEntry
from cheber.registry.access import verifies_declarations


def looks_after_people(user) -> bool:
    """A national role, or one over an oblast, a district or an organization."""
    scope = access_for(user)
    return bool(scope.national or scope.region_ids or scope.unit_ids or scope.organization_ids)


def _own_profile(user) -> tuple:
    return (min(access_for(user).educator_ids),)


ENTRIES = [
    MenuEntry(_("Educators"), "registry:educator_list", 100, looks_after_people),
    MenuEntry(_("Organizations"), "registry:organization_list", 101, looks_after_people),
    # (how many wait is on the home page: no count on every page)
    MenuEntry(_("Training to verify"), "registry:training_queue", 102, verifies_declarations),
    MenuEntry(_("My profile"), "registry:educator_detail", 120,
              lambda user: bool(access_for(user).educator_ids), args=_own_profile),
]  # fmt: skip

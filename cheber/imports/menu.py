"""The import's menu entry, for the roles that may edit the registry."""

from django.utils.translation import gettext_lazy as _

from cheber.core.access import REGISTRY_EDITOR_ROLES, assignments_of
from cheber.core.navigation import MenuEntry


def _edits_registry(user) -> bool:
    # From the assignments already read for the scope: no query of its own on every page.
    return user.is_superuser or any(a.role in REGISTRY_EDITOR_ROLES for a in assignments_of(user))


ENTRIES = [MenuEntry(_("Import"), "imports:upload", 110, _edits_registry)]

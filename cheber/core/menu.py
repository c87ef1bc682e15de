"""Core's menu entries; the order numbers of every app's entries are listed in docs/apps.md."""

from django.utils.translation import gettext_lazy as _

from cheber.accounts.roles import roles_for
from cheber.core.navigation import MenuEntry


def _audits(user) -> bool:
    roles = roles_for(user)
    return roles.superuser or "auditor" in roles.national


ENTRIES = [
    MenuEntry(_("Home"), "core:home", 10, lambda user: True),
    MenuEntry(_("Audit"), "core:audit_log", 140, _audits),
    MenuEntry(_("Administration"), "admin:index", 150, lambda user: user.is_staff),
]

"""Core's menu entries; the order numbers of every app's entries are listed in docs/apps.md."""

from django.utils.translation import gettext_lazy as _

from cheber.core.access import access_for
from cheber.core.navigation import MenuEntry

ENTRIES = [
    MenuEntry(_("Home"), "core:home", 10, lambda user: True),
    MenuEntry(_("Audit"), "core:audit_log", 140, lambda user: access_for(user).is_auditor),
    MenuEntry(_("Administration"), "admin:index", 150, lambda user: user.is_staff),
]

"""Compliance's menu entries: a teacher's own status, the dashboards for whoever looks after
people."""

from django.utils.translation import gettext_lazy as _

from cheber.core.access import access_for
from cheber.core.navigation import MenuEntry
from cheber.registry.menu import looks_after_people

ENTRIES = [
    MenuEntry(_("My status"), "compliance:my_status", 31, lambda user: access_for(user).is_teacher),
    MenuEntry(_("Compliance"), "compliance:dashboard", 90, looks_after_people),
]

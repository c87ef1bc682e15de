"""The plan builder's menu entry, for the national roles."""

from django.utils.translation import gettext_lazy as _

from cheber.core.access import access_for
from cheber.core.navigation import MenuEntry

ENTRIES = [
    MenuEntry(_("Plan builder"), "planner:run_list", 80, lambda user: access_for(user).national),
]

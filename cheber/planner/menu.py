"""The plan builder's menu entry, for the national roles."""

from django.utils.translation import gettext_lazy as _

from cheber.accounts.scope import scope_for
from cheber.core.navigation import MenuEntry

ENTRIES = [
    MenuEntry(_("Plan builder"), "planner:run_list", 80, lambda user: scope_for(user).national),
]

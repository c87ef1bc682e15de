"""The users' menu entry: the users, for whoever may give someone a role."""

from django.utils.translation import gettext_lazy as _

from cheber.core.navigation import MenuEntry
from cheber.users.access import can_invite

ENTRIES = [MenuEntry(_("Users"), "users:user_list", 130, can_invite)]

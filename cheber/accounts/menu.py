"""The accounts' menu entry: the users, for whoever may give someone a role."""

from django.utils.translation import gettext_lazy as _

from cheber.accounts.invitations import grantable_roles
from cheber.core.navigation import MenuEntry

ENTRIES = [MenuEntry(_("Users"), "users:user_list", 130, lambda user: bool(grantable_roles(user)))]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    """The users a staff member manages: who may give whom a role, and invitations."""

    name = "cheber.users"
    label = "users"
    verbose_name = _("Users")

"""The catalogue's menu entry: the programmes, for the providers and the national roles."""

from django.utils.translation import gettext_lazy as _

from cheber.accounts.roles import roles_for
from cheber.accounts.scope import scope_for
from cheber.core.navigation import MenuEntry


def plans_courses(user) -> bool:
    """A provider's staff or a national role: who sees programmes and plan-schedules."""
    return roles_for(user).is_provider or scope_for(user).national


ENTRIES = [MenuEntry(_("Programmes"), "catalog:programme_list", 70, plans_courses)]

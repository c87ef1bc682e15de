"""The catalogue's menu entry: the programmes, for the providers and the national roles."""

from django.utils.translation import gettext_lazy as _

from cheber.core.access import access_for
from cheber.core.navigation import MenuEntry


def plans_courses(user) -> bool:
    """A provider's staff or a national role: who sees programmes and plan-schedules."""
    return access_for(user).is_provider or access_for(user).national


ENTRIES = [MenuEntry(_("Programmes"), "catalog:programme_list", 70, plans_courses)]

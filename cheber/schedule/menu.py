"""The schedule's menu entries: the courses for everyone, the plan-schedules for the
providers and the national roles."""

from django.utils.translation import gettext_lazy as _

from cheber.catalog.menu import plans_courses
from cheber.core.navigation import MenuEntry

ENTRIES = [
    MenuEntry(_("Courses"), "schedule:session_list", 20, lambda user: True),
    MenuEntry(_("Plan-schedules"), "schedule:plan_list", 71, plans_courses),
]

"""Learning's menu entry: a teacher's online courses, beside their other course pages."""

from django.utils.translation import gettext_lazy as _

from cheber.core.access import access_for
from cheber.core.navigation import MenuEntry

ENTRIES = [
    MenuEntry(_("Online courses"), "learning:online_courses", 34,
              lambda user: access_for(user).is_teacher),
]  # fmt: skip

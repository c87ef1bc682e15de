"""The certificates' menu entry: a teacher's own certificates."""

from django.utils.translation import gettext_lazy as _

from cheber.core.access import access_for
from cheber.core.navigation import MenuEntry

ENTRIES = [
    MenuEntry(_("My certificates"), "certificates:my_certificates", 32,
              lambda user: access_for(user).is_teacher),
]  # fmt: skip

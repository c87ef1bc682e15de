"""The certificates' menu entry: a teacher's own certificates."""

from django.utils.translation import gettext_lazy as _

from cheber.accounts.roles import roles_for
from cheber.core.navigation import MenuEntry

ENTRIES = [
    MenuEntry(_("My certificates"), "certificates:my_certificates", 32,
              lambda user: roles_for(user).is_teacher),
]  # fmt: skip

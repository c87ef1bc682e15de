"""Delivery's menu entries: each role's own course pages, in the order its people use them
most (a teacher's between "Courses" and the others')."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cheber.core.access import access_for
from cheber.core.navigation import MenuEntry
from cheber.delivery.models import Notification


def _notifications_label(user) -> str:
    unread = Notification.objects.filter(
        educator_id__in=access_for(user).educator_ids, read_at=None
    ).count()
    if not unread:
        return _("Notifications")
    return _("Notifications (%(count)s)") % {"count": unread}


def _teaches(user) -> bool:
    return access_for(user).is_teacher


ENTRIES = [
    MenuEntry(gettext_lazy("My courses"), "delivery:my_courses", 30, _teaches),
    MenuEntry(_notifications_label, "delivery:notifications", 33, _teaches),
    MenuEntry(gettext_lazy("Cabinet"), "delivery:cabinet", 40,
              lambda user: access_for(user).is_methodist),
    MenuEntry(gettext_lazy("Staff on courses"), "delivery:staff_away", 50,
              lambda user: access_for(user).is_principal),
    MenuEntry(gettext_lazy("My sessions"), "delivery:provider_sessions", 60,
              lambda user: access_for(user).is_provider),
]  # fmt: skip

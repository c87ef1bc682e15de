"""What the delivery pages share: the states that hold a place, the page sizes, today in
Bishkek, whether a session still takes requests, and the methodical cabinet's gate."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cheber.core.access import Access, access_for
from cheber.delivery.models import Enrolment
from cheber.schedule.models import Session

ACTIVE = Enrolment.ACTIVE_STATES
PAGE_SIZE = 50
LIST_CAP = 100  # requests awaiting a step: shown in full up to this many, then a count


def local_today() -> dt.date:
    return timezone.localdate()


def is_open(session: Session) -> bool:
    """Published and not begun: requests, nominations and releases are still taken."""
    return session.is_published and session.start_date > local_today()


def require_methodist(user) -> Access:
    """The user's roles, when they include a district methodist's; else 403."""
    roles = access_for(user)
    if not roles.is_methodist:
        raise PermissionDenied
    return roles

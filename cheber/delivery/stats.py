"""Course figures for `cheber stats`: the current plan year's sessions and enrolments."""

from django.db.models import Count
from django.utils import timezone

from cheber.delivery.models import Enrolment
from cheber.schedule.models import Session

State = Enrolment.State
ENROLMENT_KEYS = [
    State.ENROLLED, State.WAITLISTED, State.COMPLETED, State.WITHDRAWN, State.REJECTED,
    State.NOT_COMPLETED,
]  # fmt: skip


def collect() -> dict:
    year = timezone.localdate().year
    rows = Enrolment.objects.values("state").annotate(n=Count("pk"))
    by_state = {row["state"]: row["n"] for row in rows}
    return {
        "sessions_this_year": Session.objects.published().in_year(year).count(),
        "enrolments": {key: by_state.get(key, 0) for key in ENROLMENT_KEYS},
    }

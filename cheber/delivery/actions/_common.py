"""What the delivery actions share: the record of a step, today's date."""

import datetime as dt
from typing import Any

from django.utils import timezone

from cheber.core.actors import user_or_none
from cheber.core.audit import record
from cheber.delivery.models import Enrolment, EnrolmentEvent


def step(
    enrolment: Enrolment, *, actor: Any, verb: str, before: str, note: str = "", **data: Any
) -> None:
    """The enrolment's new state, as one `EnrolmentEvent` and one audit event."""
    user = user_or_none(actor)
    EnrolmentEvent.objects.create(
        enrolment=enrolment, actor=user, verb=verb, from_state=before,
        to_state=enrolment.state, note=note[:255],
    )  # fmt: skip
    record(
        actor=actor, verb=verb, obj=enrolment, session=enrolment.session_id,
        educator=enrolment.educator_id, before=before, after=enrolment.state, **data,
    )  # fmt: skip


def _today() -> dt.date:
    return timezone.localdate()


def today() -> dt.date:
    return timezone.localdate()

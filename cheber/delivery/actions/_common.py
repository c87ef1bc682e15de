"""What the delivery actions share (and the learning app's, which enrol in online sessions):
the record of a step, an educator's workplace, today's date."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.core.actors import user_or_none
from cheber.core.audit import record
from cheber.delivery.models import Enrolment, EnrolmentEvent
from cheber.registry.models import Educator, Employment, Organization


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


def workplace_of(educator: Educator) -> Organization:
    """The organization an educator is released from: their main (earliest) active job."""
    job = (
        Employment.objects.active()
        .filter(educator=educator)
        .select_related("organization__unit")
        .order_by("start_date", "pk")
        .first()
    )
    if job is None:
        raise ValidationError({"educator": _("The educator has no current job.")})
    return job.organization

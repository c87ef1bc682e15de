"""Every change to the registry goes through one of these functions.

Each checks who acts (the permission functions of `access.py`, which the pages read too), is
atomic, validates the rows it writes (model `clean` and database constraints), and
records an audit event. Views, the admin, commands and imports all call them.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cheber.accounts import notices
from cheber.core.actors import user_or_none
from cheber.core.audit import changes, record, snapshot
from cheber.registry.access import (
    can_edit_educator,
    can_employ_at,
    can_end_employment,
)
from cheber.registry.models import (
    Educator,
    Employment,
    Organization,
    Position,
    Specialization,
    TrainingRecord,
)


def _validate(obj: Any, *, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude)


@transaction.atomic
def register_educator(
    *,
    actor: Any,
    educator: Educator,
    specializations: list[Specialization],
    organization: Organization,
    position: Position,
    specialization: Specialization | None,
    start_date: dt.date,
    workload: Decimal = Decimal("1"),
) -> Educator:
    """A new educator together with their first job: both saved, or neither."""
    if not can_employ_at(actor, organization):
        raise PermissionDenied
    _validate(educator)
    try:
        with transaction.atomic():
            educator.save()
    except IntegrityError:
        raise ValidationError(
            {"pin": _("An educator with this PIN is already registered.")}
        ) from None
    educator.specializations.set(specializations)
    record(actor=actor, verb="register_educator", obj=educator, pin=educator.pin)
    _employ(
        actor=actor, educator=educator, organization=organization, position=position,
        specialization=specialization, start_date=start_date, workload=workload,
    )  # fmt: skip
    return educator


@transaction.atomic
def update_educator(
    *, actor: Any, educator: Educator, specializations: list[Specialization], changed: list[str]
) -> Educator:
    """The educator's record; a new e-mail address is told to them at the old one and the new
    one (an account for them may be sent to it)."""
    if not can_edit_educator(actor, educator):
        raise PermissionDenied
    _validate(educator)
    fields = sorted(set(changed) - {"specializations"})
    current = Educator.objects.get(pk=educator.pk)
    before = snapshot(current, [*fields, "specializations"])
    educator.save()
    educator.specializations.set(specializations)
    after = snapshot(educator, [*fields, "specializations"])
    record(actor=actor, verb="update_educator", obj=educator, changed=changes(before, after))
    notices.tell_email_changed(whose=educator.full_name, old=current.email, new=educator.email,
                               by=actor)  # fmt: skip
    return educator


@transaction.atomic
def employ_educator(
    *,
    actor: Any,
    educator: Educator,
    organization: Organization,
    position: Position,
    specialization: Specialization | None,
    start_date: dt.date,
    workload: Decimal = Decimal("1"),
) -> Employment:
    """A new job of an educator the actor may edit, at an organization they may employ at."""
    if not (can_edit_educator(actor, educator) and can_employ_at(actor, organization)):
        raise PermissionDenied
    return _employ(
        actor=actor, educator=educator, organization=organization, position=position,
        specialization=specialization, start_date=start_date, workload=workload,
    )  # fmt: skip


def _employ(
    *, actor: Any, educator: Educator, organization: Organization, position: Position,
    specialization: Specialization | None, start_date: dt.date, workload: Decimal,
) -> Employment:  # fmt: skip
    employment = Employment(
        educator=educator,
        organization=organization,
        position=position,
        specialization=specialization,
        start_date=start_date,
        workload=workload,
    )
    _validate(employment)
    employment.save()
    record(
        actor=actor,
        verb="employ_educator",
        obj=employment,
        educator=educator.pk,
        organization=organization.pk,
        position=position.code,
    )
    return employment


@transaction.atomic
def end_employment(*, actor: Any, employment: Employment, end_date: dt.date) -> Employment:
    """Leaving a job ends it; the row stays in the history."""
    if not can_end_employment(actor, employment):
        raise PermissionDenied
    if employment.end_date is not None:
        raise ValidationError({"end_date": _("This job has already ended.")})
    employment.end_date = end_date
    _validate(employment)
    employment.save(update_fields=["end_date"])
    record(actor=actor, verb="end_employment", obj=employment, educator=employment.educator_id,
           changed={"end_date": [None, end_date.isoformat()]})  # fmt: skip
    return employment


@transaction.atomic
def record_training(*, actor: Any, training: TrainingRecord) -> TrainingRecord:
    """A training completed outside Cheber, entered into the educator's history."""
    if not can_edit_educator(actor, training.educator):
        raise PermissionDenied
    training.source = TrainingRecord.Source.EXTERNAL
    training.recorded_by = user_or_none(actor)
    _validate(training)
    training.save()
    record(
        actor=actor,
        verb="record_training",
        obj=training,
        educator=training.educator_id,
        hours=training.hours,
    )
    return training

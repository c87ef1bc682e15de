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
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.accounts import notices
from cheber.core.access import access_for
from cheber.core.actors import user_or_none
from cheber.core.audit import changes, record, snapshot
from cheber.core.jobs import start_job
from cheber.core.models import Job
from cheber.registry import export, jobs
from cheber.registry.access import (
    can_edit_educator,
    can_employ_at,
    can_end_employment,
    can_verify_training,
)
from cheber.registry.models import (
    Educator,
    Employment,
    Organization,
    Position,
    Specialization,
    TrainingRecord,
)
from cheber.registry.notifications import notify_review


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
    """A training completed outside Cheber, entered into the educator's history by one who
    keeps it; it counts as entered. One's own training is declared with its document (a
    certificate from outside Cheber) and verified by another."""
    if not can_edit_educator(actor, training.educator):
        raise PermissionDenied
    if training.educator_id in access_for(actor).educator_ids:
        raise ValidationError(
            _("Your own training is recorded under My certificates, with its document, and "
              "counts once the district cabinet has verified it.")
        )  # fmt: skip
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


# The facts of a training a keeper may correct; never whose it is, where it came from or its
# verification.
CORRECTABLE_FIELDS = [
    "title", "title_ru", "provider", "provider_name", "hours", "start_date", "end_date", "form",
    "kind", "certificate_number",
]  # fmt: skip


def _refuse_correction(actor: Any, stored: TrainingRecord) -> None:
    if stored.source == TrainingRecord.Source.CHEBER:
        raise ValidationError(
            _("A training completed in Cheber is as its certificate says; it cannot be "
              "corrected here.")
        )  # fmt: skip
    if stored.is_declared:
        raise ValidationError(
            _("A training the educator declared is checked through its verification; it "
              "cannot be corrected here.")
        )  # fmt: skip
    if stored.educator_id in access_for(actor).educator_ids:
        raise ValidationError(
            _("Your own training is corrected by another keeper of the registry.")
        )


@transaction.atomic
def correct_training(*, actor: Any, training: TrainingRecord) -> TrainingRecord:
    """A keeper's correction of a training entered from outside (by a keeper or an import):
    its facts as changed on `training`; the educator's status is judged again at once
    (`corrected_at` moves the compliance refresh's watermark)."""
    stored = TrainingRecord.objects.select_for_update().get(pk=training.pk)
    if not can_edit_educator(actor, stored.educator):
        raise PermissionDenied
    _refuse_correction(actor, stored)
    training.educator_id = stored.educator_id  # (the row's owner is not the caller's to change)
    _validate(training)
    before, after = snapshot(stored, CORRECTABLE_FIELDS), snapshot(training, CORRECTABLE_FIELDS)
    training.corrected_at = timezone.now()
    training.save(update_fields=[*CORRECTABLE_FIELDS, "corrected_at"])
    record(actor=actor, verb="correct_training", obj=training, educator=training.educator_id,
           changed=changes(before, after))  # fmt: skip
    return training


# Self-declared training: the cabinet's (or the provider's) verification ----------------------


def _locked_declaration(actor: Any, training: TrainingRecord) -> TrainingRecord:
    if not can_verify_training(actor, training):
        raise PermissionDenied
    locked = TrainingRecord.objects.select_for_update().get(pk=training.pk)
    if locked.verification != TrainingRecord.Verification.PENDING:
        raise ValidationError(_("This training has already been verified or rejected."))
    return locked


def _decide(actor: Any, training: TrainingRecord, verification: str, note: str = "") -> None:
    training.verification = verification
    training.review_note = note
    training.reviewed_by = user_or_none(actor)
    # a new moment for the compliance refresh: the educator's status is judged again
    training.reviewed_at = timezone.now()
    training.save(update_fields=["verification", "review_note", "reviewed_by", "reviewed_at"])
    notify_review(training)


@transaction.atomic
def verify_training(*, actor: Any, training: TrainingRecord) -> TrainingRecord:
    """The document shows the declared training took place: from now on it counts, under the
    policy in force on its end date, like one entered by the registry's keepers."""
    training = _locked_declaration(actor, training)
    _decide(actor, training, TrainingRecord.Verification.VERIFIED)
    record(actor=actor, verb="verify_training", obj=training, educator=training.educator_id,
           hours=training.hours)  # fmt: skip
    return training


@transaction.atomic
def reject_training(*, actor: Any, training: TrainingRecord, reason: str) -> TrainingRecord:
    """The document does not show the declared training: it stays in the history, marked
    rejected with the reason, and never counts; the educator is told why."""
    training = _locked_declaration(actor, training)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason, for the educator.")})
    _decide(actor, training, TrainingRecord.Verification.REJECTED, reason.strip())
    record(actor=actor, verb="reject_training", obj=training, educator=training.educator_id,
           reason=training.review_note)  # fmt: skip
    return training


@transaction.atomic
def start_educator_export(*, actor: Any, filters: dict[str, str], language: str) -> Job:
    """The list of educators `actor` sees, with the list's `filters`, as CSV made in the
    background; the same user's unfinished export of the same list is returned instead of a
    second one."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    params = {"filters": filters, "language": language}
    return start_job(actor=actor, kind=export.KIND, params=params, verb="start_educator_export",
                     task=jobs.build_educator_export, **filters)  # fmt: skip

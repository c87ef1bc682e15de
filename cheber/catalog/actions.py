"""Every change to the programme catalogue: propose, edit, approve, archive."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.catalog.access import can_approve_programme, can_manage_programme
from cheber.catalog.models import Module, Programme
from cheber.core.audit import changes, record, snapshot

Status = Programme.Status


def _check_modules(programme: Programme, modules: list[Module]) -> None:
    if modules and sum(m.hours for m in modules) != programme.hours:
        raise ValidationError(
            {
                "hours": _("The modules add up to %(modules)s hours, the programme has %(hours)s.")
                % {"modules": sum(m.hours for m in modules), "hours": programme.hours}
            }
        )


def _require_provider_staff(actor: Any, programme: Programme) -> None:
    if not can_manage_programme(actor, programme):
        raise PermissionDenied


@transaction.atomic
def propose_programme(
    *, actor: Any, programme: Programme, specializations=(), positions=(), modules=()
) -> Programme:
    """A provider's new programme, as a draft for the national institute to approve."""
    _require_provider_staff(actor, programme)
    programme.status = Status.DRAFT
    programme.created_by = actor
    programme.full_clean()
    _check_modules(programme, list(modules))
    programme.save()
    programme.specializations.set(specializations)
    programme.positions.set(positions)
    _save_modules(programme, list(modules))
    record(actor=actor, verb="propose_programme", obj=programme, code=programme.code)
    return programme


@transaction.atomic
def update_programme(
    *, actor: Any, programme: Programme, specializations=(), positions=(), modules=None,
    changed: list[str] = (),
) -> Programme:  # fmt: skip
    """Edit a draft. An approved programme is changed by archiving it and proposing anew."""
    _require_provider_staff(actor, programme)
    if programme.status != Status.DRAFT:
        raise ValidationError(_("Only a draft programme can be changed."))
    stored = Programme.objects.filter(pk=programme.pk).first()
    before = snapshot(stored, changed) if stored else {}
    programme.full_clean()
    if modules is not None:
        _check_modules(programme, list(modules))
        _save_modules(programme, list(modules))
    programme.save()
    programme.specializations.set(specializations)
    programme.positions.set(positions)
    after = snapshot(programme, changed)
    record(actor=actor, verb="update_programme", obj=programme, changed=changes(before, after))
    return programme


def _save_modules(programme: Programme, modules: list[Module]) -> None:
    programme.modules.all().delete()
    for order, module in enumerate(modules, start=1):
        module.programme = programme
        module.order = order
        module.full_clean()
        module.save()


@transaction.atomic
def approve_programme(*, actor: Any, programme: Programme) -> Programme:
    if not can_approve_programme(actor):
        raise PermissionDenied
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Status.DRAFT:
        raise ValidationError({"status": _("Only a draft programme can be approved.")})
    programme.status = Status.APPROVED
    programme.approved_by = actor
    programme.approved_at = timezone.now()
    programme.save(update_fields=["status", "approved_by", "approved_at"])
    record(actor=actor, verb="approve_programme", obj=programme)
    return programme


@transaction.atomic
def archive_programme(*, actor: Any, programme: Programme) -> Programme:
    """No new sessions of it; sessions already planned go on."""
    _require_provider_staff(actor, programme)
    if programme.status == Status.ARCHIVED:
        raise ValidationError({"status": _("The programme is already archived.")})
    before = programme.status
    programme.status = Status.ARCHIVED
    programme.save(update_fields=["status"])
    record(actor=actor, verb="archive_programme", obj=programme, before=before)
    return programme

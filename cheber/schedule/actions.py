"""Every change to the plan-schedule: sessions, their places and quotas, submission, approval."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.core.audit import changes, record, snapshot
from cheber.schedule.access import can_approve_plan, can_plan_for
from cheber.schedule.models import DistrictQuota, PlanSchedule, Session
from cheber.schedule.places import Funding

Status = PlanSchedule.Status


def _require_provider(actor: Any, provider_id: int) -> None:
    if not can_plan_for(actor, provider_id):
        raise PermissionDenied


@transaction.atomic
def open_plan_schedule(*, actor: Any, provider, year: int) -> PlanSchedule:
    """The provider's plan-schedule of the year, created as a draft when it does not exist."""
    _require_provider(actor, provider.pk)
    plan, created = PlanSchedule.objects.get_or_create(provider=provider, year=year)
    if created:
        record(actor=actor, verb="open_plan_schedule", obj=plan, year=year)
    return plan


def _place(session: Session) -> None:
    session.provider_id = session.plan.provider_id
    session.region_id = session.unit.region_id if session.unit_id else None


@transaction.atomic
def add_session(*, actor: Any, session: Session, trainers=(), quotas=None) -> Session:
    """A new session on a draft plan-schedule, with its district quotas."""
    _require_provider(actor, session.plan.provider_id)
    if session.plan.status != Status.DRAFT:
        raise ValidationError(_("Sessions are added while the plan-schedule is a draft."))
    _place(session)
    session.full_clean()
    session.save()
    session.trainers.set(trainers)
    if quotas:
        _write_quotas(session, quotas)
    record(actor=actor, verb="add_session", obj=session, plan=session.plan_id)
    return session


@transaction.atomic
def update_session(*, actor: Any, session: Session, trainers=None, changed=()) -> Session:
    """Change a session; never below the places already taken."""
    _require_provider(actor, session.provider_id)
    stored = Session.objects.select_for_update().filter(pk=session.pk).first()
    before = snapshot(stored, changed) if stored else {}
    _place(session)
    session.full_clean()
    taken = _taken(session)
    errors = {}
    for funding, field in (
        (Funding.BUDGET, "budget_places"),
        (Funding.CONTRACT, "contract_places"),
    ):
        if getattr(session, field) < taken.get(funding, 0):
            errors[field] = _("%(taken)s places are already taken; the number cannot be lower.") % {
                "taken": taken[funding]
            }
    quota_total = sum(session.quotas.values_list("places", flat=True))
    if not errors and quota_total > session.budget_places:
        errors["budget_places"] = _(
            "The district quotas add up to %(quotas)s places, more than the budget places."
        ) % {"quotas": quota_total}
    if errors:
        raise ValidationError(errors)
    session.save()
    if trainers is not None:
        session.trainers.set(trainers)
    after = snapshot(session, changed)
    record(actor=actor, verb="update_session", obj=session, changed=changes(before, after))
    return session


def _taken(session: Session) -> dict[str, int]:
    """Places held, by funding, from the one places query."""
    held = Session.objects.with_places().values("budget_taken", "contract_taken").get(pk=session.pk)
    return {Funding.BUDGET: held["budget_taken"], Funding.CONTRACT: held["contract_taken"]}


@transaction.atomic
def set_quotas(*, actor: Any, session: Session, quotas: dict) -> Session:
    """Replace the district quotas of a session: {district unit: places}."""
    _require_provider(actor, session.provider_id)
    session = Session.objects.select_for_update().get(pk=session.pk)
    _write_quotas(session, quotas)
    record(
        actor=actor, verb="set_quotas", obj=session,
        quotas={unit.soate: places for unit, places in quotas.items()},
    )  # fmt: skip
    return session


def _write_quotas(session: Session, quotas: dict) -> None:
    quotas = {unit: places for unit, places in quotas.items() if places}
    total = sum(quotas.values())
    if total > session.budget_places:
        raise ValidationError(
            {
                "quotas": _(
                    "The district quotas add up to %(quotas)s places, more than the %(budget)s "
                    "budget places."
                )
                % {"quotas": total, "budget": session.budget_places}
            }
        )
    session.quotas.exclude(unit__in=list(quotas)).delete()
    for unit, places in quotas.items():
        DistrictQuota.objects.update_or_create(
            session=session, unit=unit, defaults={"places": places}
        )


@transaction.atomic
def submit_plan_schedule(*, actor: Any, plan: PlanSchedule) -> PlanSchedule:
    _require_provider(actor, plan.provider_id)
    plan = PlanSchedule.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Status.DRAFT:
        raise ValidationError({"status": _("Only a draft plan-schedule can be submitted.")})
    if not plan.sessions.exists():
        raise ValidationError({"status": _("The plan-schedule has no sessions.")})
    plan.status, plan.submitted_by, plan.submitted_at = Status.SUBMITTED, actor, timezone.now()
    plan.save(update_fields=["status", "submitted_by", "submitted_at"])
    record(actor=actor, verb="submit_plan_schedule", obj=plan)
    return plan


@transaction.atomic
def approve_plan_schedule(*, actor: Any, plan: PlanSchedule) -> PlanSchedule:
    """Approval publishes the sessions; every programme in it must be approved first."""
    if not can_approve_plan(actor):
        raise PermissionDenied
    plan = PlanSchedule.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Status.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted plan-schedule can be approved.")})
    unapproved = plan.sessions.filter(~Q(programme__status="approved"))
    if unapproved.exists():
        titles = sorted({str(s.programme) for s in unapproved.select_related("programme")})
        raise ValidationError(
            {
                "status": _("Programmes not approved yet: %(titles)s.")
                % {"titles": "; ".join(titles)}
            }
        )
    plan.status, plan.approved_by, plan.approved_at = Status.APPROVED, actor, timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    record(actor=actor, verb="approve_plan_schedule", obj=plan, sessions=plan.sessions.count())
    return plan


@transaction.atomic
def return_plan_schedule(*, actor: Any, plan: PlanSchedule, note: str) -> PlanSchedule:
    """The institute sends a submitted plan-schedule back to the provider as a draft."""
    if not can_approve_plan(actor):
        raise PermissionDenied
    plan = PlanSchedule.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Status.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted plan-schedule can be returned.")})
    plan.status = Status.DRAFT
    plan.save(update_fields=["status"])
    record(actor=actor, verb="return_plan_schedule", obj=plan, note=note)
    return plan

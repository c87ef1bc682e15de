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
from cheber.schedule.places import tutored_places

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
    """Change a session; never below the places already taken. The budget places of an online
    or blended session with online terms follow its trainers (`places.tutored_places`)."""
    _require_provider(actor, session.provider_id)
    stored = Session.objects.select_for_update().filter(pk=session.pk).first()
    audited = [*changed, "budget_places"]
    before = snapshot(stored, audited) if stored else {}
    _place(session)
    session.full_clean()
    if trainers is not None:
        _follow_tutors(session, len(trainers), typed="budget_places" in changed)
    session.check_places()
    session.save()
    if trainers is not None:
        session.trainers.set(trainers)
    after = snapshot(session, audited)
    record(actor=actor, verb="update_session", obj=session, changed=changes(before, after))
    return session


def _follow_tutors(session: Session, trainers: int, typed: bool) -> None:
    """Trainers × learners per tutor become the budget places of a session whose online terms
    name the figure; a different number typed beside them is refused, not overwritten."""
    per_trainer = session.learners_per_trainer()
    places = tutored_places(trainers, per_trainer)
    if places is None:
        return
    if typed and session.budget_places != places:
        raise ValidationError({"budget_places": _(
            "The budget places follow the tutors: %(trainers)s × %(per)s learners = %(places)s. "
            "Change the tutors, or the learners per tutor in the session's enrolment terms."
        ) % {"trainers": trainers, "per": per_trainer, "places": places}})  # fmt: skip
    session.budget_places = places


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

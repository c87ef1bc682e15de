"""Every step of getting a place: nominate, apply, confirm, accept, withdraw, reject, the
waitlist and the district quotas.

Each action is atomic, checks who acts (the permission functions of `delivery/access.py`),
records the step (`EnrolmentEvent`, the audit log) and tells the educator. Places are counted
under a row lock on the session (and the educator's row is locked first, always in that
order), so capacity and quotas hold under simultaneous requests.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.core import dates
from cheber.core.actors import user_or_none
from cheber.core.audit import record
from cheber.delivery.access import (
    can_apply_for,
    can_confirm_nomination,
    can_confirm_release,
    can_nominate,
    can_nominate_from,
    can_read_notifications,
    can_reject,
    can_run_session,
    can_withdraw,
    governs_quota,
    quota_release_problem,
)
from cheber.delivery.actions._common import step, workplace_of
from cheber.delivery.actions._common import today as _today
from cheber.delivery.models import Enrolment, Notification
from cheber.delivery.notifications import notify
from cheber.delivery.seats import has_place, quota_unit
from cheber.registry.models import Educator, Organization
from cheber.schedule.models import DistrictQuota, Session

State, Funding, Origin = Enrolment.State, Enrolment.Funding, Enrolment.Origin
Kind = Notification.Kind


# Getting a place -------------------------------------------------------------------------


@transaction.atomic
def nominate_educator(*, actor: Any, session: Session, educator: Educator) -> Enrolment:
    """The district methodical cabinet nominates an educator of its district for a budget place
    (the national institute, any educator: it turns the plan builder's plan into nominations)."""
    if not can_nominate(actor):
        raise PermissionDenied
    organization = workplace_of(educator)
    if not can_nominate_from(actor, organization):
        raise ValidationError({"educator": _("The educator does not work in your district.")})
    return _request(
        actor=actor, session=session, educator=educator, organization=organization,
        funding=Funding.BUDGET, origin=Origin.NOMINATION,
    )  # fmt: skip


@transaction.atomic
def apply_for_place(*, actor: Any, session: Session, educator: Educator, funding: str) -> Enrolment:
    """An educator asks for a place: a budget one then needs the cabinet's confirmation,
    a contract one the payment."""
    if not can_apply_for(actor, educator):
        raise PermissionDenied
    if funding not in Funding.values:
        raise ValidationError({"funding": _("Choose a budget or a contract place.")})
    return _request(
        actor=actor, session=session, educator=educator, organization=workplace_of(educator),
        funding=funding, origin=Origin.APPLICATION,
    )  # fmt: skip


def _request(
    *, actor: Any, session: Session, educator: Educator, organization: Organization,
    funding: str, origin: str,
) -> Enrolment:  # fmt: skip
    # Everything that needs no count of places is checked before the session's lock (the
    # educator's row, locked first, guards their own requests): applications on an opening day
    # queue for that lock only for the count and the writes.
    Educator.objects.select_for_update().filter(pk=educator.pk).first()
    sessions = Session.objects.select_related("plan", "programme")
    current = sessions.get(pk=session.pk)
    _check_session(current, funding)
    _check_educator(current, educator)
    unit = quota_unit(organization)
    session = sessions.select_for_update(of=("self",)).get(pk=session.pk)
    _check_session(session, funding)  # again, locked: it may have changed meanwhile
    enrolment = Enrolment(
        session=session, educator=educator, organization=organization, unit=unit,
        funding=funding, origin=origin, requested_by=user_or_none(actor),
    )  # fmt: skip
    if origin == Origin.NOMINATION:
        enrolment.district_confirmed_at = timezone.now()
    if has_place(session, funding=funding, unit_id=unit.pk, today=_today()):
        enrolment.state = State.ENROLLED
    else:
        enrolment.state = State.WAITLISTED
        enrolment.waitlist_position = _next_position(session)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise ValidationError(
            {"session": _("The educator already has a request for this session.")}
        ) from None
    step(enrolment, actor=actor, verb=origin, before="")
    if origin == Origin.NOMINATION:
        notify(enrolment, Kind.NOMINATED)
    if enrolment.state == State.WAITLISTED:
        notify(enrolment, Kind.WAITLISTED)
    return enrolment


def _check_session(session: Session, funding: str) -> None:
    if not session.is_published:
        raise ValidationError({"session": _("The session is not published yet.")})
    if session.start_date <= _today():
        raise ValidationError({"session": _("The session has already begun.")})
    places = session.budget_places if funding == Funding.BUDGET else session.contract_places
    if not places:
        raise ValidationError({"funding": _("The session has no places of this kind.")})


def _check_educator(session: Session, educator: Educator) -> None:
    """The educator's own requests: none for this session, none whose dates overlap."""
    mine = Enrolment.objects.filter(educator=educator, state__in=Enrolment.ACTIVE_STATES)
    if mine.filter(session=session).exists():
        raise ValidationError(
            {"session": _("The educator already has a request for this session.")}
        )
    clash = (
        mine.filter(
            session__start_date__lte=session.end_date, session__end_date__gte=session.start_date
        )
        .select_related("session__programme")
        .first()
    )
    if clash:
        raise ValidationError(
            {"session": _("The dates overlap with “%(other)s”, %(start)s–%(end)s.") % {
                "other": clash.session.programme.title,
                "start": dates.day(clash.session.start_date),
                "end": dates.day(clash.session.end_date),
            }}
        )  # fmt: skip


def _next_position(session: Session) -> int:
    last = Enrolment.objects.filter(session=session).aggregate(n=Max("waitlist_position"))["n"]
    return (last or 0) + 1


def _lock(enrolment: Enrolment) -> Enrolment:
    """The session row first (the order every action takes), then a fresh enrolment."""
    Session.objects.select_for_update().filter(pk=enrolment.session_id).first()
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("session__plan", "session__programme", "educator")
        .get(pk=enrolment.pk)
    )


@transaction.atomic
def confirm_nomination(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """The cabinet confirms an educator's own request for a budget place of its quota."""
    enrolment = _lock(enrolment)
    if not can_confirm_nomination(actor, enrolment):
        raise PermissionDenied
    _require_active(enrolment)
    if enrolment.funding != Funding.BUDGET or enrolment.district_confirmed_at:
        raise ValidationError(_("This request needs no confirmation by the cabinet."))
    enrolment.district_confirmed_at = timezone.now()
    enrolment.save(update_fields=["district_confirmed_at"])
    step(enrolment, actor=actor, verb="confirm_nomination", before=enrolment.state)
    return enrolment


@transaction.atomic
def record_payment(*, actor: Any, enrolment: Enrolment, reference: str) -> Enrolment:
    enrolment = _lock(enrolment)
    if not can_run_session(actor, enrolment.session):
        raise PermissionDenied
    _require_active(enrolment)
    if enrolment.funding != Funding.CONTRACT:
        raise ValidationError(_("A budget place is not paid for."))
    if not reference.strip():
        raise ValidationError({"reference": _("Enter the payment document's number.")})
    enrolment.payment_recorded_at = timezone.now()
    enrolment.payment_reference = reference.strip()[:64]
    enrolment.save(update_fields=["payment_recorded_at", "payment_reference"])
    step(enrolment, actor=actor, verb="record_payment", before=enrolment.state, note=reference)
    return enrolment


@transaction.atomic
def confirm_release(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """The principal lets the educator leave work for the session's dates."""
    enrolment = _lock(enrolment)
    if not can_confirm_release(actor, enrolment):
        raise PermissionDenied
    _require_active(enrolment)
    if enrolment.release_confirmed_at:
        raise ValidationError(_("The release is already confirmed."))
    enrolment.release_confirmed_at = timezone.now()
    enrolment.save(update_fields=["release_confirmed_at"])
    step(enrolment, actor=actor, verb="confirm_release", before=enrolment.state)
    return enrolment


@transaction.atomic
def accept_enrolment(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """The provider accepts a participant whose place is confirmed and, if paid, paid."""
    enrolment = _lock(enrolment)
    if not can_run_session(actor, enrolment.session):
        raise PermissionDenied
    if enrolment.state != State.ENROLLED:
        raise ValidationError(_("Only an enrolled participant can be accepted."))
    if enrolment.accepted_at:
        raise ValidationError(_("The participant is already accepted."))
    if not enrolment.is_confirmed:
        raise ValidationError(
            _("Still awaiting: %(steps)s.") % {"steps": ", ".join(enrolment.awaiting[:-1])}
        )
    enrolment.accepted_at = timezone.now()
    enrolment.save(update_fields=["accepted_at"])
    step(enrolment, actor=actor, verb="accept_enrolment", before=enrolment.state)
    notify(enrolment, Kind.ACCEPTED)
    return enrolment


def _require_active(enrolment: Enrolment) -> None:
    if enrolment.state not in Enrolment.ACTIVE_STATES:
        raise ValidationError(
            _("The request is %(state)s; nothing more can be done with it.")
            % {"state": enrolment.get_state_display()}
        )


@transaction.atomic
def withdraw_enrolment(*, actor: Any, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """The educator (or the cabinet, principal, provider for them) gives the place up; the next
    on the waitlist who fits the freed place is promoted and told."""
    return _end_request(actor, enrolment, State.WITHDRAWN, "withdraw_enrolment", reason)


@transaction.atomic
def reject_enrolment(*, actor: Any, enrolment: Enrolment, reason: str) -> Enrolment:
    """The cabinet, the principal or the provider declines a request; the place goes on."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    enrolment = _end_request(
        actor, enrolment, State.REJECTED, "reject_enrolment", reason, by_educator=False
    )
    notify(enrolment, Kind.REJECTED)
    return enrolment


def _end_request(
    actor, enrolment: Enrolment, state: str, verb: str, reason: str, *, by_educator: bool = True
) -> Enrolment:
    enrolment = _lock(enrolment)
    if not (can_withdraw if by_educator else can_reject)(actor, enrolment):
        raise PermissionDenied
    _require_active(enrolment)
    if enrolment.session.start_date <= _today() and enrolment.accepted_at:
        raise ValidationError(_("The session has begun; its result is recorded instead."))
    before = enrolment.state
    enrolment.state, enrolment.waitlist_position = state, None
    enrolment.save(update_fields=["state", "waitlist_position"])
    step(enrolment, actor=actor, verb=verb, before=before, note=reason)
    if before == State.ENROLLED:
        _promote_waitlist(actor, enrolment.session, _today())
    return enrolment


def promote_waitlist(
    *, actor: Any, session: Session, today: dt.date | None = None
) -> list[Enrolment]:
    """Fill free places from the waitlist, in order, with requests the free places fit (the
    provider, or the server on a session's quota release date). The caller holds the
    session's lock."""
    if not can_run_session(actor, session):
        raise PermissionDenied
    return _promote_waitlist(actor, session, today or _today())


def _promote_waitlist(actor: Any, session: Session, today: dt.date) -> list[Enrolment]:
    """Called under the session's lock by the actions that free places."""
    promoted = []
    if session.start_date <= today:
        return promoted
    waiting = Enrolment.objects.filter(session=session, state=State.WAITLISTED).order_by(
        "waitlist_position"
    )
    for enrolment in waiting.select_related("educator"):
        if not has_place(
            session, funding=enrolment.funding, unit_id=enrolment.unit_id, today=today
        ):
            continue
        enrolment.state, enrolment.waitlist_position = State.ENROLLED, None
        enrolment.save(update_fields=["state", "waitlist_position"])
        step(enrolment, actor=actor, verb="promote_from_waitlist", before=State.WAITLISTED)
        notify(enrolment, Kind.PROMOTED)
        promoted.append(enrolment)
    return promoted


@transaction.atomic
def release_quota(*, actor: Any, quota: DistrictQuota) -> DistrictQuota:
    """The cabinet gives the places of its quota it will not use to other districts."""
    Session.objects.select_for_update().filter(pk=quota.session_id).first()
    quota = DistrictQuota.objects.select_related("session__plan").get(pk=quota.pk)
    if not governs_quota(actor, quota):
        raise PermissionDenied
    if problem := quota_release_problem(quota):
        raise ValidationError(problem)
    quota.released_at = timezone.now()
    quota.save(update_fields=["released_at"])
    record(actor=actor, verb="release_quota", obj=quota, session=quota.session_id)
    _promote_waitlist(actor, quota.session, _today())
    return quota


def mark_notifications_read(*, actor: Any) -> int:
    """The user's unread notifications are marked read; returns how many."""
    if not can_read_notifications(actor):
        raise PermissionDenied
    return Notification.objects.for_user(actor).unread().update(read_at=timezone.now())

"""Actions that run a session: attendance, module progress, results, completion.

Completion follows the `CompletionRule` in force on the session's last day and writes the
training into the educator's qualification history.
"""

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.catalog.models import Module
from cheber.core import dates
from cheber.core.actors import user_or_none
from cheber.core.audit import record
from cheber.delivery.access import can_run_session, can_send_reminders
from cheber.delivery.actions._common import step
from cheber.delivery.models import (
    Attendance,
    CompletionRule,
    Enrolment,
    ModuleProgress,
    Notification,
)
from cheber.delivery.notifications import notify
from cheber.registry.models import TrainingRecord
from cheber.schedule.models import Session

State = Enrolment.State


def _require_provider(actor: Any, session: Session) -> None:
    if not can_run_session(actor, session):
        raise PermissionDenied


def _participants(session: Session):
    """Who attends: enrolled and accepted by the provider."""
    return session.enrolments.filter(state=State.ENROLLED, accepted_at__isnull=False)


@transaction.atomic
def record_attendance(
    *, actor: Any, session: Session, marks: dict[tuple[int, dt.date], bool]
) -> int:
    """Marks of {(enrolment id, day): present}; all are written or none. Returns the count."""
    _require_provider(actor, session)
    days = set(session.days)
    enrolled = set(_participants(session).values_list("pk", flat=True))
    for enrolment_id, day in marks:
        if day not in days:
            raise ValidationError(
                {"day": _("%(day)s is not a day of this session.") % {"day": dates.day(day)}}
            )
        if day > timezone.localdate():
            raise ValidationError(
                {"day": _("Attendance cannot be recorded for %(day)s, a day still to come.")
                 % {"day": dates.day(day)}}
            )  # fmt: skip
        if enrolment_id not in enrolled:
            raise ValidationError({"enrolment": _("This person is not a participant.")})
    earlier = {
        (a.enrolment_id, a.day): a.present
        for a in Attendance.objects.filter(
            enrolment__session=session, day__in={d for _, d in marks}
        )
    }
    changed = []
    for (enrolment_id, day), present in marks.items():
        Attendance.objects.update_or_create(
            enrolment_id=enrolment_id, day=day, defaults={"present": present}
        )
        if earlier.get((enrolment_id, day)) != present:
            changed.append(
                [enrolment_id, day.isoformat(), earlier.get((enrolment_id, day)), present]
            )
    record(actor=actor, verb="record_attendance", obj=session, marks=len(marks),
           changed=changed)  # fmt: skip
    return len(marks)


@transaction.atomic
def record_module_progress(
    *, actor: Any, enrolment: Enrolment, module: Module, completed_on: dt.date
) -> ModuleProgress:
    _require_provider(actor, enrolment.session)
    if module.programme_id != enrolment.session.programme_id:
        raise ValidationError({"module": _("The module is not part of this programme.")})
    if enrolment.state != State.ENROLLED or not enrolment.accepted_at:
        raise ValidationError({"enrolment": _("This person is not a participant.")})
    progress, _created = ModuleProgress.objects.update_or_create(
        enrolment=enrolment, module=module, defaults={"completed_on": completed_on}
    )
    record(actor=actor, verb="record_module_progress", obj=enrolment, module=module.pk)
    return progress


@transaction.atomic
def record_result(
    *, actor: Any, enrolment: Enrolment, passed: bool, score: int | None = None,
    modules: Sequence[Module] = (), completed_on: dt.date | None = None,
) -> Enrolment:  # fmt: skip
    """The final assessment of one participant, and the `modules` newly done (dated
    `completed_on`, default today): all saved, or nothing."""
    _require_provider(actor, enrolment.session)
    if enrolment.state != State.ENROLLED or not enrolment.accepted_at:
        raise ValidationError({"enrolment": _("This person is not a participant.")})
    if score is not None and not 0 <= score <= 100:
        raise ValidationError({"score": _("The score is from 0 to 100.")})
    result_before = [enrolment.assessment_passed, enrolment.assessment_score]
    enrolment.assessment_passed, enrolment.assessment_score = passed, score
    enrolment.save(update_fields=["assessment_passed", "assessment_score"])
    note = ("passed" if passed else "failed") + (f" {score}" if score is not None else "")
    step(enrolment, actor=actor, verb="record_result", before=enrolment.state, note=note,
         result=[result_before, [passed, score]])  # fmt: skip
    known = set(enrolment.module_progress.values_list("module_id", flat=True))
    for module in modules:
        if module.pk not in known:
            record_module_progress(actor=actor, enrolment=enrolment, module=module,
                                   completed_on=completed_on or timezone.localdate())  # fmt: skip
    return enrolment


def _attendance_percent(session: Session):
    """{enrolment id: percent of the session's days present}."""
    total = len(session.days)
    rows = (
        Attendance.objects.filter(enrolment__session=session)
        .values("enrolment_id")
        .annotate(present=Count("pk", filter=Q(present=True)))
    )
    return {row["enrolment_id"]: 100 * row["present"] / total for row in rows}


@transaction.atomic
def complete_session(
    *, actor: Any, session: Session, online_done: Collection[int] | None = None
) -> dict[str, int]:
    """Close a finished session: who met the rule completed it (and it enters their history),
    the others did not. Returns {"completed": n, "not_completed": m}. For a blended session the
    learning app passes `online_done`, the participants whose online part is done; the others
    do not complete."""
    _require_provider(actor, session)
    session = Session.objects.select_for_update().select_related("programme").get(pk=session.pk)
    if session.end_date > timezone.localdate():
        raise ValidationError(_("The session has not ended yet."))
    rule = CompletionRule.in_force(session.end_date)
    if rule is None:
        raise ValidationError(_("No completion rule is in force for these dates."))
    percents = _attendance_percent(session)
    counts = {"completed": 0, "not_completed": 0}
    for enrolment in _participants(session).select_related("educator"):
        met = (
            percents.get(enrolment.pk, 0) >= rule.min_attendance_percent
            and (enrolment.assessment_passed or not rule.requires_passed_assessment)
            and (online_done is None or enrolment.pk in online_done)
        )
        _close(actor, enrolment, session, met)
        counts["completed" if met else "not_completed"] += 1
    record(actor=actor, verb="complete_session", obj=session, rule=rule.pk, **counts)
    return counts


@transaction.atomic
def complete_enrolment(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """One learner of an online session completes it on the day they meet its rule (the
    learning app judges the lessons and tests; the server acts as `SYSTEM`, or the provider by
    hand): the training enters their history as `complete_session` writes it."""
    session = (
        Session.objects.select_for_update().select_related("programme").get(pk=enrolment.session_id)
    )
    _require_provider(actor, session)
    enrolment = Enrolment.objects.select_related("educator").get(pk=enrolment.pk)
    if enrolment.state != State.ENROLLED:
        raise ValidationError({"enrolment": _("This person is not a participant.")})
    _close(actor, enrolment, session, True, end=min(timezone.localdate(), session.end_date))
    return enrolment


def _close(
    actor: Any, enrolment: Enrolment, session: Session, met: bool, end: dt.date | None = None
) -> None:
    if met:
        enrolment.training_record = TrainingRecord.objects.create(
            educator=enrolment.educator, provider_id=session.provider_id,
            title=session.programme.title_ky, title_ru=session.programme.title_ru,
            hours=session.programme.hours,
            start_date=min(session.start_date, end or session.end_date),
            end_date=end or session.end_date, form=session.form,
            kind=session.programme.kind, source=TrainingRecord.Source.CHEBER,
            recorded_by=user_or_none(actor),
        )  # fmt: skip
    enrolment.state = State.COMPLETED if met else State.NOT_COMPLETED
    enrolment.save(update_fields=["state", "training_record"])
    step(enrolment, actor=actor, verb="complete" if met else "not_complete", before=State.ENROLLED)
    if met:
        notify(enrolment, Notification.Kind.COMPLETED)


def send_reminders(*, actor: Any, today: dt.date) -> int:
    """Tell the participants of sessions starting tomorrow; once each."""
    if not can_send_reminders(actor):
        raise PermissionDenied
    tomorrow = today + dt.timedelta(days=1)
    due = Enrolment.objects.filter(
        state=State.ENROLLED, session__start_date=tomorrow, reminded_at=None
    ).select_related("educator")
    sent = 0
    for enrolment in due:
        with transaction.atomic():
            if Enrolment.objects.filter(pk=enrolment.pk, reminded_at=None).update(
                reminded_at=timezone.now()
            ):
                notify(enrolment, Notification.Kind.REMINDER)
                sent += 1
    return sent

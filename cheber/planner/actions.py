"""Every change of the plan builder: build a year's plan (or a what-if of one), edit a
placement by hand, turn a plan into nominations. Each checks who acts and records itself."""

import datetime as dt
from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.core.actors import user_or_none
from cheber.core.audit import record
from cheber.delivery.actions import nominate_educator
from cheber.delivery.models import Enrolment
from cheber.planner import snapshot
from cheber.planner.access import can_plan
from cheber.planner.building import DEFAULTS, figures_of, solve, world_of, write_placements
from cheber.planner.editing import check_move
from cheber.planner.models import Placement, PlanRun, Reason
from cheber.planner.optimizer.common import gc_paused
from cheber.planner.rerun import from_plan, solved_beside_copy, write_changed
from cheber.schedule.models import Session


def _require_planner(actor: Any) -> None:
    if not can_plan(actor):
        raise PermissionDenied


@transaction.atomic
@gc_paused()
def build_plan(
    *, actor: Any, year: int, settings: dict | None = None, changes: list[dict] | None = None,
    parent: PlanRun | None = None, today: dt.date | None = None,
) -> PlanRun:  # fmt: skip
    """Place the educators who need a course into the year's sessions; store it as a draft."""
    _require_planner(actor)
    today = today or timezone.localdate()
    if year < today.year:
        raise ValidationError({"year": _("Plan this year or a later one.")})
    values, changes = {**DEFAULTS, **(settings or {})}, list(changes or [])
    if parent is not None and (quick := from_plan(parent, values, changes, today)):
        return _what_if_from_plan(actor, parent, values, changes, quick)
    instance, facts, best, baseline = solve(year, values, changes, today)
    run = PlanRun.objects.create(
        year=year, parent=parent, settings=values, changes=changes,
        created_by=user_or_none(actor),
        figures={
            "optimizer": figures_of(instance, best), "greedy": figures_of(instance, baseline),
            "demand": len(instance.persons), "seats": sum(s.places for s in instance.slots),
            "world": world_of(instance),
        },
    )  # fmt: skip
    snapshot.store(run, write_placements(run, instance, facts, best))
    record(actor=actor, verb="build_plan", obj=run, year=year, placed=len(best.placed))
    return run


def _what_if_from_plan(actor, parent: PlanRun, values: dict, changes: list, quick) -> PlanRun:
    """A what-if solved from the plan it changes: no greedy baseline (it compares with the
    plan), no bound (the flow is not run again)."""
    instance = quick.instance
    run = PlanRun.objects.create(
        year=parent.year, parent=parent, settings=values, changes=changes,
        created_by=user_or_none(actor),
    )  # fmt: skip
    best, figures = solved_beside_copy(run, parent, quick)
    run.figures = {
        "optimizer": figures, "from_plan": True, "demand": len(instance.persons),
        "seats": sum(s.places for s in instance.slots), "world": world_of(instance),
    }  # fmt: skip
    run.save(update_fields=["figures"])
    changed = write_changed(run, quick, best)
    record(actor=actor, verb="build_plan", obj=run, year=run.year, placed=len(best.placed),
           from_plan=parent.pk, changed=changed)  # fmt: skip
    return run


@transaction.atomic
def move_placement(*, actor: Any, placement: Placement, session: Session | None) -> Placement:
    """The institute puts an educator into another session of the year, or takes them out."""
    _require_planner(actor)
    # the run first: edits of one plan are counted one at a time (seats, release limits)
    PlanRun.objects.select_for_update().filter(pk=placement.run_id).first()
    placement = Placement.objects.select_for_update().select_related("run").get(pk=placement.pk)
    if not placement.run.is_editable:
        raise ValidationError(_("The plan is already turned into nominations."))
    before = placement.session_id
    if session is None:
        placement.session, placement.reason, placement.travel_km = None, Reason.REMOVED, None
        placement.from_quota = False
    else:
        placement.travel_km, placement.from_quota = check_move(placement, session)
        placement.session, placement.reason = session, ""
    placement.proposed, placement.edited = None, True
    placement.save()
    snapshot.drop(placement.run_id)  # the rows are the plan now
    record(actor=actor, verb="move_placement", obj=placement, before=before,
           after=placement.session_id)  # fmt: skip
    return placement


NOMINATION_BATCH = 200


@transaction.atomic
def start_nominations(*, actor: Any, run: PlanRun) -> PlanRun:
    """Turn the plan into nominations in the background (some 20,000 at national scale, each
    through `nominate_educator`); the plan's page shows how far it is."""
    _require_planner(actor)
    run = PlanRun.objects.select_for_update().get(pk=run.pk)
    if run.status == PlanRun.Status.NOMINATED:
        raise ValidationError(_("The plan is already turned into nominations."))
    if run.status == PlanRun.Status.NOMINATING:
        raise ValidationError(_("The plan is being turned into nominations already."))
    run.status = PlanRun.Status.NOMINATING
    run.to_nominate, run.nominations_done = run.placements.placed().count(), 0
    run.save(update_fields=["status", "to_nominate", "nominations_done"])
    record(actor=actor, verb="start_nominations", obj=run, placements=run.to_nominate)
    # enqueued in the transaction: the database queue's row commits (or not) with the status
    from cheber.planner.jobs import nominate_in_background

    nominate_in_background.enqueue(run.pk, actor.pk)
    return run


def nominate_plan(*, actor: Any, run: PlanRun, today: dt.date | None = None) -> Counter:
    """Every placement into a published session not begun yet becomes a nomination (through
    the delivery action, which counts the places under its locks); the rest are counted by
    why they were left: the session's plan-schedule not approved yet, a what-if course, or
    what the delivery action refused. Batch by batch, each in its transaction, with progress;
    run again, it goes on with the placements not nominated yet."""
    _require_planner(actor)
    today = today or timezone.localdate()
    counts: Counter = Counter(run.figures.get("nominations", {}))
    pending = list(
        run.placements.placed().filter(enrolment=None)
        .order_by("session__start_date", "-priority", "pk").values_list("pk", flat=True)
    )  # fmt: skip
    for start in range(0, len(pending), NOMINATION_BATCH):
        with transaction.atomic():
            batch = Placement.objects.filter(pk__in=pending[start : start + NOMINATION_BATCH])
            for placement in batch.select_related("session__plan", "educator").order_by(
                "session__start_date", "-priority", "pk"
            ):
                counts[_nominate(actor, placement, today)] += 1
            PlanRun.objects.filter(pk=run.pk).update(
                nominations_done=min(run.to_nominate, start + NOMINATION_BATCH)
            )
    run.refresh_from_db()
    run.status, run.nominated_at = PlanRun.Status.NOMINATED, timezone.now()
    run.nominations_done = run.to_nominate
    run.figures = {**run.figures, "nominations": dict(counts)}
    run.save(update_fields=["status", "nominated_at", "nominations_done", "figures"])
    record(actor=actor, verb="nominate_plan", obj=run, **counts)
    return counts


def _nominate(actor: Any, placement: Placement, today: dt.date) -> str:
    session = placement.session
    if session is None:
        return "proposed_course"
    if not session.is_published:
        return "not_published"
    if session.start_date <= today:
        return "begun"
    try:
        enrolment = nominate_educator(actor=actor, session=session, educator=placement.educator)
    except ValidationError:
        return "refused"
    placement.enrolment = enrolment
    placement.save(update_fields=["enrolment"])
    return "nominated" if enrolment.state == Enrolment.State.ENROLLED else "waitlisted"

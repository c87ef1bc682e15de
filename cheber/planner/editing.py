"""Whether a hand edit keeps the plan's constraints: the session serves the educator, is in
reach, has a seat left (their district's quota first), and their school can spare them."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.planner.instance import (
    QUALIFICATION,
    RETRAINING,
    Units,
    load_busy,
    load_slots,
    load_staff,
)
from cheber.planner.optimizer.common import peak
from cheber.planner.optimizer.model import Instance, Person, Settings, Slot
from cheber.schedule.models import Session


def _refuse(message: str) -> None:
    raise ValidationError({"session": message})


def check_move(placement, session: Session) -> tuple[float, bool]:
    """(travel km, whether the seat is of the district's quota); ValidationError otherwise."""
    run, units = placement.run, Units()
    if session.plan.year != run.year:
        _refuse(_("Choose a session of %(year)s.") % {"year": run.year})
    slots = load_slots(run.year, timezone.localdate(), units, only=session.pk)
    if not slots:
        _refuse(_("The session has begun, has no budget places or does not count."))
    slot, person = slots[0], _person(placement)
    _check_serves(slot, person)
    point = units.point(person.unit)
    settings = Settings(release_share=float(run.settings.get("release_share", 0.2)),
                        max_km=float(run.settings.get("max_km", 300)))  # fmt: skip
    instance = Instance(
        persons=(person,), slots=(slot,), coordinates={person.unit: point} if point else {},
        staff=load_staff({person.school}), busy=load_busy(run.year, person.school),
        settings=settings,
    )  # fmt: skip
    km = round(instance.km(person.unit, slot), 1)
    if not instance.in_reach(person.unit, slot):
        _refuse(_("The session is %(km)s km away, beyond the plan's %(max)s km.")
                % {"km": round(km), "max": round(settings.max_km)})  # fmt: skip
    from_quota = _seat(placement, slot)
    _check_release(placement, instance, slot)
    return km, from_quota


def _person(placement) -> Person:
    kind = RETRAINING if placement.status == "needs_retraining" else QUALIFICATION
    return Person(
        placement.educator_id, placement.unit_id, placement.specialization_id,
        placement.language, kind, placement.priority, 0, placement.organization_id,
        placement.status,
    )  # fmt: skip


def _check_serves(slot: Slot, person: Person) -> None:
    if slot.kind != person.kind:
        _refuse(_("The session's programme does not meet the educator's need."))
    if slot.language != person.language:
        _refuse(_("The session is not taught in the language of the educator's school."))
    if not slot.serves(person):
        _refuse(_("The session's programme is not for the educator's specialization."))


def _seat(placement, slot: Slot) -> bool:
    others = placement.run.placements.filter(session_id=slot.id).exclude(pk=placement.pk)
    quota = dict(slot.quotas).get(placement.unit_id, 0)
    if others.filter(from_quota=True, unit_id=placement.unit_id).count() < quota:
        return True
    if others.filter(from_quota=False).count() < slot.open_places:
        return False
    _refuse(_("The session has no free seat for this district."))


def _check_release(placement, instance: Instance, slot: Slot) -> None:
    if not slot.away:
        return
    school = placement.organization_id
    mates = (
        placement.run.placements.filter(organization_id=school, session__isnull=False)
        .exclude(pk=placement.pk)
        .exclude(session__form="online")
        .values_list("session__start_date", "session__end_date")
    )
    spans = [(s.toordinal(), e.toordinal()) for s, e in mates]
    spans += list(instance.busy.get(school, ())) + [(slot.start, slot.end)]
    limit = instance.release_limit(school)
    if peak(spans, slot.start, slot.end) > limit:
        _refuse(_("%(n)s of the school's staff would be away at once, above its limit.")
                % {"n": peak(spans, slot.start, slot.end)})  # fmt: skip

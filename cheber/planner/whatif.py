"""What-if changes applied to a year's instance: a session's budget places, a district quota,
a mobile course added (as a slot with a negative id: it is not a session yet)."""

import datetime as dt
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cheber.catalog.models import Form, Programme
from cheber.compliance.models import Policy
from cheber.planner.instance import Units, _targets, need_met
from cheber.planner.optimizer.model import Instance, Slot
from cheber.schedule.models import Session

MOBILE_DAYS = 11


def apply_changes(instance: Instance, changes: list[dict], units: Units) -> Instance:
    slots = {slot.id: slot for slot in instance.slots}
    coordinates = dict(instance.coordinates)
    for number, change in enumerate(changes, 1):
        kind = change["kind"]
        if kind == "capacity":
            _capacity(slots, change)
        elif kind == "quota":
            _quota(slots, change)
        elif kind == "mobile":
            slot = mobile_slot(number, change, units)
            slots[slot.id] = slot
    return replace(instance, slots=tuple(slots.values()), coordinates=coordinates)


def _slot_of(slots: dict, session_id: int) -> Slot:
    if session_id not in slots:
        raise ValidationError({"session": _("The session is not among this year's sessions.")})
    return slots[session_id]


def _capacity(slots: dict, change: dict) -> None:
    slot = _slot_of(slots, change["session"])
    budget = Session.objects.values_list("budget_places", flat=True).get(pk=slot.id)
    delta = change["places"] - budget
    open_places = slot.open_places + delta
    quotas = dict(slot.quotas)
    for unit in sorted(quotas, key=lambda u: -quotas[u]):
        if open_places >= 0:
            break
        cut = min(quotas[unit], -open_places)
        quotas[unit] -= cut
        open_places += cut
    quotas = tuple(sorted((u, n) for u, n in quotas.items() if n))
    slots[slot.id] = replace(slot, open_places=max(0, open_places), quotas=quotas)


def _quota(slots: dict, change: dict) -> None:
    slot = _slot_of(slots, change["session"])
    quotas = dict(slot.quotas)
    delta = change["places"] - quotas.get(change["unit"], 0)
    if delta > slot.open_places:
        raise ValidationError(
            {"places": _("Only %(n)s places of the session are open to move into a quota.")
             % {"n": slot.open_places}}
        )  # fmt: skip
    quotas[change["unit"]] = change["places"]
    quotas = tuple(sorted((u, n) for u, n in quotas.items() if n))
    slots[slot.id] = replace(slot, open_places=slot.open_places - delta, quotas=quotas)


def mobile_slot(number: int, change: dict, units: Units) -> Slot:
    programme = Programme.objects.get(pk=change["programme"])
    start = dt.date.fromisoformat(change["start"])
    kind = need_met(Policy.objects.in_force(start), programme, Form.MOBILE)
    if kind is None:
        raise ValidationError({"programme": _("The programme does not count under the policy.")})
    point = units.point(change["unit"])
    return Slot(
        id=-number, start=start.toordinal(),
        end=(start + dt.timedelta(days=MOBILE_DAYS)).toordinal(), form=Form.MOBILE,
        language=change["language"], kind=kind,
        specializations=_targets({programme.pk}).get(programme.pk),
        lat=point[0] if point else None, lon=point[1] if point else None,
        open_places=change["places"],
    )  # fmt: skip

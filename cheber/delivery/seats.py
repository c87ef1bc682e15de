"""Whether a request can hold a place: budget places by district quota, contract places.

A district's budget requests fill its quota first; beyond it they share the budget places no
quota reserves. A quota its district has released, or every quota once the session's release
date has come, is open to all. Read under the session's row lock, so the counts are exact.
"""

import datetime as dt

from django.db.models import Count

from cheber.delivery.models import Enrolment
from cheber.schedule.models import Session

Funding = Enrolment.Funding


def has_place(session: Session, *, funding: str, unit_id: int, today: dt.date) -> bool:
    held = Enrolment.objects.filter(session=session, state=Enrolment.State.ENROLLED)
    if funding == Funding.CONTRACT:
        return held.filter(funding=Funding.CONTRACT).count() < session.contract_places
    rows = held.filter(funding=Funding.BUDGET).values("unit_id").annotate(n=Count("pk"))
    taken = {row["unit_id"]: row["n"] for row in rows}
    if sum(taken.values()) >= session.budget_places:
        return False
    if session.quotas_released(today):
        return True
    quotas = dict(session.quotas.filter(released_at=None).values_list("unit_id", "places"))
    if taken.get(unit_id, 0) < quotas.get(unit_id, 0):
        return True
    open_places = session.budget_places - sum(quotas.values())
    overflow = sum(max(0, n - quotas.get(unit, 0)) for unit, n in taken.items())
    return overflow < open_places


def quota_unit(organization):
    """The unit whose quota an organization's staff use: a Bishkek city district counts as the
    city, whose methodical cabinet serves it."""
    unit = organization.unit
    if unit.level == "city_district" and unit.parent_id:
        return unit.parent
    return unit

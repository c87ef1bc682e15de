"""Whether a request can hold a place, by the one places query (`Session.objects.with_places`,
whose module `schedule.places` states the rule of quotas and overflow). Read under the
session's row lock, so the counts are exact.
"""

import datetime as dt

from cheber.delivery.models import Enrolment
from cheber.schedule.models import Session


def has_place(session: Session, *, funding: str, unit_id: int, today: dt.date) -> bool:
    """Only the one figure asked for is selected: the SQL then holds the subqueries that figure
    is built on, not all thirty of the places (it runs under the lock an opening queues for)."""
    contract = funding == Enrolment.Funding.CONTRACT
    figure = "contract_left" if contract else "budget_open_to_unit"
    places = Session.objects.with_places(today=today, unit_id=unit_id).filter(pk=session.pk)
    value = places.values_list(figure, flat=True).get()
    return value > 0 if contract else bool(value)


def quota_unit(organization):
    """The unit whose quota an organization's staff use: a Bishkek city district counts as the
    city, whose methodical cabinet serves it."""
    unit = organization.unit
    if unit.level == "city_district" and unit.parent_id:
        return unit.parent
    return unit

"""A prepared query (`core.prepared.Prepared`) answers what its queryset answers, for any values
it is run with after its first build: tried on the places query, whose SQL is the costliest to
build (ids in a list, a date, a district)."""

import datetime as dt
import random

import pytest

from cheber.core.prepared import ListOf, Prepared
from cheber.delivery.models import Enrolment
from cheber.delivery.tests.test_places_query import NARYN_TOWN, hold
from cheber.registry.tests.factories import AT_BASHY, KOCHKOR, unit
from cheber.schedule.models import Session
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
State, Funding = Enrolment.State, Enrolment.Funding
WINDOW = 6


def places(with_unit: bool, *, ids, day, district=None):
    sessions = Session.objects.filter(pk__in=ids).with_places(today=day, unit_id=district)
    figure = "budget_open_to_unit" if with_unit else "open_places"
    return sessions.values_list("pk", "free_places", "quota_places", figure).order_by("pk")


def as_queried(rows) -> list[tuple]:
    return [(pk, free, quota, int(figure)) for pk, free, quota, figure in rows]


@pytest.fixture
def sessions():
    """Six sessions of random places, quotas, release dates and requests."""
    rng = random.Random(7)
    made = []
    for n in range(WINDOW):
        quotas = {KOCHKOR: rng.randint(1, 3), AT_BASHY: rng.randint(1, 2)}
        session = factories.session(
            start=dt.date(2027, 3, 1) + dt.timedelta(days=n), budget=rng.randint(2, 6),
            contract=rng.randint(0, 2), quotas=quotas,
            quota_release_date=dt.date(2027, 2, 1) + dt.timedelta(days=10 * n),
        )  # fmt: skip
        for position in range(1, rng.randint(1, 7)):
            soate = rng.choice((KOCHKOR, AT_BASHY, NARYN_TOWN))
            if rng.random() < 0.3:
                hold(session, soate, state=State.WAITLISTED, position=position)
            else:
                hold(session, soate, rng.choice(list(Funding)))
        made.append(session.pk)
    return made


def test_a_prepared_query_answers_as_its_queryset_for_every_value(sessions):
    prepared = Prepared(places, ids=ListOf(int, WINDOW), day=dt.date, district=int)
    rng = random.Random(3)
    for _ in range(12):
        ids = rng.sample(sessions, rng.randint(1, WINDOW))
        day = dt.date(2027, 1, 20) + dt.timedelta(days=rng.randint(0, 60))
        district = rng.choice((None, unit(KOCHKOR).pk, unit(AT_BASHY).pk))
        values = {"ids": ids, "day": day} | ({"district": district} if district else {})

        rows = prepared.rows(district is not None, **values)

        assert as_queried(rows) == as_queried(places(district is not None, **values))


def test_a_value_the_query_does_not_use_is_refused():
    prepared = Prepared(
        lambda shape, *, ids, day: Session.objects.filter(pk__in=ids),
        ids=ListOf(int, 1),
        day=dt.date,
    )

    with pytest.raises(ValueError, match="day"):
        prepared.rows(ids=[1], day=dt.date(2027, 1, 1))


def test_more_ids_than_the_list_holds_are_refused(sessions):
    prepared = Prepared(places, ids=ListOf(int, 2), day=dt.date, district=int)

    with pytest.raises(ValueError, match="longer"):
        prepared.rows(False, ids=sessions[:3], day=dt.date(2027, 1, 1))

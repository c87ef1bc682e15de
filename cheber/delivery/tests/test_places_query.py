"""The one places query (`Session.objects.with_places`): its arithmetic of quotas and overflow,
and the figures every reader shows from it — the session page, the provider's list, the
course search and the seat check (the plan builder's: `planner/tests/test_instance.py`)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cheber.accounts.models import Role
from cheber.delivery.models import Enrolment
from cheber.delivery.seats import has_place
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    unit,
    user_with_role,
)
from cheber.schedule.models import DistrictQuota, Session
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
State, Funding = Enrolment.State, Enrolment.Funding
NARYN_TOWN = "41704400000010"
FIGURES = (
    "budget_taken", "contract_taken", "taken", "waiting", "free_places", "budget_left",
    "contract_left", "quota_places", "overflow", "open_places",
)  # fmt: skip


def hold(session, soate: str, funding=Funding.BUDGET, state=State.ENROLLED, position=None):
    school = OrganizationFactory(unit=unit(soate))
    return Enrolment.objects.create(
        session=session, educator=EducatorFactory(), organization=school, unit=unit(soate),
        funding=funding, origin=Enrolment.Origin.APPLICATION, state=state,
        waitlist_position=position,
    )  # fmt: skip


@pytest.fixture
def crowded():
    """Five budget places, two kept for Kochkor and one for At-Bashy; Kochkor holds three (one
    beyond its quota), Naryn town one, a contract place is held, one request waits."""
    session = factories.session(
        start=dt.date(2027, 3, 1), budget=5, contract=2, quotas={KOCHKOR: 2, AT_BASHY: 1}
    )
    for soate in (KOCHKOR, KOCHKOR, KOCHKOR, NARYN_TOWN):
        hold(session, soate)
    hold(session, KOCHKOR, Funding.CONTRACT)
    hold(session, AT_BASHY, state=State.WAITLISTED, position=1)
    hold(session, AT_BASHY, state=State.WITHDRAWN)
    return session


def figures(session, **kwargs) -> tuple:
    counted = Session.objects.with_places(**kwargs).values_list(*FIGURES).get(pk=session.pk)
    return tuple(counted)


def test_places_query_counts_quotas_and_overflow(crowded, today):
    counted = figures(crowded, today=today)

    assert counted == (4, 1, 5, 1, 2, 1, 1, 3, 2, 0)


def test_a_released_quota_opens_its_places_to_all(crowded, today):
    DistrictQuota.objects.filter(unit=unit(AT_BASHY)).update(released_at=timezone.now())

    counted = figures(crowded, today=today)

    assert counted == (4, 1, 5, 1, 2, 1, 1, 2, 2, 1)


def test_every_quota_is_open_from_the_release_date(crowded, today):
    crowded.quota_release_date = today
    crowded.save()

    counted = figures(crowded, today=today)
    before_the_date = figures(crowded)

    assert counted == (4, 1, 5, 1, 2, 1, 1, 0, 4, 1)
    assert before_the_date == (4, 1, 5, 1, 2, 1, 1, 3, 2, 0)


@pytest.mark.parametrize(
    ("soate", "left", "open_to_unit"), [(KOCHKOR, 0, False), (AT_BASHY, 1, True)]
)
def test_a_district_finds_a_budget_place_only_in_its_quota_when_none_is_open(
    crowded, today, soate, left, open_to_unit
):
    district = unit(soate).pk

    counted = Session.objects.with_places(today=today, unit_id=district).get(pk=crowded.pk)

    assert (counted.unit_left, bool(counted.budget_open_to_unit)) == (left, open_to_unit)
    assert has_place(crowded, funding=Funding.BUDGET, unit_id=district, today=today) is open_to_unit
    assert has_place(crowded, funding=Funding.CONTRACT, unit_id=district, today=today) is True


def test_quota_use_per_district(crowded):
    quotas = crowded.quotas.with_use().order_by("unit__soate")

    used = [(q.unit.soate, q.places, q.taken, q.left) for q in quotas]

    assert used == [(AT_BASHY, 1, 0, 1), (KOCHKOR, 2, 3, 0)]


def test_the_session_page_shows_the_figures_of_the_query(client, crowded, today):
    client.force_login(user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)))

    response = client.get(reverse("delivery:session_detail", args=[crowded.pk]))

    assert response.context["places"] == {
        "budget": 4, "contract": 1, "waiting": 1, "budget_left": 1, "contract_left": 1,
    }  # fmt: skip
    quotas = [(q.unit.soate, q.taken, q.left) for q in response.context["quotas"]]
    assert sorted(quotas) == [(AT_BASHY, 0, 1), (KOCHKOR, 3, 0)]


def test_the_provider_list_shows_the_figures_of_the_query(client, crowded, today):
    client.force_login(user_with_role("staff", Role.PROVIDER_STAFF, organization=crowded.provider))

    response = client.get(reverse("delivery:provider_sessions"))

    shown = [(s.taken, s.left, s.waiting) for s in response.context["page"]]
    assert shown == [(5, 2, 1)]


def test_the_course_search_shows_the_free_places_of_the_query(client, crowded, today):
    client.force_login(user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)))

    response = client.get(reverse("schedule:session_list"), {"free": "on"})

    assert [(s.pk, s.free_places) for s in response.context["page"]] == [(crowded.pk, 2)]

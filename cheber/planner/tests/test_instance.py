"""The plan builder reads which training counts from compliance, the one owner of that rule
(it offers exactly the sessions whose completion compliance would count), and the places left
from the one places query of schedule."""

import datetime as dt

import pytest

from cheber.catalog.models import Programme
from cheber.compliance.models import Policy
from cheber.compliance.rules import Rule, Training, why_not_counted
from cheber.core.access import Role
from cheber.delivery.models import Enrolment
from cheber.learning.actions.progress import set_online_terms
from cheber.planner.instance import Units, load_instance, load_slots, priority_of
from cheber.planner.optimizer.model import Settings
from cheber.planner.tests.conftest import TODAY, YEAR
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    unit,
    user_with_role,
)
from cheber.schedule.models import Session
from cheber.schedule.tests import factories

pytestmark = pytest.mark.django_db


def hours_policy(**fields) -> Policy:
    values = {
        "name_ky": "Жыл сайын 36 саат", "name_ru": "Ежегодно 36 часов",
        "name_en": "36 hours a year", "effective_from": dt.date(2026, 9, 1), "mode": "hours",
        "period_months": 12, "required_hours": 36, "min_course_hours": 72,
        "counted_kinds": ["qualification", "seminar"], "sum_short_courses": True,
    }  # fmt: skip
    return Policy.objects.create(**(values | fields))


def short_session():
    short = factories.programme(hours=18, kind=Programme.Kind.SEMINAR)
    return factories.session(start=dt.date(YEAR, 5, 10), budget=3, contract=0, programme=short)


def offered(session) -> set[int]:
    return {slot.id for slot in load_slots(YEAR, TODAY, Units())} & {session.pk}


def test_plan_builder_offers_the_short_course_an_hours_policy_sums(small):
    rule = Rule.of(hours_policy())
    session = short_session()
    recorded = Training(session.end_date, 18, Programme.Kind.SEMINAR, session.form)

    counted_by_compliance = why_not_counted(rule, recorded)
    offered_by_planner = offered(session)

    assert counted_by_compliance is None
    assert offered_by_planner == {session.pk}


def test_plan_builder_leaves_out_a_short_course_when_the_policy_does_not_sum(small):
    rule = Rule.of(hours_policy(sum_short_courses=False))
    session = short_session()
    recorded = Training(session.end_date, 18, Programme.Kind.SEMINAR, session.form)

    counted_by_compliance = why_not_counted(rule, recorded)
    offered_by_planner = offered(session)

    assert counted_by_compliance == "hours"
    assert offered_by_planner == set()


def test_plan_builder_judges_the_form_a_session_records_not_its_programme(small):
    hours_policy(counted_forms=["online"], sum_short_courses=False, min_course_hours=0)
    programme = factories.programme(form="stationary")
    online = factories.session(
        start=dt.date(YEAR, 5, 10), budget=3, contract=0, programme=programme,
        form="online", unit_soate=None,
    )  # fmt: skip

    offered_by_planner = offered(online)

    assert offered_by_planner == {online.pk}


def hold(session, soate: str) -> Enrolment:
    return Enrolment.objects.create(
        session=session, educator=EducatorFactory(), unit=unit(soate),
        organization=OrganizationFactory(unit=unit(soate)), funding=Enrolment.Funding.BUDGET,
        origin=Enrolment.Origin.APPLICATION, state=Enrolment.State.ENROLLED,
    )  # fmt: skip


@pytest.fixture
def crowded(small):
    """Five budget places, two kept for Kochkor and one for At-Bashy; Kochkor holds three (one
    beyond its quota) and Naryn town one: none open to all, At-Bashy's one still kept."""
    session = factories.session(
        start=dt.date(YEAR, 3, 1), budget=5, contract=0, quotas={KOCHKOR: 2, AT_BASHY: 1}
    )
    for soate in (KOCHKOR, KOCHKOR, KOCHKOR, "41704400000010"):
        hold(session, soate)
    return session


def test_plan_builder_reads_open_places_and_quotas_from_the_places_query(crowded):
    counted = Session.objects.with_places(today=TODAY).get(pk=crowded.pk)

    slots = load_slots(YEAR, TODAY, Units(), only=crowded.pk)

    assert [(s.open_places, s.quotas) for s in slots] == [(0, ((unit(AT_BASHY).pk, 1),))]
    assert slots[0].open_places == counted.open_places


def test_plan_builder_opens_every_quota_from_the_release_date_as_the_seat_check_does(crowded):
    crowded.quota_release_date = TODAY
    crowded.save()

    slots = load_slots(YEAR, TODAY, Units(), only=crowded.pk)

    assert [(s.open_places, s.quotas) for s in slots] == [(1, ())]


def test_plan_builder_offers_an_online_sessions_tutors_capacity(small):
    talas = small.online.provider
    small.online.trainers.set(EducatorFactory.create_batch(3))
    set_online_terms(
        actor=user_with_role("talas.staff", Role.PROVIDER_STAFF, organization=talas),
        session=small.online, enrol_from=TODAY, enrol_until=small.online.end_date,
        learners_per_trainer=100,
    )  # fmt: skip

    instance, _facts = load_instance(YEAR, Settings(), TODAY)

    slot = next(s for s in instance.slots if s.id == small.online.pk)
    assert (slot.online, slot.open_places) == (True, 300)


def test_plan_builder_takes_its_rule_of_priority_from_the_policy_in_force(small):
    strict, _ = load_instance(YEAR, Settings(), TODAY)
    hours_policy(effective_from=dt.date(YEAR, 1, 1), planning_priority="weighted")

    weighted, _ = load_instance(YEAR, Settings(), TODAY)

    assert strict.settings.priority_rule == "strict"
    assert weighted.settings.priority_rule == "weighted"


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        ("never_trained", None, (32, 10950)),
        ("overdue", dt.date(2026, 12, 31), (2, 1)),  # the first year overdue
        ("overdue", dt.date(2025, 12, 31), (3, 366)),  # overdue by a whole year
        ("overdue", dt.date(1990, 1, 1), (31, 13514)),  # capped at 30 whole years
        ("due", dt.date(2027, 1, 1), (1, 0)),
        ("needs_retraining", dt.date(2027, 6, 1), (1, -151)),
        ("compliant", dt.date(2027, 6, 1), (0, -151)),
    ],
)
def test_priority_classes_put_the_never_trained_first_and_the_compliant_last(status, due, expected):
    assert priority_of(status, due, YEAR) == expected

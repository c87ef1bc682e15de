"""The forecast on a hand-built case: two Naryn districts, two specializations, histories that
put people due in known years, and sessions of this year and next that serve them.

Today is 22 November 2026; the rule is one qualification course in 60 months.

                    2026 due  places        2027 due  places      2028 due
  Kochkor / maths       6     2+3 = 5           0      0              1
  Kochkor / primary     0       0               1      6              0
  At-Bashy / maths      2     1                 0      4              0

Places 2026: a mobile maths course in Kochkor (2) and an online course for everyone (4,
shared 6:2 by who falls due); a course that started in October is over. Places 2027: a draft
stationary course in Naryn town for maths and primary (10): At-Bashy's quota of 4, the other 6
to whoever falls due in 2027 in the oblast (Kochkor / primary). Prices: maths 5000 (mobile
4000 and stationary 6000), primary 6000.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cheber.compliance import forecast
from cheber.compliance.engine import refresh_statuses
from cheber.compliance.models import Policy
from cheber.core.access import Role
from cheber.core.actors import SYSTEM
from cheber.delivery.models import Enrolment
from cheber.learning.actions.progress import set_online_terms
from cheber.learning.models import OnlineTerms
from cheber.registry.models import Employment, Position, Specialization, TrainingRecord
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    unit,
    user_with_role,
)
from cheber.schedule.tests.factories import programme, session

BISHKEK_TZ = dt.timezone(dt.timedelta(hours=6))
TODAY = dt.date(2026, 11, 22)
pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=BISHKEK_TZ))
    return TODAY


def cycle_policy(months: int = 60) -> Policy:
    """The only rule: the policies the migrations seed are replaced by this hand-made one."""
    Policy.objects.all().delete()
    return Policy.objects.create(
        name_ky="Беш жылда бир жолу", name_ru="Раз в пять лет", name_en="Once in five years",
        effective_from=dt.date(2000, 1, 1), mode="cycle", period_months=months,
        counted_kinds=["qualification", "retraining"],
    )  # fmt: skip


def teacher(school, specialization, trained_on: dt.date | None = None):
    """An educator hired in 2010, with one 72-hour course ending on `trained_on`."""
    educator = EducatorFactory()
    Employment.objects.create(
        educator=educator, organization=school, position=Position.objects.get(code="teacher"),
        specialization=specialization, start_date=dt.date(2010, 9, 1),
    )  # fmt: skip
    if trained_on:
        TrainingRecord.objects.create(
            educator=educator, provider_name="КББИ", title="Квалификацияны жогорулатуу",
            hours=72, start_date=trained_on - dt.timedelta(days=11), end_date=trained_on,
            form="stationary", kind="qualification",
        )  # fmt: skip
    return educator


def spec(code: str) -> Specialization:
    return Specialization.objects.get(code=code)


@pytest.fixture
def case(today):
    policy = cycle_policy()
    maths, primary = spec("mathematics"), spec("primary_teacher")
    kochkor = OrganizationFactory(unit=unit(KOCHKOR))
    at_bashy = OrganizationFactory(unit=unit(AT_BASHY))
    for _ in range(4):
        teacher(kochkor, maths, dt.date(2021, 3, 1))  # overdue since March 2026
    teacher(kochkor, maths, dt.date(2021, 12, 1))  # due in December 2026
    teacher(kochkor, maths)  # never trained
    teacher(kochkor, maths, dt.date(2023, 5, 1))  # compliant until May 2028
    teacher(kochkor, maths, dt.date(2026, 1, 10))  # compliant until 2031: beyond
    teacher(kochkor, primary, dt.date(2022, 6, 1))  # compliant until June 2027
    teacher(at_bashy, maths, dt.date(2020, 5, 1))
    teacher(at_bashy, maths, dt.date(2019, 5, 1))
    refresh_statuses(today=today)
    mobile = programme(contract_price=4000)
    mobile.specializations.set([maths])
    stationary = programme(contract_price=6000)
    stationary.specializations.set([maths, primary])
    online = programme(contract_price=3000, form="online")
    session(programme=mobile, form="mobile", unit_soate=KOCHKOR, budget=2,
            start=dt.date(2026, 12, 7))  # fmt: skip
    session(programme=online, form="online", unit_soate=None, budget=4,
            start=dt.date(2026, 12, 14))  # fmt: skip
    session(programme=mobile, form="mobile", unit_soate=KOCHKOR, budget=50,
            start=dt.date(2026, 10, 5))  # fmt: skip
    session(programme=stationary, budget=10, quotas={AT_BASHY: 4}, status="draft",
            start=dt.date(2027, 3, 1))  # fmt: skip
    return {"policy": policy, "maths": maths, "primary": primary}


def figures(result, soate: str, specialization) -> list[tuple[int, int, int]]:
    row = next(
        r
        for r in result.rows
        if r.unit_id == unit(soate).pk and r.specialization_id == specialization.pk
    )
    return [(y.due, y.places, y.gap) for y in row.years]


def test_due_places_and_gap_per_district_and_specialization(case):
    result = forecast.build(TODAY)

    assert result.years == (2026, 2027, 2028, 2029, 2030)
    assert figures(result, KOCHKOR, case["maths"]) == [
        (6, 5, 1), (0, 0, 0), (1, 0, 1), (0, 0, 0), (0, 0, 0)
    ]  # fmt: skip
    assert figures(result, KOCHKOR, case["primary"]) == [
        (0, 0, 0), (1, 6, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0)
    ]  # fmt: skip
    assert figures(result, AT_BASHY, case["maths"]) == [
        (2, 1, 1), (0, 4, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0)
    ]  # fmt: skip


def test_budget_closes_the_gap_at_the_average_price_of_the_specialization(case):
    result = forecast.build(TODAY)

    totals = result.totals
    assert [(t["year"], t["due"], t["places"], t["gap"], t["budget"]) for t in totals] == [
        (2026, 8, 6, 2, Decimal(10000)),
        (2027, 1, 10, 0, Decimal(0)),
        (2028, 1, 0, 1, Decimal(5000)),
        (2029, 0, 0, 0, Decimal(0)),
        (2030, 0, 0, 0, Decimal(0)),
    ]
    assert result.budget == Decimal(15000)


def test_a_yearly_rule_brings_everyone_trained_back_the_next_year(case):
    Policy.objects.filter(pk=case["policy"].pk).update(period_months=12)

    result = forecast.build(TODAY)

    # Statuses are as maintained; only the return of those trained changes with the period.
    assert result.period_years == 1
    assert [y.due for y in result.only({unit(KOCHKOR).pk}, case["maths"].pk).rows[0].years] == [
        6, 6, 7, 7, 7
    ]  # fmt: skip


# The page ------------------------------------------------------------------------------


def test_national_page_shows_every_district_and_the_totals(case, client):
    client.force_login(user_with_role("ministry", Role.MINISTRY))
    client.cookies["cheber_language"] = "en"

    response = client.get(reverse("compliance:forecast"))

    assert response.status_code == 200
    rows = [(i["unit"].soate, i["specialization"].code) for i in response.context["page"]]
    assert rows == [(AT_BASHY, "mathematics"), (KOCHKOR, "primary_teacher"),
                    (KOCHKOR, "mathematics")]  # fmt: skip
    assert response.context["forecast"].budget == Decimal(15000)
    assert "How the forecast is made" in response.content.decode()


def test_methodist_sees_only_their_district(case, client):
    client.force_login(user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(AT_BASHY)))

    response = client.get(reverse("compliance:forecast"))

    page = response.context["page"]
    assert [(i["unit"].soate, i["specialization"].code) for i in page] == [
        (AT_BASHY, "mathematics")
    ]
    assert response.context["forecast"].budget == Decimal(5000)
    assert response.context["report_unit"] == unit(AT_BASHY)


def test_methodist_asking_for_another_district_gets_an_error_and_only_their_own(case, client):
    client.force_login(user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(AT_BASHY)))

    response = client.get(reverse("compliance:forecast"), {"district": unit(KOCHKOR).pk})

    assert list(response.context["form"].errors) == ["district"]
    rows = response.context["forecast"].rows
    assert {r.unit_id for r in rows} == {unit(AT_BASHY).pk}


def test_filter_by_specialization(case, client):
    client.force_login(
        user_with_role("oblast", Role.OBLAST_COORDINATOR, unit=unit("41704000000000"))
    )

    response = client.get(reverse("compliance:forecast"), {"specialization": case["primary"].pk})

    rows = response.context["forecast"].rows
    assert [(r.unit_id, r.specialization_id) for r in rows] == [
        (unit(KOCHKOR).pk, case["primary"].pk)
    ]


@pytest.mark.parametrize("role", ["teacher", "principal"])
def test_teachers_and_principals_get_404(case, client, role):
    school = OrganizationFactory(unit=unit(KOCHKOR))
    if role == "teacher":
        user = user_with_role("t", Role.TEACHER, educator=teacher(school, case["maths"]))
    else:
        user = user_with_role("p", Role.PRINCIPAL, organization=school)
    client.force_login(user)

    assert client.get(reverse("compliance:forecast")).status_code == 404
    assert client.get(reverse("compliance:forecast_xlsx")).status_code == 404


def test_excel_has_the_filtered_rows(case, client):
    import io

    from openpyxl import load_workbook

    client.force_login(user_with_role("ministry", Role.MINISTRY))
    client.cookies["cheber_language"] = "en"

    response = client.get(reverse("compliance:forecast_xlsx"), {"district": unit(KOCHKOR).pk})

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:7] == ("oblast or city", "district", "specialization", "due in 2026",
                             "places in 2026", "gap in 2026", "budget for 2026 (som)")  # fmt: skip
    assert len(values) == 3
    maths = next(v for v in values[1:] if v[2] == "Mathematics teacher")
    assert maths[3:7] == (6, 5, 1, 5000)
    assert maths[-1] == 10000


@pytest.mark.parametrize("districts", [1, 3])
def test_page_queries_do_not_grow_with_rows(today, client, django_assert_num_queries, districts):
    cycle_policy()
    maths = spec("mathematics")
    for soate in ["41704235000000", "41704220000000", "41704210000000"][:districts]:
        teacher(OrganizationFactory(unit=unit(soate)), maths)
    refresh_statuses(today=today)
    client.force_login(user_with_role("ministry", Role.MINISTRY))
    client.get(reverse("compliance:forecast"))  # warm the per-process caches

    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("compliance:forecast"))

    assert len(response.context["page"]) == districts


QUERIES = 14


def test_page_sees_a_new_session_at_once(case, client):
    client.force_login(user_with_role("ministry", Role.MINISTRY))
    before = client.get(reverse("compliance:forecast")).context["forecast"].totals[2]["places"]

    session(programme=programme(), budget=7, start=dt.date(2028, 3, 1))
    after = client.get(reverse("compliance:forecast")).context["forecast"].totals[2]["places"]

    assert (before, after) == (0, 7)


# Online courses: the places their tutors make ----------------------------------------


def online_course(start: dt.date, budget: int = 1, days: int = 60):
    return session(programme=programme(form="online"), form="online", unit_soate=None,
                   budget=budget, start=start, days=days)  # fmt: skip


def year_figures(year_index: int) -> tuple[int, int, int]:
    totals = forecast.build(TODAY).totals[year_index]
    return totals["due"], totals["places"], totals["gap"]


def test_the_tutors_of_an_online_course_add_their_capacity_to_the_places(case):
    course = online_course(dt.date(2026, 12, 20))
    course.trainers.set(EducatorFactory.create_batch(3))
    before = year_figures(0)

    set_online_terms(actor=SYSTEM, session=course, enrol_from=TODAY,
                     enrol_until=dt.date(2027, 1, 31), learners_per_trainer=100)  # fmt: skip
    after = year_figures(0)

    assert before == (8, 6 + 1, 1)
    assert after == (8, 6 + 300, 0)


def test_an_online_course_begun_counts_the_places_left_while_it_takes_learners(case):
    taking = online_course(dt.date(2026, 11, 1), budget=40)
    OnlineTerms.objects.create(session=taking, enrol_from=dt.date(2026, 10, 20),
                               enrol_until=dt.date(2026, 12, 15))  # fmt: skip
    closed = online_course(dt.date(2026, 11, 1), budget=40)
    OnlineTerms.objects.create(session=closed, enrol_from=dt.date(2026, 10, 20),
                               enrol_until=dt.date(2026, 11, 20))  # fmt: skip
    online_course(dt.date(2026, 10, 1), budget=40)  # no terms: closed two weeks before its end
    default_open = online_course(dt.date(2026, 11, 10), budget=5)  # closes 25 December
    school = OrganizationFactory(unit=unit(KOCHKOR))
    for _ in range(10):
        Enrolment.objects.create(
            session=taking, educator=EducatorFactory(), organization=school, unit=unit(KOCHKOR),
            funding="budget", origin="application", state="enrolled",
        )  # fmt: skip

    places = year_figures(0)[1]

    assert default_open.end_date == dt.date(2027, 1, 8)
    assert places == 6 + (40 - 10) + 5

"""Plan-schedules through HTTP: a provider plans its year, the institute approves; sessions with
their places and district quotas, and the input each form refuses."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from cheber.core.access import Role
from cheber.delivery.models import Enrolment
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from cheber.schedule.models import DistrictQuota, PlanSchedule, Session
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
Status = PlanSchedule.Status
NARYN_TOWN = "41704400000010"


@pytest.fixture(autouse=True)
def clock():
    moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Bishkek"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def naryn():
    return factories.provider("NRN-MC")


@pytest.fixture
def naryn_staff(naryn):
    return user_with_role("naryn_staff", Role.PROVIDER_STAFF, organization=naryn)


@pytest.fixture
def osh_staff():
    return user_with_role(
        "osh_staff", Role.PROVIDER_STAFF, organization=factories.provider("OSH-IE")
    )


@pytest.fixture
def institute():
    return user_with_role("institute", Role.NATIONAL_INSTITUTE)


@pytest.fixture
def draft_plan(naryn):
    return factories.plan(naryn, 2026, status=Status.DRAFT)


def session_data(programme, **overrides) -> dict:
    data = {
        "programme": programme.pk,
        "start_date": "2026-04-06",
        "end_date": "2026-04-17",
        "form": "stationary",
        "unit": unit(NARYN_TOWN).pk,
        "venue": "Ленина 12",
        "language": "ky",
        "budget_places": "20",
        "contract_places": "5",
        "quota_release_date": "2026-03-30",
        "quotas-TOTAL_FORMS": "3",
        "quotas-INITIAL_FORMS": "0",
        "quotas-MIN_NUM_FORMS": "0",
        "quotas-MAX_NUM_FORMS": "80",
        "quotas-0-unit": unit(KOCHKOR).pk,
        "quotas-0-places": "8",
        "quotas-1-unit": unit(AT_BASHY).pk,
        "quotas-1-places": "6",
    }
    data.update(overrides)
    return data


def quota_data(*rows, initial=0) -> dict:
    data = {"quotas-TOTAL_FORMS": str(len(rows)), "quotas-INITIAL_FORMS": str(initial),
            "quotas-MIN_NUM_FORMS": "0", "quotas-MAX_NUM_FORMS": "80"}  # fmt: skip
    for index, (soate, places) in enumerate(rows):
        data[f"quotas-{index}-unit"] = unit(soate).pk
        data[f"quotas-{index}-places"] = str(places)
    return data


def test_plan_path_from_draft_to_approved(client, naryn, naryn_staff, institute):
    programme = factories.programme(naryn)
    trainer = EducatorFactory()
    employ(trainer, naryn)
    client.force_login(naryn_staff)

    opened = client.post(reverse("schedule:plan_create"), {"provider": naryn.pk, "year": 2026})
    plan = PlanSchedule.objects.get(provider=naryn, year=2026)
    added = client.post(
        reverse("schedule:session_create", args=[plan.pk]),
        session_data(programme, trainers=[trainer.pk]),
    )
    client.post(reverse("schedule:plan_submit", args=[plan.pk]))
    refused = client.post(reverse("schedule:plan_approve", args=[plan.pk]))
    client.force_login(institute)
    approved = client.post(reverse("schedule:plan_approve", args=[plan.pk]))

    plan.refresh_from_db()
    session = plan.sessions.get()
    assert opened["Location"] == reverse("schedule:plan_detail", args=[plan.pk])
    assert added["Location"] == reverse("schedule:plan_detail", args=[plan.pk])
    assert refused.status_code == 403
    assert approved.status_code == 302
    assert (plan.status, plan.submitted_by, plan.approved_by) == (
        Status.APPROVED, naryn_staff, institute,
    )  # fmt: skip
    assert (session.provider, session.region.soate, session.budget_places) == (
        naryn, "41704000000000", 20,
    )  # fmt: skip
    assert list(session.trainers.all()) == [trainer]
    assert sorted(session.quotas.values_list("unit__soate", "places")) == [
        (AT_BASHY, 6), (KOCHKOR, 8),
    ]  # fmt: skip


def test_plan_detail_sums_places_and_quotas(client, naryn, naryn_staff, draft_plan):
    factories.session(start=dt.date(2026, 4, 6), status="draft", budget=20, contract=5,
                      quotas={KOCHKOR: 8, AT_BASHY: 6})  # fmt: skip
    factories.session(start=dt.date(2026, 5, 4), status="draft", budget=10, contract=0)
    client.force_login(naryn_staff)

    response = client.get(reverse("schedule:plan_detail", args=[draft_plan.pk]))

    assert [s.quota_total for s in response.context["sessions"]] == [14, 0]
    assert response.context["totals"] == {
        "budget_places": 30, "contract_places": 5, "quota_total": 14, "taken": 0,
    }  # fmt: skip
    assert (response.context["can_add"], response.context["can_review"]) == (True, False)


def test_institute_returns_a_submitted_plan_with_a_note(client, naryn, institute, draft_plan):
    factories.session(start=dt.date(2026, 4, 6), status="draft")
    PlanSchedule.objects.filter(pk=draft_plan.pk).update(status=Status.SUBMITTED)
    client.force_login(institute)
    client.cookies["cheber_language"] = "en"
    url = reverse("schedule:plan_return", args=[draft_plan.pk])

    no_note = client.post(url, {"note": ""})
    status_after_no_note = PlanSchedule.objects.get(pk=draft_plan.pk).status
    returned = client.post(url, {"note": "Add a session in At-Bashy."})

    draft_plan.refresh_from_db()
    assert no_note.status_code == 200
    assert no_note.context["return_form"].errors == {"note": ["This field is required."]}
    assert status_after_no_note == Status.SUBMITTED
    assert returned.status_code == 302
    assert draft_plan.status == Status.DRAFT


def test_an_empty_plan_cannot_be_submitted(client, naryn_staff, draft_plan):
    client.force_login(naryn_staff)
    client.cookies["cheber_language"] = "en"

    response = client.post(reverse("schedule:plan_submit", args=[draft_plan.pk]), follow=True)

    draft_plan.refresh_from_db()
    assert draft_plan.status == Status.DRAFT
    assert [str(m) for m in response.context["messages"]] == ["The plan-schedule has no sessions."]


def test_end_date_before_start_is_refused_naming_the_field(client, naryn, naryn_staff, draft_plan):
    programme = factories.programme(naryn)
    client.force_login(naryn_staff)
    client.cookies["cheber_language"] = "en"

    response = client.post(
        reverse("schedule:session_create", args=[draft_plan.pk]),
        session_data(programme, end_date="2026-04-01"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "end_date": ["The end date cannot be before the start date."]
    }
    assert (
        "End date</a>: The end date cannot be before the start date." in response.content.decode()
    )
    assert not Session.objects.exists()


def test_quotas_over_the_budget_places_are_refused_and_nothing_is_saved(
    client, naryn, naryn_staff, draft_plan
):
    programme = factories.programme(naryn)
    client.force_login(naryn_staff)
    client.cookies["cheber_language"] = "en"

    response = client.post(
        reverse("schedule:session_create", args=[draft_plan.pk]),
        session_data(programme, budget_places="10"),
    )

    message = "The district quotas add up to 14 places, more than the 10 budget places."
    assert response.context["quotas"].non_form_errors() == [message]
    assert "District quotas</strong>" in response.content.decode()
    assert not Session.objects.exists()
    assert not DistrictQuota.objects.exists()


def test_a_district_listed_twice_is_refused(client, naryn, naryn_staff, draft_plan):
    programme = factories.programme(naryn)
    client.force_login(naryn_staff)
    client.cookies["cheber_language"] = "en"

    response = client.post(
        reverse("schedule:session_create", args=[draft_plan.pk]),
        session_data(programme, **{"quotas-1-unit": unit(KOCHKOR).pk}),
    )

    assert response.context["quotas"].non_form_errors() == ["Kochkor District is listed twice."]
    assert not Session.objects.exists()


def test_set_quotas_over_the_budget_places_is_refused(client, naryn_staff):
    session = factories.session(start=dt.date(2026, 4, 6), budget=10, quotas={KOCHKOR: 4})
    client.force_login(naryn_staff)
    client.cookies["cheber_language"] = "en"
    url = reverse("schedule:session_quotas", args=[session.pk])

    page = client.get(url)
    response = client.post(url, quota_data((KOCHKOR, 6), (AT_BASHY, 5), initial=1))

    assert page.context["quotas"].initial == [{"unit": unit(KOCHKOR), "places": 4}]
    assert response.context["quotas"].non_form_errors() == [
        "The district quotas add up to 11 places, more than the 10 budget places."
    ]
    assert list(session.quotas.values_list("unit__soate", "places")) == [(KOCHKOR, 4)]


def test_set_quotas_replaces_the_quotas(client, naryn_staff):
    session = factories.session(start=dt.date(2026, 4, 6), budget=10, quotas={KOCHKOR: 4})
    client.force_login(naryn_staff)

    response = client.post(
        reverse("schedule:session_quotas", args=[session.pk]),
        quota_data((KOCHKOR, 6), (AT_BASHY, 3), initial=1),
    )

    assert response.status_code == 302
    assert sorted(session.quotas.values_list("unit__soate", "places")) == [
        (AT_BASHY, 3), (KOCHKOR, 6),
    ]  # fmt: skip


def test_capacity_below_the_places_taken_is_refused(client, naryn, naryn_staff):
    session = factories.session(start=dt.date(2026, 4, 6), budget=3, contract=1)
    school = OrganizationFactory(unit=unit(KOCHKOR))
    for _ in range(2):
        Enrolment.objects.create(
            session=session, educator=EducatorFactory(), organization=school, unit=school.unit,
            funding="budget", origin="nomination", state="enrolled",
        )  # fmt: skip
    client.force_login(naryn_staff)
    client.cookies["cheber_language"] = "en"
    data = session_data(session.programme, budget_places="1", contract_places="1")

    response = client.post(reverse("schedule:session_edit", args=[session.pk]), data)

    session.refresh_from_db()
    assert response.context["form"].errors == {
        "budget_places": ["2 places are already taken; the number cannot be lower."]
    }
    assert (session.budget_places, session.venue) == (3, "")


def test_provider_edits_its_session(client, naryn, naryn_staff):
    session = factories.session(start=dt.date(2026, 4, 6))
    client.force_login(naryn_staff)
    data = session_data(session.programme, venue="Мектеп № 3", unit=unit(KOCHKOR).pk)

    response = client.post(reverse("schedule:session_edit", args=[session.pk]), data)

    session.refresh_from_db()
    assert response.status_code == 302
    assert (session.venue, session.unit.soate, session.end_date) == (
        "Мектеп № 3", KOCHKOR, dt.date(2026, 4, 17),
    )  # fmt: skip


def test_sessions_are_not_added_to_an_approved_plan(client, naryn, naryn_staff):
    plan = factories.plan(naryn, 2026, status=Status.APPROVED)
    client.force_login(naryn_staff)

    response = client.get(reverse("schedule:session_create", args=[plan.pk]))

    assert response["Location"] == reverse("schedule:plan_detail", args=[plan.pk])


def test_another_providers_plan_and_sessions_are_out_of_reach(client, naryn, osh_staff, draft_plan):
    session = factories.session(start=dt.date(2026, 4, 6), status="draft")
    client.force_login(osh_staff)

    assert client.get(reverse("schedule:plan_detail", args=[draft_plan.pk])).status_code == 404
    assert client.get(reverse("schedule:session_create", args=[draft_plan.pk])).status_code == 404
    assert client.post(reverse("schedule:plan_submit", args=[draft_plan.pk])).status_code == 404
    assert client.get(reverse("schedule:session_edit", args=[session.pk])).status_code == 404
    assert client.get(reverse("schedule:session_quotas", args=[session.pk])).status_code == 404
    draft_plan.refresh_from_db()
    assert draft_plan.status == Status.DRAFT


def test_another_providers_approved_plan_is_visible_but_not_changeable(client, naryn, osh_staff):
    plan = factories.plan(naryn, 2026, status=Status.APPROVED)
    client.force_login(osh_staff)

    page = client.get(reverse("schedule:plan_detail", args=[plan.pk]))

    assert page.context["can_manage"] is False
    assert client.get(reverse("schedule:session_create", args=[plan.pk])).status_code == 403
    assert client.post(reverse("schedule:plan_submit", args=[plan.pk])).status_code == 403


def test_provider_cannot_open_a_plan_for_another_provider(client, osh_staff, naryn):
    client.force_login(osh_staff)

    response = client.post(reverse("schedule:plan_create"), {"provider": naryn.pk, "year": 2026})

    assert "provider" in response.context["form"].errors
    assert not PlanSchedule.objects.exists()


def test_plan_list_by_role(client, naryn, naryn_staff, osh_staff, institute):
    ours = factories.plan(naryn, 2026, status=Status.DRAFT)
    theirs = factories.plan(factories.provider("OSH-IE"), 2026, status=Status.SUBMITTED)
    old = factories.plan(naryn, 2025, status=Status.APPROVED)
    educator = EducatorFactory()
    employ(educator, OrganizationFactory())
    url = reverse("schedule:plan_list")

    client.force_login(naryn_staff)
    provider_sees = [p.pk for p in client.get(url).context["page"]]
    client.force_login(institute)
    institute_sees = [p.pk for p in client.get(url).context["page"]]
    submitted_2026 = [p.pk for p in client.get(url, {"year": 2026, "status": "submitted"})
                      .context["page"]]  # fmt: skip
    client.force_login(user_with_role("teacher", Role.TEACHER, educator=educator))
    teacher_status = client.get(url).status_code

    assert provider_sees == [ours.pk, old.pk]
    assert set(institute_sees) == {ours.pk, theirs.pk, old.pk}
    assert submitted_2026 == [theirs.pk]
    assert teacher_status == 403


def test_plan_list_makes_the_same_queries_for_one_or_three_plans(
    client, naryn, institute, django_assert_num_queries
):
    client.force_login(institute)
    url = reverse("schedule:plan_list")
    factories.session(start=dt.date(2026, 4, 6))
    client.get(url)

    with django_assert_num_queries(5) as one:
        client.get(url)
    factories.session(start=dt.date(2025, 4, 7))
    factories.session(provider_org=factories.provider("OSH-IE"), start=dt.date(2026, 4, 8))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 3


def test_plan_detail_makes_the_same_queries_for_one_or_three_sessions(
    client, naryn, naryn_staff, draft_plan, django_assert_num_queries
):
    client.force_login(naryn_staff)
    url = reverse("schedule:plan_detail", args=[draft_plan.pk])
    factories.session(start=dt.date(2026, 4, 6), status="draft", quotas={KOCHKOR: 2})
    client.get(url)

    with django_assert_num_queries(5) as one:
        client.get(url)
    factories.session(start=dt.date(2026, 4, 7), status="draft", quotas={AT_BASHY: 2})
    factories.session(start=dt.date(2026, 4, 8), status="draft", unit_soate=None, form="online")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_admin_shows_programmes_plans_and_sessions_read_only(client, naryn):
    from cheber.accounts.models import User

    session = factories.session(start=dt.date(2026, 4, 6), quotas={KOCHKOR: 2})
    client.force_login(User.objects.create_superuser("root", password="x"))

    pages = {
        name: client.get(reverse(f"admin:{name}", args=args))
        for name, args in [
            ("catalog_programme_changelist", []),
            ("catalog_programme_change", [session.programme_id]),
            ("schedule_planschedule_changelist", []),
            ("schedule_session_changelist", []),
            ("schedule_session_change", [session.pk]),
        ]
    }

    assert {name: page.status_code for name, page in pages.items()} == dict.fromkeys(pages, 200)
    assert 'name="_save"' not in pages["schedule_session_change"].content.decode()
    assert client.get(reverse("admin:schedule_session_add")).status_code == 403

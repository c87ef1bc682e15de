"""The policies through the pages: the national institute writes them; the ministry and the
auditor read them; nobody else sees them."""

import datetime as dt

import pytest
from django.urls import reverse

from cheber.compliance.models import Policy
from cheber.core.access import Role
from cheber.core.models import AuditEvent
from cheber.registry.tests.factories import KOCHKOR, unit, user_with_role

pytestmark = pytest.mark.usefixtures("reference")
BISHKEK_TZ = dt.timezone(dt.timedelta(hours=6))


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=BISHKEK_TZ))


@pytest.fixture
def institute(client):
    client.force_login(user_with_role("institute", Role.NATIONAL_INSTITUTE))
    client.cookies["cheber_language"] = "en"
    return client


def yearly(**changes) -> dict:
    data = {
        "name_ky": "Жыл сайын 36 саат", "name_ru": "Ежегодно 36 часов",
        "name_en": "36 hours a year",
        "effective_from": "2027-09-01", "mode": "hours", "period_months": "12",
        "required_hours": "36", "counted_kinds": ["qualification", "seminar"],
        "counted_forms": [], "min_course_hours": "0", "sum_short_courses": "on",
        "grace_months": "12", "pausing_leave_kinds": ["maternity", "childcare"],
        "retraining_required": "on", "retraining_grace_months": "24",
        "self_declared": "verified", "basis": "Приказ МОН КР",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_list_marks_the_policy_in_force(institute):
    response = institute.get(reverse("compliance:policy_list"))

    policies = response.context["policies"]
    assert [p.effective_from for p in policies] == [dt.date(2023, 8, 1), dt.date(2003, 4, 30)]
    assert response.context["in_force_id"] == policies[0].pk
    assert response.content.decode().count('aria-current="true"') == 1
    assert reverse("compliance:policy_create") in response.content.decode()


def test_institute_creates_a_yearly_hours_policy(institute):
    response = institute.post(reverse("compliance:policy_create"), yearly(self_declared="declared"))

    assert response.status_code == 302
    policy = Policy.objects.get(effective_from=dt.date(2027, 9, 1))
    assert (policy.mode, policy.period_months, policy.required_hours) == ("hours", 12, 36)
    assert policy.self_declared == "declared"
    assert policy.counted_kinds == ["qualification", "seminar"]
    assert policy.pausing_leave_kinds == ["childcare", "maternity"]
    assert policy.sum_short_courses is True
    assert AuditEvent.objects.filter(verb="create_policy").count() == 1


def test_institute_chooses_the_plan_builders_rule_and_strict_is_kept_when_left_out(institute):
    institute.post(reverse("compliance:policy_create"), yearly(planning_priority="weighted"))
    institute.post(reverse("compliance:policy_create"), yearly(effective_from="2028-09-01"))

    response = institute.get(reverse("compliance:policy_list"))

    rules = dict(Policy.objects.values_list("effective_from", "planning_priority"))
    assert rules == {
        dt.date(2003, 4, 30): "strict", dt.date(2023, 8, 1): "strict",
        dt.date(2027, 9, 1): "weighted", dt.date(2028, 9, 1): "strict",
    }  # fmt: skip
    assert "Plan builder: weighted: each person&#x27;s years overdue as a weight" in (
        response.content.decode()
    )


def test_institute_is_told_when_the_plan_builders_rule_is_not_a_choice(institute):
    response = institute.post(
        reverse("compliance:policy_create"), yearly(planning_priority="loose")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "planning_priority": ["Select a valid choice. loose is not one of the available choices."]
    }
    assert not Policy.objects.filter(effective_from=dt.date(2027, 9, 1)).exists()


def test_hours_rule_without_hours_is_refused_beside_the_field(institute):
    response = institute.post(reverse("compliance:policy_create"), yearly(required_hours=""))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["required_hours"]
    assert "needs the number of hours" in response.content.decode()
    assert not Policy.objects.filter(effective_from=dt.date(2027, 9, 1)).exists()


def test_a_second_policy_on_the_same_date_is_refused(institute):
    response = institute.post(
        reverse("compliance:policy_create"), yearly(effective_from="2023-08-01")
    )

    assert response.context["form"].errors["effective_from"] == [
        "Another policy already comes into force on this date."
    ]
    assert Policy.objects.count() == 2


def test_errors_come_in_the_users_language(institute):
    institute.cookies["cheber_language"] = "ru"

    response = institute.post(reverse("compliance:policy_create"), yearly(period_months=""))

    assert list(response.context["form"].errors) == ["period_months"]
    assert "Обязательное поле." in response.content.decode()


def test_institute_edits_a_policy(institute):
    policy = Policy.objects.get(effective_from=dt.date(2023, 8, 1))
    data = yearly(effective_from="2023-08-01", mode="cycle", period_months="60",
                  required_hours="", counted_kinds=["qualification"])  # fmt: skip

    response = institute.post(reverse("compliance:policy_edit", args=[policy.pk]), data)

    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.name_en, policy.counted_kinds, policy.required_hours) == (
        "36 hours a year",
        ["qualification"],
        None,
    )
    assert AuditEvent.objects.filter(verb="update_policy").count() == 1


def test_edit_form_shows_the_policy(institute):
    policy = Policy.objects.get(effective_from=dt.date(2003, 4, 30))

    response = institute.get(reverse("compliance:policy_edit", args=[policy.pk]))

    form = response.context["form"]
    assert form.initial["counted_kinds"] == ["qualification", "retraining"]
    assert form.initial["period_months"] == 60


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.AUDITOR])
def test_ministry_and_auditor_read_without_editing(client, role):
    client.force_login(user_with_role("reader", role))
    policy = Policy.objects.first()

    listing = client.get(reverse("compliance:policy_list"))
    create = client.post(reverse("compliance:policy_create"), yearly())
    edit = client.post(reverse("compliance:policy_edit", args=[policy.pk]), yearly())

    assert listing.status_code == 200
    assert reverse("compliance:policy_create") not in listing.content.decode()
    assert (create.status_code, edit.status_code) == (404, 404)
    assert client.get(reverse("compliance:policy_create")).status_code == 404
    assert Policy.objects.count() == 2


def test_methodist_sees_no_policies(client):
    client.force_login(user_with_role("m", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)))
    policy = Policy.objects.first()

    assert client.get(reverse("compliance:policy_list")).status_code == 404
    assert client.post(reverse("compliance:policy_create"), yearly()).status_code == 404
    assert client.get(reverse("compliance:policy_edit", args=[policy.pk])).status_code == 404
    assert Policy.objects.count() == 2


@pytest.mark.parametrize("extra", [0, 2])
def test_list_queries_do_not_grow_with_policies(institute, django_assert_num_queries, extra):
    for year in range(extra):
        Policy.objects.create(
            name_ky="x", name_ru="x", effective_from=dt.date(2030 + year, 1, 1), mode="cycle",
            period_months=60,
        )  # fmt: skip
    institute.get(reverse("compliance:policy_list"))

    with django_assert_num_queries(4):
        response = institute.get(reverse("compliance:policy_list"))

    assert len(response.context["policies"]) == 2 + extra

"""Registering and changing educators through the pages, with good and bad input."""

import datetime as dt

import pytest
from django.urls import reverse

from cheber.core.access import Role
from cheber.core.models import AuditEvent
from cheber.registry.models import Educator, Employment, Organization, Specialization
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=dt.timezone(dt.timedelta(hours=6))))


@pytest.fixture
def school():
    return OrganizationFactory(code="SCH-KOCH-001", unit=unit(KOCHKOR))


@pytest.fixture
def methodist(client):
    client.cookies["cheber_language"] = "en"
    user = user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    client.force_login(user)
    return user


def form_data(**changes) -> dict:
    data = {
        "pin": "11403198512345",
        "surname": "Асанова",
        "first_name": "Айгүл",
        "patronymic": "Сагынбаевна",
        "sex": "F",
        "birth_date": "1985-03-14",
        "education_level": "bachelor",
        "has_pedagogical_education": "on",
        "specializations": [Specialization.objects.get(code="mathematics").pk],
        "category": "none",
        "phone": "0555 12 34 56",
        "email": "aigul@example.kg",
        "job-organization": "SCH-KOCH-001",
        "job-position": "",
        "job-specialization": "",
        "job-start_date": "2010-09-01",
        "job-workload": "1.00",
    }
    from cheber.registry.models import Position

    data["job-position"] = Position.objects.get(code="teacher").pk
    data.update(changes)
    return data


def post(client, language="en", **changes):
    client.cookies["cheber_language"] = language
    return client.post(reverse("registry:educator_create"), form_data(**changes))


def errors(response) -> dict:
    merged = {}
    for form in ("form", "job_form"):
        if response.context and response.context.get(form):
            for field, messages in response.context[form].errors.items():
                merged[field] = list(messages)
    return merged


def test_it_registers_an_educator_with_their_first_job(client, methodist, school):
    response = post(client, surname="ACAHOBA")

    educator = Educator.objects.get(pin="11403198512345")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:educator_detail", args=[educator.pk])
    assert educator.surname == "Асанова"  # Latin look-alikes turned into Cyrillic
    assert educator.phone == "+996555123456"
    job = Employment.objects.get(educator=educator)
    assert (job.organization, job.end_date) == (school, None)
    assert list(AuditEvent.objects.values_list("verb", flat=True).order_by("pk")) == [
        "register_educator",
        "employ_educator",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"pin": "1140319851234"}, "pin", "The PIN must be exactly 14 digits; 13 given."),
        (
            {"pin": "13202198512345"},
            "pin",
            "Digits 2–9 of the PIN must be a real birth date (DDMMYYYY).",
        ),
        (
            {"birth_date": "1985-03-15"},
            "pin",
            "The PIN encodes the birth date 14.03.1985, not the one given.",
        ),
        (
            {"sex": "M"},
            "pin",
            "The PIN starts with 1, which does not match the sex given.",
        ),
        (
            {"birth_date": "2027-01-01", "pin": "10101202712345"},
            "birth_date",
            "The birth date cannot be in the future.",
        ),
        (
            {"phone": "12345"},
            "phone",
            "Write the phone as +996 and nine digits, e.g. +996 555 123 456.",
        ),
        (
            {"surname": "Smith"},
            "surname",
            "Write the name in Cyrillic letters (Kyrgyz ң ө ү are welcome).",
        ),
    ],
)
def test_it_refuses_bad_input_naming_the_field_and_saves_nothing(
    client, methodist, school, changes, field, message
):
    response = post(client, **changes)

    assert response.status_code == 200
    assert errors(response)[field] == [message]
    assert Educator.objects.count() == 0
    assert Employment.objects.count() == 0


def test_it_refuses_a_duplicate_pin(client, methodist, school):
    EducatorFactory(pin="11403198512345", birth_date=dt.date(1985, 3, 14))

    response = post(client)

    assert errors(response)["pin"] == ["An educator with this PIN is already registered."]
    assert Educator.objects.filter(pin="11403198512345").count() == 1
    assert Employment.objects.count() == 0


def test_it_refuses_a_job_the_organization_does_not_employ_and_saves_nothing(client, methodist):
    OrganizationFactory(code="SCH-KOCH-001", unit=unit(KOCHKOR), type=Organization.Type.PRESCHOOL)

    response = post(client)

    assert errors(response)["position"] == [
        "Organizations of type “preschool” have no position “Teacher”."
    ]
    assert Educator.objects.count() == 0


def test_it_refuses_a_job_in_an_organization_outside_the_users_district(client, methodist):
    OrganizationFactory(code="SCH-KOCH-001", unit=unit(AT_BASHY))

    response = post(client)

    assert errors(response)["organization"] == [
        "No organization with this code among those you can see."
    ]
    assert Educator.objects.count() == 0


def test_it_shows_errors_in_kyrgyz_by_default(client, methodist, school):
    response = post(client, language="ky", pin="123")

    assert "ПИН" in response.content.decode()
    assert errors(response)["pin"] == ["ПИН так 14 сандан турушу керек; 3 берилди."]


def test_ending_a_job_keeps_it_and_refuses_an_end_before_the_start(client, methodist, school):
    educator = EducatorFactory()
    job = employ(educator, school)
    url = reverse("registry:employment_end", args=[job.pk])

    bad = client.post(url, {"end_date": "2001-01-01"})
    good = client.post(url, {"end_date": "2026-06-30"})

    assert bad.context["form"].errors["end_date"] == [
        "The end date cannot be before the start date."
    ]
    assert good.status_code == 302
    job.refresh_from_db()
    assert job.end_date == dt.date(2026, 6, 30)
    assert Employment.objects.filter(educator=educator).count() == 1


def test_an_educator_may_hold_two_jobs(client, methodist, school):
    educator = EducatorFactory()
    employ(educator, school)
    second = OrganizationFactory(code="SCH-KOCH-002", unit=unit(KOCHKOR))
    from cheber.registry.models import Position

    response = client.post(
        reverse("registry:employment_create", args=[educator.pk]),
        {"organization": second.code, "position": Position.objects.get(code="teacher").pk,
         "start_date": "2020-09-01", "workload": "0.50"},
    )  # fmt: skip

    assert response.status_code == 302
    assert set(educator.employments.active().values_list("organization__code", flat=True)) == {
        "SCH-KOCH-001",
        "SCH-KOCH-002",
    }


def test_recording_an_outside_training_refuses_an_end_before_start(client, methodist, school):
    educator = EducatorFactory()
    employ(educator, school)
    url = reverse("registry:training_create", args=[educator.pk])
    data = {"title": "Критикалык ой жүгүртүү", "title_ru": "Критическое мышление",
            "provider_name": "USAID", "hours": 36,
            "start_date": "2019-05-10", "end_date": "2019-05-01", "form": "seminar"}  # fmt: skip

    bad = client.post(url, data)
    good = client.post(url, {**data, "end_date": "2019-05-14"})

    assert bad.context["form"].errors["end_date"] == [
        "The end date cannot be before the start date."
    ]
    assert good.status_code == 302
    record = educator.training_records.get()
    assert (record.hours, record.source, record.recorded_by) == (36, "external", methodist)
    assert (record.title, record.title_ru) == ("Критикалык ой жүгүртүү", "Критическое мышление")


def test_an_auditor_may_read_but_not_register(client):
    client.force_login(user_with_role("auditor", Role.AUDITOR))

    assert client.get(reverse("registry:educator_create")).status_code == 403
    assert client.get(reverse("registry:educator_list")).status_code == 200

"""The audit trail: before and after of changes, bulk steps and commands included; read-only;
searched by auditors only."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cheber.accounts.models import Role
from cheber.core.models import AuditEvent, PersonalDataAccess
from cheber.registry import actions
from cheber.registry.models import Educator
from cheber.registry.tests.factories import (
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def methodist():
    return user_with_role("m", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))


@pytest.fixture
def educator():
    educator = EducatorFactory(surname="Асанова", phone="")
    employ(educator, OrganizationFactory(unit=unit(KOCHKOR)))
    return educator


def test_an_edit_records_each_changed_field_before_and_after(methodist, educator):
    changed = Educator.objects.get(pk=educator.pk)
    changed.surname, changed.phone = "Асанбекова", "+996555123456"

    actions.update_educator(actor=methodist, educator=changed, specializations=[],
                            changed=["surname", "phone", "specializations"])  # fmt: skip

    event = AuditEvent.objects.get(verb="update_educator")
    assert (event.actor, event.object_id, event.via) == (methodist, str(educator.pk), "")
    assert event.data["changed"] == {
        "surname": ["Асанова", "Асанбекова"], "phone": ["", "+996555123456"],
    }  # fmt: skip


def test_ending_a_job_records_the_end_date(methodist, educator):
    job = educator.employments.get()

    actions.end_employment(actor=methodist, employment=job, end_date=dt.date(2026, 6, 30))

    event = AuditEvent.objects.get(verb="end_employment")
    assert event.data == {"educator": educator.pk, "changed": {"end_date": [None, "2026-06-30"]}}


@pytest.fixture
def session_with_participants(time_machine):
    from cheber.delivery.tests.test_provider_running import MONDAY, participant
    from cheber.schedule.tests import factories

    time_machine.move_to(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC))
    session = factories.session(start=MONDAY, days=12)
    staff = user_with_role("nrn", Role.PROVIDER_STAFF, organization=session.provider)
    return session, staff, [participant(session, f"Асанова{n}") for n in range(3)]


def test_a_bulk_attendance_update_records_every_changed_mark(session_with_participants):
    from cheber.delivery.actions import running

    session, provider_user, enrolments = session_with_participants
    day = session.days[0]
    marks = {(e.pk, day): True for e in enrolments}
    running.record_attendance(actor=provider_user, session=session, marks=marks)
    marks[(enrolments[0].pk, day)] = False

    running.record_attendance(actor=provider_user, session=session, marks=marks)

    first, second = AuditEvent.objects.filter(verb="record_attendance").order_by("pk")
    assert first.data["marks"] == 3
    assert sorted(first.data["changed"]) == sorted(
        [e.pk, day.isoformat(), None, True] for e in enrolments
    )
    assert second.data["changed"] == [[enrolments[0].pk, day.isoformat(), True, False]]


def test_a_command_is_named_as_the_maker_of_its_changes():
    from cheber.registry.models import Organization

    provider = Organization.objects.get(code="OSH-IE")

    call_command("rotate_signing_key", "OSH-IE", stdout=StringIO())

    event = AuditEvent.objects.get(verb="rotate_signing_key")
    assert (event.actor, event.via) == (None, "command rotate_signing_key")
    assert event.data["provider"] == provider.code


def test_nobody_edits_or_deletes_events_in_the_admin(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user

    for model in (AuditEvent, PersonalDataAccess):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_an_auditor_searches_the_trail_by_user_and_action(client, methodist, educator):
    changed = Educator.objects.get(pk=educator.pk)
    changed.surname = "Асанбекова"
    actions.update_educator(actor=methodist, educator=changed, specializations=[],
                            changed=["surname"])  # fmt: skip
    client.force_login(user_with_role("aud", Role.AUDITOR))

    found = client.get(reverse("core:audit_log"), {"q": "m", "verb": "update_educator"})
    nothing = client.get(reverse("core:audit_log"), {"q": "nobody"})

    assert [e.verb for e in found.context["page"]] == ["update_educator"]
    assert "Асанбекова" in found.content.decode()
    assert list(nothing.context["page"]) == []


def test_a_bad_period_is_an_error_beside_the_field(client):
    client.force_login(user_with_role("aud", Role.AUDITOR))

    response = client.get(reverse("core:audit_log"), {"since": "2026-05-01", "until": "2026-01-01"})

    assert response.status_code == 200
    assert "until" in response.context["form"].errors


def test_an_auditor_finds_who_opened_a_record(client, methodist, educator):
    client.force_login(methodist)
    client.get(reverse("registry:educator_detail", args=[educator.pk]))
    client.force_login(user_with_role("aud", Role.AUDITOR))

    response = client.get(reverse("core:access_log"), {"educator": educator.pk})

    assert [(a.user, a.kind) for a in response.context["page"]] == [(methodist, "record")]


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.NATIONAL_INSTITUTE, Role.DISTRICT_METHODIST])
def test_only_auditors_open_the_trail(client, role):
    scope = {"unit": unit(KOCHKOR)} if role == Role.DISTRICT_METHODIST else {}
    client.force_login(user_with_role("u", role, **scope))

    assert client.get(reverse("core:audit_log")).status_code == 404
    assert client.get(reverse("core:access_log")).status_code == 404


def test_the_trail_takes_the_same_queries_for_one_and_many_events(
    client, django_assert_num_queries, methodist, educator
):
    client.force_login(user_with_role("aud", Role.AUDITOR))
    actions.end_employment(actor=methodist, employment=educator.employments.get(),
                           end_date=dt.date(2026, 6, 30))  # fmt: skip
    client.get(reverse("core:audit_log"))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("core:audit_log"))
    for day in range(1, 4):
        job = employ(educator, OrganizationFactory(unit=unit(KOCHKOR)))
        actions.end_employment(actor=methodist, employment=job, end_date=dt.date(2026, 7, day))

    with django_assert_num_queries(len(one)):
        client.get(reverse("core:audit_log"))

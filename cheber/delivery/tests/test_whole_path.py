"""The whole course lifecycle through the pages, each step taken by the role that owns it."""

import datetime as dt

import pytest
from django.urls import reverse

from cheber.catalog.models import Programme
from cheber.catalog.tests.test_views import programme_data
from cheber.core.access import Role
from cheber.delivery.models import Enrolment
from cheber.registry.models import TrainingRecord
from cheber.registry.tests.factories import (
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from cheber.schedule.models import PlanSchedule, Session
from cheber.schedule.tests import factories
from cheber.schedule.tests.test_plan_views import session_data

pytestmark = pytest.mark.usefixtures("reference")
START = dt.date(2027, 3, 8)  # a Monday; twelve days to Friday the 19th, Sunday off


@pytest.fixture
def people():
    naryn = factories.provider("NRN-MC")
    school = OrganizationFactory(unit=unit(KOCHKOR))
    teacher = EducatorFactory(surname="Токтогулова", first_name="Айгүл")
    employ(teacher, school)
    return {
        "provider": user_with_role("naryn.staff", Role.PROVIDER_STAFF, organization=naryn),
        "institute": user_with_role("institute", Role.NATIONAL_INSTITUTE),
        "methodist": user_with_role("kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)),
        "principal": user_with_role("principal", Role.PRINCIPAL, organization=school),
        "teacher": user_with_role("aigul", Role.TEACHER, educator=teacher),
        "educator": teacher,
        "naryn": naryn,
    }


def as_(client, user):
    client.force_login(user)
    return client


def test_from_programme_to_a_record_in_the_educators_history(client, people, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 10, 10))
    as_(client, people["provider"]).post(
        reverse("catalog:programme_create"), programme_data(people["naryn"])
    )
    programme = Programme.objects.get(code="NRN-STEAM-1")
    as_(client, people["institute"]).post(reverse("catalog:programme_approve", args=[programme.pk]))
    as_(client, people["provider"]).post(
        reverse("schedule:plan_create"), {"provider": people["naryn"].pk, "year": 2027}
    )
    plan = PlanSchedule.objects.get(provider=people["naryn"], year=2027)
    dates = {"start_date": "2027-03-08", "end_date": "2027-03-19", "quota_release_date": ""}
    client.post(
        reverse("schedule:session_create", args=[plan.pk]), session_data(programme, **dates)
    )
    client.post(reverse("schedule:plan_submit", args=[plan.pk]))
    as_(client, people["institute"]).post(reverse("schedule:plan_approve", args=[plan.pk]))
    session = Session.objects.get(plan=plan)

    as_(client, people["methodist"]).post(
        reverse("delivery:nominate", args=[session.pk]), {"educators": [people["educator"].pk]}
    )
    enrolment = Enrolment.objects.get(session=session)
    as_(client, people["principal"]).post(reverse("delivery:confirm_release", args=[enrolment.pk]))
    as_(client, people["provider"]).post(reverse("delivery:accept", args=[enrolment.pk]))
    time_machine.move_to(dt.datetime(2027, 3, 20, 10))
    as_(client, people["provider"])  # the log-in of January has expired
    for day in session.days:
        client.post(
            reverse("delivery:attendance", args=[session.pk]),
            {"day": day.isoformat(), "enrolment": [enrolment.pk], "present": [enrolment.pk]},
        )
    client.post(
        reverse("delivery:results", args=[session.pk]),
        {"enrolment": enrolment.pk, "outcome": "passed", "score": "91"},
    )
    client.post(reverse("delivery:complete", args=[session.pk]))

    programme.refresh_from_db()
    plan.refresh_from_db()
    enrolment.refresh_from_db()
    assert (programme.status, plan.status) == ("approved", "approved")
    assert enrolment.state == "completed"
    assert list(enrolment.events.values_list("verb", flat=True)) == [
        "nomination", "confirm_release", "accept_enrolment", "record_result", "complete",
    ]  # fmt: skip
    record = TrainingRecord.objects.get(educator=people["educator"])
    assert (record.title, record.hours, record.start_date, record.end_date) == (
        "STEAM сабактары", 72, START, dt.date(2027, 3, 19),
    )  # fmt: skip
    assert (record.source, record.provider, record.form) == (
        "cheber",
        people["naryn"],
        "stationary",
    )
    client.cookies["cheber_language"] = "en"
    history = as_(client, people["teacher"]).get(reverse("delivery:my_courses"))
    assert "STEAM" in history.content.decode()
    assert "72 hours" in history.content.decode()


def test_full_session_waitlists_and_a_withdrawal_promotes_and_tells_the_next(
    client, people, time_machine
):
    time_machine.move_to(dt.datetime(2027, 1, 10, 10))
    session = factories.session(start=START, budget=1, contract=0, quotas={KOCHKOR: 1})
    second = EducatorFactory(surname="Асанова", first_name="Нургүл")
    employ(second, OrganizationFactory(unit=unit(KOCHKOR)))
    second_user = user_with_role("nurgul", Role.TEACHER, educator=second)
    nominate = reverse("delivery:nominate", args=[session.pk])

    as_(client, people["methodist"]).post(nominate, {"educators": [people["educator"].pk]})
    client.post(nominate, {"educators": [second.pk]})
    states = dict(Enrolment.objects.values_list("educator_id", "state"))
    first_request = Enrolment.objects.get(educator=people["educator"])
    as_(client, people["teacher"]).post(
        reverse("delivery:withdraw", args=[first_request.pk]), {"reason": "ill"}
    )
    client.cookies["cheber_language"] = "en"
    notices = as_(client, second_user).get(reverse("delivery:notifications")).content.decode()

    assert states == {people["educator"].pk: "enrolled", second.pk: "waitlisted"}
    after = dict(Enrolment.objects.values_list("educator_id", "state"))
    assert after == {people["educator"].pk: "withdrawn", second.pk: "enrolled"}
    assert "A place has become free: you are now enrolled in" in notices
    assert "is full: you are number 1 on the waitlist" in notices

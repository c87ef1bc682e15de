"""Running a session: the attendance sheet, results, completion into the history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cheber.accounts.models import Role
from cheber.catalog.models import Form, Module
from cheber.delivery.models import Attendance, Enrolment, ModuleProgress
from cheber.registry.models import TrainingRecord
from cheber.registry.tests.factories import (
    KOCHKOR,
    OSH_CITY,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
State = Enrolment.State
MONDAY = dt.date(2027, 3, 8)


def participant(session, surname="Асанова"):
    """An enrolled participant the provider has accepted."""
    school = OrganizationFactory(unit=unit(KOCHKOR))
    educator = EducatorFactory(surname=surname)
    employ(educator, school)
    now = timezone.now()
    return Enrolment.objects.create(
        session=session, educator=educator, organization=school, unit=school.unit,
        funding="budget", origin="nomination", state=State.ENROLLED,
        district_confirmed_at=now, release_confirmed_at=now, accepted_at=now,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    """Wednesday 10 March 2027, before anyone logs in."""
    time_machine.move_to(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC))


@pytest.fixture
def staff(client):
    user = user_with_role("nrn", Role.PROVIDER_STAFF, organization=factories.provider("NRN-MC"))
    client.force_login(user)
    client.cookies["cheber_language"] = "en"
    return user


@pytest.fixture
def running_session():
    """8–19 March 2027: eleven days (Sunday the 14th is not one)."""
    return factories.session(start=MONDAY, days=12)


def day_post(day, marked, present=(), **extra):
    return {"day": day.isoformat(), "enrolment": [e.pk for e in marked],
            "present": [e.pk for e in present], **extra}  # fmt: skip


# Attendance ------------------------------------------------------------------------------


def test_attendance_opens_on_today_with_the_neighbouring_days(client, staff, running_session):
    participant(running_session)

    response = client.get(reverse("delivery:attendance", args=[running_session.pk]))

    assert response.context["day"] == dt.date(2027, 3, 10)
    assert (response.context["previous_day"], response.context["next_day"]) == (
        dt.date(2027, 3, 9), dt.date(2027, 3, 11),
    )  # fmt: skip
    assert len(response.context["sheet"]) == 1


def test_attendance_of_a_day_is_saved_and_the_percent_shown(client, staff, running_session):
    aigul, nurgul = participant(running_session), participant(running_session, "Бекова")
    url = reverse("delivery:attendance", args=[running_session.pk])

    first = client.post(url, day_post(MONDAY, [aigul, nurgul], present=[aigul]))
    second = client.post(url, day_post(dt.date(2027, 3, 9), [aigul, nurgul], all_present="1"))

    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == f"{url}?day=2027-03-09"
    marks = set(Attendance.objects.values_list("enrolment_id", "day", "present"))
    assert marks == {
        (aigul.pk, MONDAY, True), (nurgul.pk, MONDAY, False),
        (aigul.pk, dt.date(2027, 3, 9), True), (nurgul.pk, dt.date(2027, 3, 9), True),
    }  # fmt: skip
    page = client.get(url)
    percents = {row.enrolment.pk: round(row.percent) for row in page.context["grid"]}
    assert percents == {aigul.pk: 18, nurgul.pk: 9}  # 2 of 11 days, 1 of 11
    assert "18%" in page.content.decode()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2027, 3, 14), "Day: 14.03.2027 is not a day of this session."),
        (dt.date(2027, 3, 20), "Day: 20.03.2027 is not a day of this session."),
        (dt.date(2027, 3, 11),
         "Day: Attendance cannot be recorded for 11.03.2027, a day still to come."),
    ],
)  # fmt: skip
def test_attendance_for_a_day_outside_the_session_or_to_come_is_refused(
    client, staff, running_session, day, message
):
    aigul = participant(running_session)

    response = client.post(
        reverse("delivery:attendance", args=[running_session.pk]),
        day_post(day, [aigul], present=[aigul]),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_for_an_enrolment_of_another_session_is_refused(client, staff, running_session):
    aigul = participant(running_session)
    osh = factories.session(
        provider_org=factories.provider("OSH-IE"), unit_soate=OSH_CITY, start=MONDAY
    )
    stranger = participant(osh)

    response = client.post(
        reverse("delivery:attendance", args=[running_session.pk]),
        day_post(MONDAY, [aigul, stranger], present=[aigul, stranger]),
    )

    assert response.context["form"].errors == {"enrolment": ["This person is not a participant."]}
    assert "Participants: This person is not a participant." in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_day_outside_the_session_in_the_address_is_named(client, staff, running_session):
    response = client.get(
        reverse("delivery:attendance", args=[running_session.pk]), {"day": "2027-04-01"}
    )

    assert response.context["day_error"] == "01.04.2027 is not a day of this session."
    assert response.context["day"] == dt.date(2027, 3, 10)


def test_attendance_of_another_providers_session_is_404(client, staff):
    osh = factories.session(
        provider_org=factories.provider("OSH-IE"), unit_soate=OSH_CITY, start=MONDAY
    )
    stranger = participant(osh)

    response = client.post(
        reverse("delivery:attendance", args=[osh.pk]), day_post(MONDAY, [stranger], [stranger])
    )

    assert response.status_code == 404
    assert not Attendance.objects.exists()


# Results and completion ------------------------------------------------------------------


@pytest.fixture
def ended_session():
    """1–5 February 2027: five days."""
    return factories.session(start=dt.date(2027, 2, 1), days=5)


def attend(enrolment, present_days: int):
    for n, day in enumerate(enrolment.session.days):
        Attendance.objects.create(enrolment=enrolment, day=day, present=n < present_days)


def test_result_and_modules_are_recorded(client, staff):
    programme = factories.programme(form=Form.BLENDED)
    modules = [
        Module.objects.create(programme=programme, order=n, title_ky=f"Модуль {n}",
                              title_ru=f"Модуль {n}", hours=36)
        for n in (1, 2)
    ]  # fmt: skip
    session = factories.session(start=MONDAY, programme=programme, form=Form.BLENDED)
    aigul = participant(session)

    response = client.post(
        reverse("delivery:results", args=[session.pk]),
        {"enrolment": aigul.pk, "outcome": "passed", "score": "87", "modules": [modules[0].pk]},
    )

    assert response.status_code == 302
    aigul.refresh_from_db()
    assert (aigul.assessment_passed, aigul.assessment_score) == (True, 87)
    assert list(ModuleProgress.objects.values_list("module_id", flat=True)) == [modules[0].pk]
    page = client.get(reverse("delivery:results", args=[session.pk]))
    assert [m.pk for m in page.context["modules"]] == [m.pk for m in modules]


def test_a_score_above_100_is_refused_and_nothing_saved(client, staff, ended_session):
    aigul = participant(ended_session)

    response = client.post(
        reverse("delivery:results", args=[ended_session.pk]),
        {"enrolment": aigul.pk, "outcome": "passed", "score": "120"},
    )

    assert response.context["form"].errors == {
        "score": ["Ensure this value is less than or equal to 100."]
    }
    aigul.refresh_from_db()
    assert aigul.assessment_passed is None


def test_completion_writes_the_training_into_the_history_of_who_met_the_rule(
    client, staff, ended_session
):
    good, poor = participant(ended_session), participant(ended_session, "Бекова")
    attend(good, 4)  # 80 %
    attend(poor, 3)  # 60 %
    results = reverse("delivery:results", args=[ended_session.pk])
    for enrolment in (good, poor):
        client.post(results, {"enrolment": enrolment.pk, "outcome": "passed", "score": "90"})

    response = client.post(reverse("delivery:complete", args=[ended_session.pk]), follow=True)

    assert "The session is completed: 1 completed it, 1 did not." in response.content.decode()
    good.refresh_from_db()
    poor.refresh_from_db()
    assert (good.state, poor.state) == (State.COMPLETED, State.NOT_COMPLETED)
    record = TrainingRecord.objects.get()
    assert (record.educator_id, record.source, record.hours) == (good.educator_id, "cheber", 72)
    assert (record.start_date, record.end_date) == (dt.date(2027, 2, 1), dt.date(2027, 2, 5))
    assert good.training_record_id == record.pk
    history = reverse("registry:educator_detail", args=[good.educator_id])
    assert history in response.content.decode()
    assert client.get(history).status_code == 200


def test_a_session_cannot_be_completed_before_its_end(client, staff, running_session):
    aigul = participant(running_session)

    response = client.post(reverse("delivery:complete", args=[running_session.pk]))

    assert response.context["complete_error"] == "The session has not ended yet."
    aigul.refresh_from_db()
    assert aigul.state == State.ENROLLED
    assert not TrainingRecord.objects.exists()


def test_a_result_for_someone_outside_the_session_is_refused(client, staff, ended_session):
    participant(ended_session)
    osh = factories.session(
        provider_org=factories.provider("OSH-IE"), unit_soate=OSH_CITY, start=MONDAY
    )
    stranger = participant(osh)

    response = client.post(
        reverse("delivery:results", args=[ended_session.pk]),
        {"enrolment": stranger.pk, "outcome": "passed"},
    )

    assert response.context["form"].errors == {"enrolment": ["This person is not a participant."]}
    stranger.refresh_from_db()
    assert stranger.assessment_passed is None


def test_recording_a_result_saves_its_modules_with_it_or_nothing(staff):
    from cheber.delivery.actions import record_result

    programme = factories.programme(form=Form.BLENDED)
    modules = [
        Module.objects.create(programme=programme, order=n, title_ky=f"Модуль {n}",
                              title_ru=f"Модуль {n}", hours=36)
        for n in (1, 2)
    ]  # fmt: skip
    session = factories.session(start=MONDAY, programme=programme, form=Form.BLENDED)
    aigul = participant(session)
    outsider = Module.objects.create(programme=factories.programme(), order=1, title_ky="Башка",
                                     title_ru="Другой", hours=72)  # fmt: skip

    with pytest.raises(ValidationError):
        record_result(actor=staff, enrolment=aigul, passed=True, score=80,
                      modules=[modules[0], outsider])  # fmt: skip
    record_result(actor=staff, enrolment=aigul, passed=True, score=87, modules=modules)

    aigul.refresh_from_db()
    assert (aigul.assessment_passed, aigul.assessment_score) == (True, 87)
    assert sorted(ModuleProgress.objects.values_list("module_id", "completed_on")) == [
        (modules[0].pk, dt.date(2027, 3, 10)), (modules[1].pk, dt.date(2027, 3, 10)),
    ]  # fmt: skip
    assert list(aigul.events.values_list("note", flat=True)) == ["passed 87"]


def test_another_providers_staff_cannot_record_a_result(ended_session):
    from cheber.core.models import AuditEvent
    from cheber.delivery.actions import record_result

    aigul = participant(ended_session)
    osh = user_with_role("osh", Role.PROVIDER_STAFF, organization=factories.provider("OSH-IE"))

    with pytest.raises(PermissionDenied):
        record_result(actor=osh, enrolment=aigul, passed=True, score=90)

    aigul.refresh_from_db()
    assert (aigul.assessment_passed, AuditEvent.objects.count()) == (None, 0)

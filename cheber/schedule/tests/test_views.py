"""The course search through HTTP: list, calendar, Excel export and the public iCalendar feed."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from cheber.core.access import Role
from cheber.delivery.models import Enrolment
from cheber.registry.models import AdminUnit, Specialization
from cheber.registry.tests.factories import (
    KOCHKOR,
    NARYN_OBLAST,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def clock():
    moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Bishkek"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def teacher(client):
    educator = EducatorFactory()
    employ(educator, OrganizationFactory(unit=unit(KOCHKOR)))
    user = user_with_role("teacher", Role.TEACHER, educator=educator)
    client.force_login(user)
    return user


@pytest.fixture
def sessions():
    """Published sessions in Naryn (Kyrgyz, stationary), online from Osh (Russian), a mobile one
    travelling to Kochkor; and out of sight: a draft plan's session and one already over."""
    naryn_programme = factories.programme(factories.provider("NRN-MC"))
    naryn_programme.specializations.add(Specialization.objects.get(code="primary_teacher"))
    osh = factories.provider("OSH-IE")
    return {
        "naryn": factories.session(programme=naryn_programme, start=dt.date(2026, 4, 6)),
        "online": factories.session(
            provider_org=osh,
            start=dt.date(2026, 3, 16),
            language="ru",
            form="online",
            unit_soate=None,
        ),  # fmt: skip
        "mobile": factories.session(
            start=dt.date(2026, 5, 11), form="mobile", unit_soate=KOCHKOR, days=5
        ),
        "draft": factories.session(
            provider_org=factories.provider("IK-IE"), start=dt.date(2026, 4, 6), status="draft"
        ),
        "over": factories.session(start=dt.date(2026, 1, 12)),
    }


def listed(response) -> list[int]:
    return [s.pk for s in response.context["page"]]


def test_teacher_sees_published_upcoming_sessions_by_start_date(client, teacher, sessions):
    response = client.get(reverse("schedule:session_list"))

    assert listed(response) == [sessions["online"].pk, sessions["naryn"].pk, sessions["mobile"].pk]
    body = response.content.decode()
    assert reverse("delivery:session_detail", args=[sessions["naryn"].pk]) in body
    assert "06.04.2026 – 17.04.2026" in body


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"specialization": "primary_teacher"}, ["naryn"]),
        ({"oblast": NARYN_OBLAST}, ["naryn", "mobile"]),
        ({"district": KOCHKOR}, ["mobile"]),
        ({"month": "2026-04"}, ["naryn"]),
        ({"month": "2026-01"}, ["over"]),
        ({"form": "online"}, ["online"]),
        ({"language": "ru"}, ["online"]),
        ({"provider": "OSH-IE"}, ["online"]),
        ({"form": "stationary", "language": "ky", "oblast": NARYN_OBLAST}, ["naryn"]),
    ],
)
def test_search_filters(client, teacher, sessions, query, expected):
    values = dict(query)
    if "specialization" in values:
        values["specialization"] = Specialization.objects.get(code=values["specialization"]).pk
    for field in ("oblast", "district"):
        if field in values:
            values[field] = AdminUnit.objects.get(soate=values[field]).pk
    if "provider" in values:
        values["provider"] = factories.provider(values["provider"]).pk

    response = client.get(reverse("schedule:session_list"), values)

    assert listed(response) == [sessions[name].pk for name in expected]


def test_search_by_title_text(client, teacher, sessions):
    wanted = sessions["mobile"].programme

    response = client.get(reverse("schedule:session_list"), {"q": wanted.title_ru[-6:]})

    assert listed(response) == [sessions["mobile"].pk]


def test_only_with_free_places_leaves_out_full_sessions(client, teacher, sessions):
    full = factories.session(start=dt.date(2026, 4, 20), budget=1, contract=0)
    school = OrganizationFactory(unit=unit(KOCHKOR))
    Enrolment.objects.create(
        session=full, educator=EducatorFactory(), organization=school, unit=school.unit,
        funding="budget", origin="nomination", state="enrolled",
    )  # fmt: skip
    url = reverse("schedule:session_list")

    everything = client.get(url, {"month": "2026-04"})
    free = client.get(url, {"month": "2026-04", "free": "on"})

    assert listed(everything) == [sessions["naryn"].pk, full.pk]
    assert listed(free) == [sessions["naryn"].pk]
    assert [s.free_places for s in everything.context["page"]] == [25, 0]


def test_a_bad_month_is_named_and_the_other_filters_still_apply(client, teacher, sessions):
    client.cookies["cheber_language"] = "en"

    response = client.get(reverse("schedule:session_list"), {"month": "April", "language": "ru"})

    assert response.context["form"].errors == {
        "month": ["Write the month as YYYY-MM, e.g. 2026-03."]
    }
    assert listed(response) == [sessions["online"].pk]


def test_htmx_request_gets_only_the_results(client, teacher, sessions):
    response = client.get(reverse("schedule:session_list"), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">')
    assert "<html" not in body


def test_provider_staff_also_sees_their_draft_sessions(client, sessions):
    client.force_login(
        user_with_role("ik", Role.PROVIDER_STAFF, organization=factories.provider("IK-IE"))
    )

    response = client.get(reverse("schedule:session_list"), {"month": "2026-04"})

    assert listed(response) == [sessions["naryn"].pk, sessions["draft"].pk]


def test_anonymous_visitor_is_sent_to_log_in(client, sessions):
    for name in ("session_list", "session_calendar", "session_export"):
        response = client.get(reverse(f"schedule:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_session_list_makes_the_same_queries_for_one_or_three_rows(
    client, teacher, django_assert_num_queries
):
    url = reverse("schedule:session_list")
    factories.session(start=dt.date(2026, 4, 6))
    client.get(url)

    with django_assert_num_queries(10) as one:
        client.get(url)
    factories.session(provider_org=factories.provider("OSH-IE"), start=dt.date(2026, 4, 7))
    factories.session(start=dt.date(2026, 4, 8), unit_soate=None, form="online")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(listed(response)) == 3


def test_calendar_shows_the_month_asked_for(client, teacher, sessions):
    response = client.get(reverse("schedule:session_calendar"), {"month": "2026-04"})

    weeks = response.context["weeks"]
    assert response.context["month"] == dt.date(2026, 4, 1)
    assert (weeks[0]["start"], weeks[-1]["end"]) == (dt.date(2026, 3, 30), dt.date(2026, 5, 3))
    starts = {c["day"]: [s.pk for s in c["sessions"]] for w in weeks for c in w["days"]}
    assert starts[dt.date(2026, 4, 6)] == [sessions["naryn"].pk]
    assert [s.pk for s in weeks[2]["sessions"]] == [sessions["naryn"].pk]  # 13–19 April
    assert (response.context["previous"], response.context["next"]) == ("2026-03", "2026-05")


def test_calendar_defaults_to_this_month_and_keeps_the_filters(client, teacher, sessions):
    response = client.get(reverse("schedule:session_calendar"), {"language": "ru"})

    shown = {s.pk for w in response.context["weeks"] for s in w["sessions"]}
    assert response.context["month"] == dt.date(2026, 3, 1)
    assert shown == {sessions["online"].pk}
    assert "?language=ru&amp;month=2026-04" in response.content.decode()


def test_calendar_makes_the_same_queries_for_one_or_three_sessions(
    client, teacher, django_assert_num_queries
):
    url = reverse("schedule:session_calendar")
    factories.session(start=dt.date(2026, 3, 9))
    client.get(url)

    with django_assert_num_queries(9) as one:
        client.get(url)
    factories.session(start=dt.date(2026, 3, 10))
    factories.session(start=dt.date(2026, 3, 11), provider_org=factories.provider("OSH-IE"))
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_export_rows_are_the_rows_on_screen(client, teacher, sessions):
    client.cookies["cheber_language"] = "en"
    query = {"oblast": AdminUnit.objects.get(soate=NARYN_OBLAST).pk}

    screen = client.get(reverse("schedule:session_list"), query)
    export = client.get(reverse("schedule:session_export"), query)

    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    naryn, mobile = sessions["naryn"], sessions["mobile"]
    assert rows[0][:3] == ("start date", "end date", "programme")
    assert rows[1:] == [
        ("06.04.2026", "17.04.2026", naryn.programme.title_en,
         "Naryn Oblast Methodical Centre of Education", "Naryn (city)", "stationary", "Kyrgyz",
         25, 25),
        ("11.05.2026", "15.05.2026", mobile.programme.title_en,
         "Naryn Oblast Methodical Centre of Education", "Kochkor District",
         "mobile (in the district)", "Kyrgyz", 25, 25),
    ]  # fmt: skip
    assert [r[2] for r in rows[1:]] == [s.programme.title for s in screen.context["page"]]


def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_ical_feed_is_public_and_holds_only_published_sessions(client, sessions):
    response = client.get(reverse("schedule:ical"))

    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    uids = [line for line in unfold(body) if line.startswith("UID:")]
    assert uids == [
        f"UID:session-{sessions[name].pk}@testserver" for name in ("online", "naryn", "mobile")
    ]
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")


def test_ical_event_dates_location_and_url(client, sessions):
    naryn = sessions["naryn"]
    naryn.venue = "Ленина 12, ауд. 3; 2-этаж"
    naryn.save()

    lines = unfold(client.get(reverse("schedule:ical"), {"month": "2026-04"}).content.decode())

    start = lines.index("BEGIN:VEVENT")
    event = lines[start : lines.index("END:VEVENT")]
    assert "DTSTART;VALUE=DATE:20260406" in event
    assert "DTEND;VALUE=DATE:20260418" in event  # exclusive: the day after 17.04
    assert "LOCATION:Ленина 12\\, ауд. 3\\; 2-этаж\\, Нарын ш." in event
    assert f"URL:http://testserver/courses/sessions/{naryn.pk}/" in event
    assert f"SUMMARY:{naryn.programme.title_ky}" in event


def test_ical_escapes_and_folds_long_titles(client, sessions):
    title = "Математика, физика; химия\\биология — " + "табигый илимдер " * 6
    factories.session(start=dt.date(2026, 6, 1), programme=factories.programme(title_ky=title))

    body = client.get(reverse("schedule:ical"), {"month": "2026-06"}).content.decode()

    physical = body.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical)
    escaped = "Математика\\, физика\\; химия\\\\биология — " + "табигый илимдер " * 6
    assert f"SUMMARY:{escaped}" in unfold(body)


def test_ical_applies_the_filters_of_the_query_string(client, sessions):
    lines = unfold(client.get(reverse("schedule:ical"), {"language": "ru"}).content.decode())

    assert [line for line in lines if line.startswith("UID:")] == [
        f"UID:session-{sessions['online'].pk}@testserver"
    ]
    assert not any(line.startswith("LOCATION:") for line in lines)  # online: no place


def test_ical_escape_and_fold_units():
    from cheber.schedule.ical import escape, fold

    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("SUMMARY:" + "ө" * 60)
    assert [len(part.encode()) for part in folded.split("\r\n")] == [74, 55]
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "ө" * 60

"""On a new day, before the night's scheduled refresh, a request does not recompute the
statuses: the pages show those of the day they were judged on, and say that day."""

import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse

from cheber.compliance.models import Refresh
from cheber.core.access import Role
from cheber.registry.tests.factories import user_with_role

BISHKEK = dt.timezone(dt.timedelta(hours=6))
NEXT_MORNING = dt.datetime(2026, 11, 23, 8, 0, tzinfo=BISHKEK)


def test_the_dashboard_of_a_new_day_shows_yesterdays_statuses_with_their_date(
    client, kochkor, methodist, time_machine
):
    client.force_login(methodist)
    client.cookies["cheber_language"] = "en"
    url = reverse("compliance:district_dashboard", args=[kochkor.school.unit_id])
    today = client.get(url)
    time_machine.move_to(NEXT_MORNING)
    client.force_login(methodist)  # a staff session ends overnight

    next_morning = client.get(url)

    assert "Statuses as of" not in today.text
    assert "Statuses as of 22.11.2026" in next_morning.text
    assert Refresh.objects.get().computed_on == dt.date(2026, 11, 22)


def test_after_the_scheduled_refresh_the_pages_show_the_day_without_a_note(
    client, kochkor, methodist, time_machine
):
    client.force_login(methodist)
    client.cookies["cheber_language"] = "en"
    url = reverse("compliance:district_dashboard", args=[kochkor.school.unit_id])
    client.get(url)
    time_machine.move_to(NEXT_MORNING)

    call_command("refresh_compliance", stdout=io.StringIO())

    client.force_login(methodist)
    assert "Statuses as of" not in client.get(url).text
    assert Refresh.objects.get().computed_on == dt.date(2026, 11, 23)


def test_a_teachers_status_says_the_day_it_was_judged_on(client, kochkor, time_machine):
    teacher = user_with_role("teacher", Role.TEACHER, educator=kochkor.people["due"])
    client.force_login(teacher)
    client.cookies["cheber_language"] = "en"
    client.get(reverse("compliance:my_status"))
    time_machine.move_to(NEXT_MORNING)

    page = client.get(reverse("compliance:my_status"))

    assert "Statuses as of 22.11.2026" in page.text

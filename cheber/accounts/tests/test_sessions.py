import datetime as dt

import pytest
from django.urls import reverse

from cheber.accounts.tests.conftest import log_in
from cheber.core.access import Role
from cheber.registry.tests.factories import EducatorFactory, user_with_role

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def test_a_staff_session_ends_after_thirty_idle_minutes(client, clock, db):
    user_with_role("institute", Role.NATIONAL_INSTITUTE)
    client.cookies["cheber_language"] = "en"
    log_in(client, "institute", "pw-institute")

    clock.move_to(START + dt.timedelta(minutes=29), tick=False)
    active = client.get(reverse("core:home"))
    clock.move_to(START + dt.timedelta(minutes=58), tick=False)
    still_active = client.get(reverse("core:home"))
    clock.move_to(START + dt.timedelta(minutes=88, seconds=1), tick=False)
    expired = client.get(reverse("core:home"), follow=True)

    assert active.status_code == still_active.status_code == 200
    assert expired.redirect_chain == [(reverse("accounts:login") + "?next=/home/", 302)]
    assert "_auth_user_id" not in client.session
    assert "You were logged out after 30 minutes without activity." in expired.content.decode()


def test_a_staff_session_cookie_lasts_no_longer_than_the_idle_time(client, clock, db):
    user_with_role("institute", Role.NATIONAL_INSTITUTE)

    log_in(client, "institute", "pw-institute")
    client.get(reverse("core:home"))

    assert client.session.get_expiry_age() == 31 * 60


def test_the_idle_time_is_a_setting(client, clock, db, settings):
    settings.CHEBER_STAFF_SESSION_IDLE_SECONDS = 5 * 60
    user_with_role("institute", Role.NATIONAL_INSTITUTE)
    log_in(client, "institute", "pw-institute")

    clock.move_to(START + dt.timedelta(minutes=6), tick=False)
    response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_teacher_stays_logged_in_after_an_idle_afternoon(client, clock, db):
    user_with_role("teacher", Role.TEACHER, educator=EducatorFactory())
    log_in(client, "teacher", "pw-teacher")

    clock.move_to(START + dt.timedelta(hours=5), tick=False)
    response = client.get(reverse("core:home"))

    assert response.status_code == 200
    assert client.session.get_expiry_age() == 14 * 24 * 3600

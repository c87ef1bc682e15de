import pytest
from django.core import mail
from django.urls import reverse

from cheber.accounts.models import User
from cheber.accounts.tests.conftest import log_in

PASSWORD = "a long pass phrase"


@pytest.fixture
def teacher(db):
    return User.objects.create_user("teacher", email="teacher@example.kg", password=PASSWORD)


THROTTLED = ["Too many failed login attempts. Try again later."]
GUESSER, OWNER = "203.0.113.66", "198.51.100.7"


def refused(response) -> bool:
    return response.status_code == 200 and response.context["form"].non_field_errors() == THROTTLED


def test_five_failed_log_ins_lock_that_address_out_of_the_account_even_with_the_right_password(
    client, teacher
):
    client.cookies["cheber_language"] = "en"
    for _ in range(5):
        assert log_in(client, "teacher", "wrong", REMOTE_ADDR=GUESSER).status_code == 200

    response = log_in(client, "teacher", PASSWORD, REMOTE_ADDR=GUESSER)

    assert refused(response)
    assert "_auth_user_id" not in client.session


def test_someone_elses_guesses_do_not_lock_the_owner_out(client, teacher):
    for _ in range(5):
        log_in(client, "teacher", "wrong", REMOTE_ADDR=GUESSER)

    response = log_in(client, "teacher", PASSWORD, REMOTE_ADDR=OWNER)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_guesses_spread_over_many_addresses_make_each_next_try_wait_longer(
    client, teacher, time_machine
):
    client.cookies["cheber_language"] = "en"
    time_machine.move_to("2026-11-22 10:00:00+06:00", tick=False)
    for n in range(10):  # the free allowance: ten failures an hour
        log_in(client, "teacher", "wrong", REMOTE_ADDR=f"203.0.113.{n}")
    waits = []
    for n in range(10, 14):
        assert refused(log_in(client, "teacher", "wrong", REMOTE_ADDR=f"203.0.113.{n}"))
        seconds = 0
        while refused(response := log_in(client, "teacher", "wrong", REMOTE_ADDR="192.0.2.1")):
            time_machine.shift(1)
            seconds += 1
        assert response.status_code == 200  # counted: a wrong password, not a refusal
        waits.append(seconds)

    assert waits == [1, 2, 4, 8]
    assert refused(log_in(client, "teacher", PASSWORD, REMOTE_ADDR="192.0.2.2"))
    time_machine.shift(16)
    assert log_in(client, "teacher", PASSWORD, REMOTE_ADDR="192.0.2.2").status_code == 302


def test_the_owner_at_an_address_they_logged_in_from_is_not_slowed_by_spread_out_guesses(
    client, teacher
):
    log_in(client, "teacher", PASSWORD, REMOTE_ADDR=OWNER)
    client.logout()
    for n in range(40):
        log_in(client, "teacher", "wrong", REMOTE_ADDR=f"203.0.113.{n}")

    response = log_in(client, "teacher", PASSWORD, REMOTE_ADDR=OWNER)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_a_days_ceiling_stops_unknown_addresses_until_the_day_has_passed(
    client, teacher, settings, time_machine
):
    client.cookies["cheber_language"] = "en"
    settings.CHEBER_LOGIN_LOCKOUT = settings.CHEBER_LOGIN_LOCKOUT | {"free": 100, "per_day": 3}
    time_machine.move_to("2026-11-22 10:00:00+06:00", tick=False)
    for n in range(3):
        log_in(client, "teacher", "wrong", REMOTE_ADDR=f"203.0.113.{n}")
        time_machine.shift(3600)

    refused_today = log_in(client, "teacher", PASSWORD, REMOTE_ADDR=OWNER)
    time_machine.shift(86400 - 3 * 3600 + 1)
    admitted = log_in(client, "teacher", PASSWORD, REMOTE_ADDR=OWNER)

    assert refused(refused_today)
    assert admitted.status_code == 302


def test_failures_from_one_address_against_many_accounts_are_throttled_too(
    client, teacher, settings
):
    client.cookies["cheber_language"] = "en"
    for n in range(settings.CHEBER_LOGIN_PER_ADDRESS["failures_per_minute"]):
        log_in(client, f"someone-{n}", "guess")

    response = log_in(client, "teacher", PASSWORD)

    assert refused(response)
    assert "_auth_user_id" not in client.session


def test_a_few_failures_then_the_right_password_let_the_teacher_in(client, teacher):
    for _ in range(4):
        log_in(client, "teacher", "wrong")

    response = log_in(client, "teacher", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_password_reset_requests_for_one_address_are_throttled(client, teacher):
    client.cookies["cheber_language"] = "en"
    url = reverse("account_reset_password")
    for _ in range(3):
        assert client.post(url, {"email": "teacher@example.kg"}).status_code == 302

    response = client.post(url, {"email": "teacher@example.kg"})

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 3


SCHOOL = "198.51.100.40"  # one public address in front of a whole school


def test_a_schools_morning_forty_teachers_behind_one_address_all_get_in_and_a_guesser_does_not(
    client, teacher, time_machine
):
    """Forty correct log-ins from one address within a minute, a guesser at the same address
    among them: only failures count per address, so every teacher gets in; the guesser's
    failures lock that address out of the account guessed at, the right password included."""
    time_machine.move_to("2026-12-07 07:55:00+06:00", tick=False)
    teachers = [
        User.objects.create_user(f"teacher-{n}", password=f"{PASSWORD} {n}") for n in range(40)
    ]
    logged_in, guesses_refused = [], 0
    for n, person in enumerate(teachers):
        time_machine.shift(1.2)  # forty log-ins in 48 seconds
        client.logout()
        response = log_in(client, person.username, f"{PASSWORD} {n}", REMOTE_ADDR=SCHOOL)
        if response.status_code == 302 and client.session["_auth_user_id"] == str(person.pk):
            logged_in.append(person.username)
        client.logout()  # (which forgets the language too)
        client.cookies["cheber_language"] = "en"
        guessed = log_in(client, "teacher", f"guess {n}", REMOTE_ADDR=SCHOOL)
        guesses_refused += refused(guessed)

    assert len(logged_in) == 40
    assert guesses_refused == 40 - 5  # five failures, then the address is locked out
    assert refused(log_in(client, "teacher", PASSWORD, REMOTE_ADDR=SCHOOL))
    assert "_auth_user_id" not in client.session

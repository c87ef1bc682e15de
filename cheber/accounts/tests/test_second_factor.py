import datetime as dt
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from cheber.accounts.models import User
from cheber.accounts.tests.conftest import log_in, totp_code
from cheber.core.access import Role
from cheber.registry.tests.factories import EducatorFactory, user_with_role

pytestmark = pytest.mark.usefixtures("second_factor_required")

ENROL = reverse("mfa_activate_totp")


@pytest.fixture(autouse=True)
def clock_stands_still(time_machine):
    """So that a code never crosses from one 30-second period into the next."""
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, 10, tzinfo=dt.UTC), tick=False)


def enrol(client, password: str) -> str:
    """Confirm the password, open the enrolment page, type the app's code; the secret the
    app would keep."""
    confirmed = client.post(
        reverse("account_reauthenticate") + "?next=" + ENROL, {"password": password}
    )
    assert confirmed["Location"] == ENROL
    client.get(ENROL)
    secret = client.session["mfa.totp.secret"]
    response = client.post(ENROL, {"code": totp_code(secret)})
    assert response.status_code == 302, response.context["form"].errors
    return secret


@pytest.fixture
def ministry(db):
    return user_with_role("ministry", Role.MINISTRY)


def test_a_ministry_user_is_sent_to_enrol_and_refused_every_other_page(client, ministry):
    client.cookies["cheber_language"] = "en"

    logged_in = log_in(client, "ministry", "pw-ministry")
    pages = [
        client.get(url)
        for url in (reverse("core:home"), reverse("registry:educator_list"), "/admin/")
    ]
    confirm = client.get(ENROL)
    enrolment = client.post(confirm["Location"], {"password": "pw-ministry"}, follow=True)

    assert logged_in.status_code == 302
    assert [(page.status_code, page["Location"]) for page in pages] == [(302, ENROL)] * 3
    # allauth asks for the password again before a second factor is added
    assert confirm["Location"] == reverse("account_reauthenticate") + "?next=" + quote(
        ENROL, safe=""
    )
    assert enrolment.redirect_chain == [(ENROL, 302)]
    page = enrolment.content.decode()
    assert "Your role requires a second factor." in page
    assert "<svg" in page and "data:image" not in page
    assert client.session["mfa.totp.secret"] in page


def test_after_enrolling_the_ministry_user_reaches_their_pages(client, ministry):
    log_in(client, "ministry", "pw-ministry")

    enrol(client, "pw-ministry")
    response = client.get(reverse("core:home"))

    assert response.status_code == 200
    assert Authenticator.objects.filter(user=ministry, type=Authenticator.Type.TOTP).exists()


def test_a_superuser_must_enrol_too(client, db):
    User.objects.create_superuser("root", password="a long pass phrase")
    log_in(client, "root", "a long pass phrase")

    before = client.get(reverse("admin:index"))
    enrol(client, "a long pass phrase")
    after = client.get(reverse("admin:index"))

    assert (before.status_code, before["Location"]) == (302, ENROL)
    assert after.status_code == 200


def test_a_teacher_needs_no_second_factor(client, db):
    user_with_role("teacher", Role.TEACHER, educator=EducatorFactory())

    log_in(client, "teacher", "pw-teacher")
    response = client.get(reverse("core:home"))

    assert response.status_code == 200


def test_an_enrolled_user_is_asked_for_the_code_at_log_in(client, ministry):
    log_in(client, "ministry", "pw-ministry")
    secret = enrol(client, "pw-ministry")
    client.post(reverse("accounts:logout"))
    client.cookies["cheber_language"] = "en"

    after_password = log_in(client, "ministry", "pw-ministry")
    home_meanwhile = client.get(reverse("core:home"))
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert after_password["Location"] == reverse("mfa_authenticate")
    assert home_meanwhile.status_code == 302  # not logged in until the code is given
    assert home_meanwhile["Location"].startswith(reverse("accounts:login"))
    assert wrong.status_code == 200
    assert wrong.context["form"].errors == {"code": ["Incorrect code."]}
    assert (right.status_code, right["Location"]) == (302, reverse("core:home"))
    assert client.session["_auth_user_id"] == str(ministry.pk)


def test_wrong_codes_are_throttled(client, ministry):
    log_in(client, "ministry", "pw-ministry")
    secret = enrol(client, "pw-ministry")
    client.post(reverse("accounts:logout"))
    client.cookies["cheber_language"] = "en"
    log_in(client, "ministry", "pw-ministry")
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

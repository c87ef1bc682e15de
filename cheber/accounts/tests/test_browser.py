"""Log-in with the second factor in a real browser on a 360-px phone screen, under the content
security policy."""

import time

import pytest
from django.urls import reverse

from cheber.accounts.tests.conftest import totp_code
from cheber.core.access import Role
from cheber.registry.tests.factories import user_with_role
from conftest import fits_the_screen

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("second_factor_required"),
]


@pytest.fixture
def page(phone_page):
    refused = []
    phone_page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and refused.append(message.text),
    )
    phone_page.refused = refused
    return phone_page


def test_a_ministry_user_enrols_an_app_on_a_phone_and_reaches_the_map(live_server, page, reference):
    user_with_role("ministry", Role.MINISTRY)

    page.goto(live_server.url + reverse("accounts:login"))
    assert fits_the_screen(page)
    page.locator("#id_login").fill("ministry")
    page.locator("#id_password").fill("pw-ministry")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.locator("#id_password").fill("pw-ministry")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert page.locator("figure.totp-qr svg").is_visible()
    assert fits_the_screen(page)
    secret = page.locator("#authenticator_secret").inner_text()
    _wait_for_a_fresh_code_window()
    page.locator("#id_code").fill(totp_code(secret))
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert fits_the_screen(page)
    page.goto(live_server.url + reverse("compliance:dashboard"))

    assert page.locator("h1").count() == 1
    assert page.locator("svg.compliance-map").is_visible()
    assert fits_the_screen(page)
    assert page.refused == [], page.refused


def _wait_for_a_fresh_code_window(margin: float = 10) -> None:
    """A code typed in the last seconds of its 30-second window may reach the server in the
    next one, which refuses it (no tolerance): wait for a new window then, as a person would."""
    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.5)

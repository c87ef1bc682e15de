"""A teacher answers a test on a 360-px phone screen in Chromium: the page fits, an answer given
with the network switched off is kept and saved when it returns, and a page handed in offline
finishes the attempt once the connection is back."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cheber.core.access import Role
from cheber.learning.actions import assessment as actions
from cheber.learning.models import Attempt, QuestionAttempt
from cheber.learning.tests.assessment_fixtures import learner_with_enrolment, single
from cheber.registry.tests.factories import user_with_role
from cheber.schedule.tests import factories
from conftest import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def attempt(reference):
    """An attempt of the real day (Chromium's clock is not moved) at a three-question test."""
    provider = factories.provider("NRN-MC")
    programme = factories.programme(provider, form="online")
    session = factories.session(
        provider_org=provider,
        programme=programme,
        unit_soate=None,
        start=timezone.localdate() - dt.timedelta(days=1),
        days=30,
    )
    staff = user_with_role("bank", Role.PROVIDER_STAFF, organization=provider)
    for n in range(1, 4):
        actions.add_question(actor=staff, programme=programme, question=single(n))
    test = actions.save_test(actor=staff, programme=programme, draws=[("Негиздер", 3)],
                             values={"purpose": "final", "title": "Тест", "is_open": True,
                                     "time_limit": 30})  # fmt: skip
    learner, enrolment = learner_with_enrolment(session, "learner")
    return actions.start_attempt(actor=learner, enrolment=enrolment, test=test)


def wait_until(page, expression: str) -> None:
    """Poll `expression` (the page's CSP refuses Playwright's eval-based wait_for_function)."""
    for _tick in range(100):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression}")


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill("pw-" + username)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/home/")


def test_an_answer_given_offline_is_saved_when_the_connection_returns(
    live_server, phone_page, attempt
):
    page = phone_page
    log_in(page, live_server, "learner")
    page.goto(live_server.url + reverse("learning:attempt", args=[attempt.pk]))
    assert fits_the_screen(page)

    page.context.set_offline(True)
    page.locator("input[name=s1-choice]").nth(2).check()
    wait_until(page, f"(localStorage.getItem('cheber-outbox-{attempt.pk}') || '[]') !== '[]'")
    offline = QuestionAttempt.objects.get(attempt=attempt, slot=1).response
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(page, f"localStorage.getItem('cheber-outbox-{attempt.pk}') === '[]'")

    assert offline is None
    assert QuestionAttempt.objects.get(attempt=attempt, slot=1).response == {"choice": "2"}


def test_a_page_handed_in_offline_finishes_the_attempt_when_back_online(
    live_server, phone_page, attempt
):
    page = phone_page
    log_in(page, live_server, "learner")
    page.goto(live_server.url + reverse("learning:attempt", args=[attempt.pk]))

    page.context.set_offline(True)
    page.locator("button[value=finish]").click()
    page.wait_for_selector("#offline-note:not([hidden])")
    still_open = Attempt.objects.get(pk=attempt.pk).state
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_url("**/result/")

    assert still_open == "in_progress"
    assert Attempt.objects.get(pk=attempt.pk).state == "finished"

"""The public page and a methodist's first steps, in a real browser on a 360-px phone screen."""

import pytest
from django.urls import reverse

from cheber.core.access import Role
from cheber.registry.tests.factories import (
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from conftest import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(phone_page):
    return phone_page


def test_landing_page_is_kyrgyz_first_and_switches_to_russian(live_server, page, reference):
    page.goto(live_server.url + reverse("core:landing"))

    assert page.locator("html").get_attribute("lang") == "ky"
    assert "педагогдордун" in page.locator("h1").inner_text()
    assert fits_the_screen(page)
    page.get_by_role("button", name="Русский").click()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "квалификации педагогов" in page.locator("h1").inner_text()


def test_methodist_logs_in_and_finds_an_educator_of_their_district(live_server, page, reference):
    school = OrganizationFactory(unit=unit(KOCHKOR))
    educator = EducatorFactory(surname="Өмүрбекова", first_name="Жаңыл")
    employ(educator, school)
    user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))

    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_login").fill("methodist")
    page.locator("#id_password").fill("pw-methodist")
    page.locator("main button[type=submit]").click()
    page.goto(live_server.url + reverse("registry:educator_list"))
    page.locator("#id_q").fill("Өмүр")
    page.locator("#results a", has_text="Өмүрбекова").click()

    assert page.locator("h1").inner_text() == "Өмүрбекова Жаңыл Сагынбаевна"
    assert fits_the_screen(page)


def test_keyboard_reaches_the_skip_link_first(live_server, page, reference):
    page.goto(live_server.url + reverse("core:landing"))

    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"


def test_teacher_finds_a_course_applies_and_sees_it_in_my_courses(live_server, page, reference):
    from cheber.schedule.tests import factories

    session = factories.session(budget=10, contract=0)
    title = session.programme.title_ky
    educator = EducatorFactory(surname="Асанова", first_name="Айгүл")
    employ(educator, OrganizationFactory(unit=unit(KOCHKOR)))
    user_with_role("teacher", Role.TEACHER, educator=educator)

    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_login").fill("teacher")
    page.locator("#id_password").fill("pw-teacher")
    page.locator("main button[type=submit]").click()
    page.goto(live_server.url + reverse("schedule:session_list"))
    page.locator("#id_q").fill(session.programme.code)
    page.locator("#id_q").press("Enter")
    # typing and Enter each swap the results in (HTMX): a link clicked between the two is gone
    page.wait_for_load_state("networkidle")
    page.locator("#results a", has_text=title).click()
    page.wait_for_url("**" + reverse("delivery:session_detail", args=[session.pk]))
    page.locator("input[name=funding][value=budget]").check()
    page.locator("main form[action$='/apply/'] button[type=submit]").click()

    page.wait_for_url("**" + reverse("delivery:my_courses"))
    assert title in page.locator("#upcoming").inner_text()
    assert fits_the_screen(page)


def test_pages_load_everything_they_use_under_the_content_security_policy(
    live_server, phone_page, reference
):
    """Pico's style sheet draws the icons of selects, details and checkboxes as data: SVG
    images; the policy lets them load, and the console shows no refusal."""
    from cheber.schedule.tests import factories

    session = factories.session(budget=10, contract=0)
    user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    refused = []
    phone_page.on(
        "console", lambda m: "Content Security Policy" in m.text and refused.append(m.text)
    )
    phone_page.goto(live_server.url + reverse("accounts:login"))
    phone_page.locator("#id_login").fill("methodist")
    phone_page.locator("#id_password").fill("pw-methodist")
    phone_page.locator("main button[type=submit]").click()
    phone_page.wait_for_url("**" + reverse("core:home"))
    pages = [
        reverse("registry:educator_list"),  # a list with filters (selects)
        reverse("schedule:session_list"),
        reverse("registry:educator_create"),  # a form (selects, date, checkboxes)
        reverse("delivery:session_detail", args=[session.pk]),
    ]

    for path in pages:
        phone_page.goto(live_server.url + path)
        phone_page.wait_for_load_state("networkidle")

    assert refused == [], refused

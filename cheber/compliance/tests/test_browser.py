"""From the national map to the overdue teachers of one district, in a real browser on a
360-px phone screen."""

import pytest
from django.urls import reverse

from cheber.compliance.tests.test_dashboards import _fresh_cache, build_world  # noqa: F401
from cheber.core.access import Role
from cheber.registry.tests.factories import KOCHKOR, unit, user_with_role
from conftest import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(phone_page):
    return phone_page


def test_national_user_drills_down_from_the_map_to_overdue_teachers(live_server, page, reference):
    world = build_world()  # judged today: C's training of 2018 is overdue whatever the date
    user_with_role("ministry", Role.MINISTRY)
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_login").fill("ministry")
    page.locator("#id_password").fill("pw-ministry")
    page.locator("main button[type=submit]").click()

    page.goto(live_server.url + reverse("compliance:dashboard"))
    assert fits_the_screen(page)
    page.locator('svg.compliance-map a[aria-label^="Кочкор району"]').click()
    page.wait_for_url("**/compliance/oblasts/*/")
    assert page.locator("h1").inner_text() == "Нарын облусу"
    page.locator('svg.compliance-map a[aria-label^="Кочкор району"]').click()
    page.wait_for_url("**/compliance/districts/*/")
    assert page.locator("h1").inner_text() == "Кочкор району"
    assert fits_the_screen(page)
    page.locator(".c-headline .c-status-overdue a").click()
    page.wait_for_url("**/compliance/educators/?*status=overdue*")

    assert page.locator("table.c-people a", has_text=world.names["C"]).count() == 1
    assert page.locator("table.c-people", has_text=world.names["G"]).count() == 0  # At-Bashy
    assert fits_the_screen(page)


# The size text is drawn at, in CSS pixels: its font size times the scale of the SVG it sits in.
RENDERED_FONT_SIZES = """() => [...document.querySelectorAll('main svg text')].map(
    (text) => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""


def test_chart_and_map_text_keeps_a_readable_size_at_any_width(live_server, page, reference):
    build_world()
    user_with_role("kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_login").fill("kochkor")
    page.locator("#id_password").fill("pw-kochkor")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**" + reverse("core:home"))

    sizes = {}
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(live_server.url + reverse("compliance:dashboard"))
        sizes[width] = page.evaluate(RENDERED_FONT_SIZES)

    for width, drawn in sizes.items():
        assert len(drawn) > 10, width  # the bars' labels and figures, the trend, the legend
        assert 10 <= min(drawn) and max(drawn) <= 18, (width, min(drawn), max(drawn))

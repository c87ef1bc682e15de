"""From the national map to the overdue teachers of one district, in a real browser on a
360-px phone screen."""

import pytest
from django.urls import reverse

from cheber.compliance.tests.test_dashboards import _fresh_cache, build_world  # noqa: F401
from cheber.core.access import Role
from cheber.registry.tests.factories import user_with_role
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

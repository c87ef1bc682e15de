"""Every role's first screens on a 360-px phone: the page's title on the first screen, a menu
that opens without script, and on each page of the role's menu no serious accessibility
violation (axe-core), no date written the machine's way and no heading word split in two."""

import pytest
from django.urls import reverse

from cheber.compliance.engine import refresh_statuses
from cheber.core.navigation import navigation_for
from cheber.core.tests.browser import (
    blocking_violations,
    broken_words,
    iso_dates,
    log_in,
    with_axe,
)
from cheber.core.tests.permission_world import build_world
from conftest import PHONE, fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ("ministry", "institute", "auditor", "provider", "oblast", "methodist", "principal",
         "teacher")  # fmt: skip


@pytest.fixture
def world(reference):
    world = build_world()
    refresh_statuses()
    return world


def test_each_roles_home_has_its_title_on_the_first_screen_and_a_menu_without_script(
    live_server, phone_page, world
):
    page = phone_page.context.browser.new_context(
        viewport=PHONE, java_script_enabled=False
    ).new_page()
    for role in ROLES:
        log_in(page, live_server, world.users[role])
        page.goto(live_server.url + reverse("core:home"))
        title = page.locator("main h1").bounding_box()

        assert title["y"] + title["height"] <= PHONE["height"], role
        assert fits_the_screen(page), role

    menu = page.locator("details.site-menu")
    my_status = menu.get_by_role("link", name="Менин абалым")  # the teacher's "My status"
    assert not my_status.is_visible()
    menu.locator("summary").click()
    my_status.click()
    page.wait_for_url("**" + reverse("compliance:my_status"))
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not menu.is_visible()
    assert page.locator(".site-menu-wide").get_by_role("link", name="Менин абалым").is_visible()


def test_each_roles_pages_are_accessible_with_dates_in_the_language_and_whole_words(
    live_server, phone_page, world
):
    with_axe(phone_page.context)
    problems = []
    for role in ROLES:
        user = world.users[role]
        log_in(phone_page, live_server, user)
        paths = [reverse("core:home"), *(item.url for item in navigation_for(user))]
        for path in dict.fromkeys(paths):
            phone_page.goto(live_server.url + path)
            where = f"{role} {path}"
            problems += [f"{where}: {v}" for v in blocking_violations(phone_page)]
            problems += [f"{where}: ISO date {d}" for d in iso_dates(phone_page)]
            problems += [f"{where}: split word {w}" for w in broken_words(phone_page)]

    assert problems == [], "\n".join(problems)

"""The menu each role sees, pinned item by item and in order."""

import pytest
from django.utils import translation

from cheber.core.navigation import entries, navigation_for
from cheber.core.tests.permission_world import ROLES, build_world

pytestmark = pytest.mark.django_db

HOME, COURSES = ("Home", "/home/"), ("Courses", "/schedule/")
PROGRAMMES, PLANS = ("Programmes", "/catalog/"), ("Plan-schedules", "/schedule/plans/")
BUILDER, COMPLIANCE = ("Plan builder", "/planner/"), ("Compliance", "/compliance/")
EDUCATORS = ("Educators", "/registry/educators/")
ORGANIZATIONS = ("Organizations", "/registry/organizations/")
IMPORT, USERS, AUDIT = ("Import", "/imports/"), ("Users", "/users/"), ("Audit", "/audit/")
TERRITORY = [COMPLIANCE, EDUCATORS, ORGANIZATIONS]
TO_VERIFY = ("Training to verify", "/registry/trainings/to-verify/")
NATIONAL = [HOME, COURSES, PROGRAMMES, PLANS, BUILDER, *TERRITORY]
MENUS = {
    "anonymous": [],
    "ministry": NATIONAL,
    "institute": [*NATIONAL, IMPORT, USERS],
    "auditor": [*NATIONAL, AUDIT],
    "admin": [*NATIONAL, TO_VERIFY, IMPORT, USERS, AUDIT, ("Administration", "/admin/")],
    "provider": [HOME, COURSES, ("My sessions", "/courses/provider/"), PROGRAMMES, PLANS,
                 *TERRITORY, TO_VERIFY, USERS],
    "oblast": [HOME, COURSES, *TERRITORY, IMPORT, USERS],
    "methodist": [HOME, COURSES, ("Cabinet", "/courses/cabinet/"), *TERRITORY, TO_VERIFY, IMPORT,
                  USERS],
    "principal": [HOME, COURSES, ("Staff on courses", "/courses/staff/"), *TERRITORY, IMPORT,
                  USERS],
    "teacher": [HOME, COURSES, ("My courses", "/courses/mine/"), ("My status", "/compliance/me/"),
                ("My certificates", "/certificates/mine/"),
                ("Notifications", "/courses/notifications/"), ("Online courses", "/learning/"),
                ("My profile", "<profile>")],
}  # fmt: skip


def _menu(world, user) -> list[tuple[str, str]]:
    profile = f"/registry/educators/{world.pk('educator', 0)}/"
    with translation.override("en"):
        items = navigation_for(user) if user else []
        return [(str(i.label), i.url.replace(profile, "<profile>")) for i in items]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def test_each_role_sees_its_own_menu_in_its_order(world):
    menus = {role: _menu(world, world.users[role]) for role in ROLES}

    assert menus == MENUS


def test_a_teacher_sees_how_many_notifications_are_unread(world):
    enrolment = world.objects["enrolment"][0]
    enrolment.notifications.create(educator=enrolment.educator, kind="accepted")
    enrolment.notifications.create(educator=enrolment.educator, kind="reminder")

    menu = _menu(world, world.users["teacher"])

    assert menu[5] == ("Notifications (2)", "/courses/notifications/")


def test_staff_without_a_role_sees_the_administration(world):
    user = world.users["teacher"]
    user.is_staff = True

    menu = _menu(world, user)

    assert menu[-1] == ("Administration", "/admin/")
    assert len(menu) == len(MENUS["teacher"]) + 1


def test_every_app_places_its_entries_at_an_order_of_their_own():
    orders = [entry.order for entry in entries()]

    assert orders == sorted(set(orders))
    assert {entry.url_name.partition(":")[0] for entry in entries()} == {
        "core", "admin", "users", "schedule", "catalog", "delivery", "certificates", "registry",
        "compliance", "planner", "imports", "learning",
    }  # fmt: skip

"""Simultaneous requests never exceed the places nor duplicate a request (PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from cheber.accounts.models import RoleAssignment, User
from cheber.core.access import Role
from cheber.delivery import actions
from cheber.delivery.models import Enrolment
from cheber.registry.tests.factories import (
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from cheber.schedule.tests import factories

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="row locks are tested on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference"),
]


# PostgreSQL's default max_connections is 100; a web server's pool is smaller still.
WORKERS = 40


def run_at_once(calls):
    """Release every call at the same moment, as many at once as there are connections."""
    start = threading.Event()

    def run(call):
        start.wait()
        try:
            return call()
        except ValidationError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=min(WORKERS, len(calls))) as pool:
        futures = [pool.submit(run, call) for call in calls]
        start.set()
        return [future.result() for future in futures]


def test_200_simultaneous_requests_fill_30_places_and_waitlist_170():
    session = factories.session(budget=30, contract=0)
    school = OrganizationFactory(unit=unit(KOCHKOR))
    calls = []
    for n in range(200):
        educator = EducatorFactory()
        employ(educator, school)
        user = User.objects.create(username=f"teacher{n}")  # no password: hashing is slow
        RoleAssignment.objects.create(user=user, role=Role.TEACHER, educator=educator)
        calls.append(
            lambda u=user, e=educator: actions.apply_for_place(
                actor=u, session=session, educator=e, funding="budget"
            )
        )

    results = run_at_once(calls)

    assert [r for r in results if isinstance(r, Exception)] == []
    states = Enrolment.objects.filter(session=session)
    assert states.filter(state="enrolled").count() == 30
    assert states.filter(state="waitlisted").count() == 170
    assert states.values("educator").distinct().count() == 200
    positions = states.filter(state="waitlisted").values_list("waitlist_position", flat=True)
    assert sorted(positions) == list(range(1, 171))


def test_10_simultaneous_requests_by_one_educator_end_with_one():
    session = factories.session(budget=30, contract=0)
    educator = EducatorFactory()
    employ(educator, OrganizationFactory(unit=unit(KOCHKOR)))
    user = user_with_role("teacher", Role.TEACHER, educator=educator)

    results = run_at_once(
        [
            lambda: actions.apply_for_place(
                actor=user, session=session, educator=educator, funding="budget"
            )
        ]
        * 10
    )

    assert Enrolment.objects.filter(educator=educator).count() == 1
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 9
    assert all(list(r.message_dict) == ["session"] for r in refused)

"""The periodic jobs: reminders the day before, waitlists promoted on the quota release date."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from cheber.delivery.models import Enrolment, Notification
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
)
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
State = Enrolment.State


def request(session, district=KOCHKOR, state=State.ENROLLED, position=None):
    school = OrganizationFactory(unit=unit(district))
    educator = EducatorFactory()
    employ(educator, school)
    return Enrolment.objects.create(
        session=session, educator=educator, organization=school, unit=school.unit,
        funding="budget", origin="nomination", state=state, waitlist_position=position,
        district_confirmed_at=timezone.now(),
    )  # fmt: skip


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue().strip()


def test_send_reminders_tells_tomorrows_participants_once():
    session = factories.session(start=dt.date(2027, 3, 8))
    later = factories.session(start=dt.date(2027, 3, 9))
    first, second = request(session), request(session)
    request(later)

    printed = [run("send_reminders", "--today", "2027-03-07") for _ in range(2)]

    assert printed == ["reminders sent: 2", "reminders sent: 0"]
    reminded = Notification.objects.filter(kind="reminder").values_list("educator_id", flat=True)
    assert sorted(reminded) == sorted([first.educator_id, second.educator_id])


def test_release_quotas_promotes_the_waitlist_once_the_release_date_has_come(time_machine):
    time_machine.move_to(dt.datetime(2027, 2, 2, 9, tzinfo=dt.UTC))
    session = factories.session(
        start=dt.date(2027, 3, 1), budget=2, contract=0, quotas={KOCHKOR: 2},
        quota_release_date=dt.date(2027, 2, 1),
    )  # fmt: skip
    not_yet = factories.session(
        start=dt.date(2027, 3, 1), budget=1, contract=0, quotas={KOCHKOR: 1},
        quota_release_date=dt.date(2027, 2, 10),
    )  # fmt: skip
    waiting = request(session, AT_BASHY, State.WAITLISTED, position=1)
    also_waiting = request(session, AT_BASHY, State.WAITLISTED, position=2)
    held = request(not_yet, AT_BASHY, State.WAITLISTED, position=1)

    printed = run("release_quotas", "--today", "2027-02-02")
    again = run("release_quotas", "--today", "2027-02-02")

    assert printed == "sessions: 1, promoted: 2"
    assert again == "sessions: 0, promoted: 0"
    states = dict(Enrolment.objects.values_list("pk", "state"))
    assert [states[e.pk] for e in (waiting, also_waiting, held)] == [
        State.ENROLLED, State.ENROLLED, State.WAITLISTED,
    ]  # fmt: skip
    assert Notification.objects.filter(kind="promoted").count() == 2


def test_release_quotas_leaves_sessions_that_have_begun(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 2, 9, tzinfo=dt.UTC))
    session = factories.session(
        start=dt.date(2027, 3, 1), budget=1, contract=0, quotas={KOCHKOR: 1},
        quota_release_date=dt.date(2027, 2, 1),
    )  # fmt: skip
    waiting = request(session, AT_BASHY, State.WAITLISTED, position=1)

    printed = run("release_quotas")

    assert printed == "sessions: 0, promoted: 0"
    waiting.refresh_from_db()
    assert waiting.state == State.WAITLISTED

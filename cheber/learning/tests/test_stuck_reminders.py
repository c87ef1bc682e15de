"""The scheduled `remind_stuck_learners`: learners of a running online course idle for
CHEBER_LEARNING_STUCK_DAYS are nudged as the provider can by hand, once in that period."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from cheber.core.models import AuditEvent
from cheber.delivery.models import Notification
from cheber.learning.actions.progress import enrol_online
from cheber.learning.models import CourseProgress
from cheber.learning.tests import factories as lf

pytestmark = pytest.mark.usefixtures("reference")


def stall(enrolment, days: int) -> None:
    CourseProgress.objects.filter(enrolment=enrolment).update(
        last_activity_at=timezone.now() - dt.timedelta(days=days)
    )


def remind() -> str:
    out = io.StringIO()
    call_command("remind_stuck_learners", stdout=out)
    return out.getvalue()


def reminders(enrolment) -> int:
    return Notification.objects.filter(enrolment=enrolment, kind="study_reminder").count()


@pytest.fixture
def fresh(session, school):
    educator, user = lf.learner(school, "fresh")
    return enrol_online(actor=user, session=session, educator=educator)


def test_only_learners_idle_for_the_set_days_are_reminded(enrolment, fresh):
    stall(enrolment, 8)

    output = remind()

    assert output == "learners reminded: 1\n"
    assert (reminders(enrolment), reminders(fresh)) == (1, 0)
    assert CourseProgress.objects.get(enrolment=enrolment).reminded_at is not None
    assert AuditEvent.objects.get(verb="remind_learner").via == "command remind_stuck_learners"


def test_a_learner_is_reminded_once_in_the_period(enrolment, time_machine):
    stall(enrolment, 8)
    remind()
    time_machine.shift(dt.timedelta(days=3))

    again = remind()
    time_machine.shift(dt.timedelta(days=5))
    later = remind()

    assert (again, later) == ("learners reminded: 0\n", "learners reminded: 1\n")
    assert reminders(enrolment) == 2


def test_the_idle_days_are_a_setting(enrolment, settings):
    stall(enrolment, 4)
    settings.CHEBER_LEARNING_STUCK_DAYS = 3

    assert remind() == "learners reminded: 1\n"


def test_a_session_that_has_ended_reminds_nobody(enrolment, session):
    stall(enrolment, 20)
    session.end_date = timezone.localdate() - dt.timedelta(days=1)
    session.save(update_fields=["end_date"])

    assert remind() == "learners reminded: 0\n"

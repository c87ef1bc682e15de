"""One learner of an online session completes it on their own day (`complete_enrolment`)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cheber.accounts.models import Role
from cheber.catalog.models import Form
from cheber.core.actors import SYSTEM
from cheber.delivery.actions.running import complete_enrolment
from cheber.delivery.models import Enrolment
from cheber.delivery.tests.test_provider_running import participant
from cheber.registry.models import TrainingRecord
from cheber.registry.tests.factories import user_with_role
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
TODAY = dt.date(2027, 3, 10)


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC))


@pytest.fixture
def online():
    """An online session of NRN-MC, 1 March – 30 April 2027."""
    return factories.session(start=dt.date(2027, 3, 1), days=61, unit_soate=None,
                             form=Form.ONLINE)  # fmt: skip


def test_the_server_completes_a_learner_and_the_training_enters_their_history(online):
    enrolment = participant(online)

    complete_enrolment(actor=SYSTEM, enrolment=enrolment)

    enrolment.refresh_from_db()
    record = enrolment.training_record
    assert enrolment.state == Enrolment.State.COMPLETED
    assert (record.start_date, record.end_date, record.form) == (
        dt.date(2027, 3, 1),
        TODAY,
        Form.ONLINE,
    )
    assert (record.hours, record.recorded_by) == (72, None)
    assert enrolment.events.last().verb == "complete"


def test_the_provider_may_complete_by_hand_another_provider_may_not(online):
    enrolment = participant(online)
    theirs = user_with_role("tls", Role.PROVIDER_STAFF, organization=factories.provider("TLS-MC"))
    ours = user_with_role("nrn", Role.PROVIDER_STAFF, organization=online.provider)

    with pytest.raises(PermissionDenied):
        complete_enrolment(actor=theirs, enrolment=enrolment)
    complete_enrolment(actor=ours, enrolment=enrolment)

    assert TrainingRecord.objects.get().recorded_by == ours


def test_a_completed_or_withdrawn_learner_is_not_completed_again(online):
    enrolment = participant(online)
    complete_enrolment(actor=SYSTEM, enrolment=enrolment)

    with pytest.raises(ValidationError):
        complete_enrolment(actor=SYSTEM, enrolment=enrolment)

    assert TrainingRecord.objects.count() == 1

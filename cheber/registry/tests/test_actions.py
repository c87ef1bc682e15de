"""The registry's actions check who acts themselves (not only the pages that call them)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from cheber.accounts.models import Role
from cheber.core.actors import SYSTEM
from cheber.core.models import AuditEvent
from cheber.registry import actions
from cheber.registry.models import Employment, Organization, Position, TrainingRecord
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def methodist():
    return user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))


def job_at(organization: Organization) -> dict:
    return {"organization": organization, "position": Position.objects.get(code="teacher"),
            "specialization": None, "start_date": dt.date(2026, 9, 1)}  # fmt: skip


def test_a_methodist_does_not_employ_an_educator_outside_their_district(methodist):
    educator = EducatorFactory()
    employ(educator, OrganizationFactory(unit=unit(KOCHKOR)))
    elsewhere = OrganizationFactory(unit=unit(AT_BASHY))

    with pytest.raises(PermissionDenied):
        actions.employ_educator(actor=methodist, educator=educator, **job_at(elsewhere))

    assert list(Employment.objects.filter(organization=elsewhere)) == []
    assert not AuditEvent.objects.exists()


def test_nobody_registers_an_educator_at_the_ministry():
    ministry = OrganizationFactory(type=Organization.Type.MINISTRY, unit=unit(KOCHKOR))
    institute = user_with_role("institute", Role.NATIONAL_INSTITUTE)

    with pytest.raises(PermissionDenied):
        actions.register_educator(actor=institute, educator=EducatorFactory.build(),
                                  specializations=[], **job_at(ministry))  # fmt: skip

    assert not Employment.objects.filter(organization=ministry).exists()


def test_the_ministry_reads_the_registry_and_does_not_change_it():
    educator = EducatorFactory()
    employ(educator, OrganizationFactory(unit=unit(KOCHKOR)))
    ministry = user_with_role("ministry", Role.MINISTRY)
    training = TrainingRecord(educator=educator, title="Семинар", hours=18,
                              start_date=dt.date(2025, 3, 1), end_date=dt.date(2025, 3, 3),
                              form="seminar", provider_name="Сорос-Кыргызстан")  # fmt: skip

    with pytest.raises(PermissionDenied):
        actions.record_training(actor=ministry, training=training)

    assert not TrainingRecord.objects.exists()


def test_the_server_records_a_training_as_the_system():
    educator = EducatorFactory()
    training = TrainingRecord(educator=educator, title="Семинар", hours=18,
                              start_date=dt.date(2025, 3, 1), end_date=dt.date(2025, 3, 3),
                              form="seminar", provider_name="Сорос-Кыргызстан")  # fmt: skip

    actions.record_training(actor=SYSTEM, training=training)

    event = AuditEvent.objects.get(verb="record_training")
    assert (event.actor, event.via, training.recorded_by) == (None, "system", None)

"""Fixtures the certificates tests share (and the PDF and page tests import).

An educator whose name has the Kyrgyz letters ң, ө, ү completed a session of the Osh Oblast
Institute of Education (OSH-IE) that ended in October 2026; the day is 22 November 2026.
Users: staff of that provider, staff of another provider (Naryn, NRN-MC), the national
institute, and the educator's own teacher account.
"""

import datetime as dt

import pytest
from django.utils import timezone

from cheber.core.access import Role
from cheber.delivery.models import Enrolment
from cheber.delivery.tests.conftest import BISHKEK_TZ, english  # noqa: F401 (shared fixture)
from cheber.registry.models import TrainingRecord
from cheber.registry.tests.factories import (
    OSH_CITY,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from cheber.schedule.tests import factories

PROVIDER_CODE = "OSH-IE"
SURNAME, FIRST_NAME, PATRONYMIC = "Өмүрбекова", "Жаңыл", "Сагынбаевна"
FULL_NAME = f"{SURNAME} {FIRST_NAME} {PATRONYMIC}"
PROGRAMME_KY = "Окуу сабаттуулугун өнүктүрүү: жаңы ыкмалар"
PROGRAMME_RU = "Развитие читательской грамотности: новые методы"
SIGNER_NAME, SIGNER_POSITION = "Токтосунов Бакыт Асанович", "Ректор"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded scans of declared certificates go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today(time_machine):
    """22 November 2026, 10:00 in Bishkek."""
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=BISHKEK_TZ))
    return TODAY


@pytest.fixture
def provider(reference):
    return factories.provider(PROVIDER_CODE)


@pytest.fixture
def other_provider(reference):
    return factories.provider("NRN-MC")


@pytest.fixture
def finished_session(provider, today):
    """A 12-day session of OSH-IE, 1–12 October 2026, of a 72-hour programme."""
    programme = factories.programme(provider, title_ky=PROGRAMME_KY, title_ru=PROGRAMME_RU)
    return factories.session(
        provider_org=provider, programme=programme, start=dt.date(2026, 10, 1),
        unit_soate=OSH_CITY,
    )  # fmt: skip


def complete(session, educator=None, **names) -> Enrolment:
    """An enrolment of `educator` (a new one named by `names`) that completed `session`,
    with the training record that completion writes into the educator's history."""
    if educator is None:
        educator = EducatorFactory(**names)
        employ(educator, OrganizationFactory(unit=unit(OSH_CITY)))
    school = educator.employments.first().organization
    record = TrainingRecord.objects.create(
        educator=educator, provider_id=session.provider_id, title=session.programme.title_ky,
        hours=session.programme.hours, start_date=session.start_date,
        end_date=session.end_date, form=session.form, kind=session.programme.kind,
        source=TrainingRecord.Source.CHEBER,
    )  # fmt: skip
    now = timezone.now()
    return Enrolment.objects.create(
        session=session, educator=educator, organization=school, unit=school.unit,
        funding=Enrolment.Funding.BUDGET, origin=Enrolment.Origin.APPLICATION,
        state=Enrolment.State.COMPLETED, district_confirmed_at=now, release_confirmed_at=now,
        accepted_at=now, assessment_passed=True, training_record=record,
    )  # fmt: skip


@pytest.fixture
def completed_enrolment(finished_session):
    """Өмүрбекова Жаңыл Сагынбаевна completed the session."""
    return complete(finished_session, surname=SURNAME, first_name=FIRST_NAME, patronymic=PATRONYMIC)


@pytest.fixture
def provider_user(provider):
    return user_with_role("osh.staff", Role.PROVIDER_STAFF, organization=provider)


@pytest.fixture
def other_provider_user(other_provider):
    return user_with_role("naryn.staff", Role.PROVIDER_STAFF, organization=other_provider)


@pytest.fixture
def institute_user(reference):
    return user_with_role("institute", Role.NATIONAL_INSTITUTE)


@pytest.fixture
def teacher_user(completed_enrolment):
    """The educator's own account."""
    return user_with_role("omurbekova", Role.TEACHER, educator=completed_enrolment.educator)


@pytest.fixture
def certificate(completed_enrolment, provider_user):
    """The certificate for the completed enrolment, issued by the provider in both languages,
    signed by its rector."""
    from cheber.certificates.actions import issue_certificate, set_signer

    set_signer(
        actor=provider_user, provider=completed_enrolment.session.provider,
        name=SIGNER_NAME, position=SIGNER_POSITION,
    )  # fmt: skip
    return issue_certificate(actor=provider_user, enrolment=completed_enrolment)

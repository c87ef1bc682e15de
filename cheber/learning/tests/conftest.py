"""A provider (Naryn methodical centre) with an online programme of two modules and three
approved lessons, an online session open for enrolment, and a teacher of a Kochkor school."""

import datetime as dt
import importlib

import pytest

from cheber.core.access import Role
from cheber.delivery.tests.conftest import BISHKEK_TZ
from cheber.learning.models import OnlineCompletionRule
from cheber.learning.tests import factories as lf
from cheber.registry.tests.factories import KOCHKOR, OrganizationFactory, unit, user_with_role
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
TODAY = dt.date(2026, 11, 22)
LESSONS = [
    (1, "Санариптик сабаттуулук", "# Киришүү\n\nСанариптик **сабаттуулук** — бул..."),
    (1, "Коопсуз интернет", "Сырсөздөр жана *коопсуздук*."),
    (2, "Онлайн сабак", "Zoom жана Google Meet менен иштөө.\n\n- биринчи\n- экинчи"),
]


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=BISHKEK_TZ))
    return TODAY


@pytest.fixture
def provider(reference):
    return factories.provider("NRN-MC")


@pytest.fixture
def other_provider(reference):
    return factories.provider("TLS-MC")


@pytest.fixture
def staff(provider):
    return user_with_role("staff", Role.PROVIDER_STAFF, organization=provider)


@pytest.fixture
def institute(reference):
    return user_with_role("institute", Role.NATIONAL_INSTITUTE)


@pytest.fixture
def programme(provider):
    return lf.online_programme(provider, title_ky="АКТ компетенттүүлүгү",
                               title_ru="ИКТ-компетентность")  # fmt: skip


@pytest.fixture
def version(programme):
    return lf.content(programme, LESSONS)


@pytest.fixture
def session(programme, version):
    return lf.online_session(programme, start=TODAY - dt.timedelta(days=10))


@pytest.fixture
def school(reference):
    return OrganizationFactory(unit=unit(KOCHKOR))


@pytest.fixture
def teacher(school):
    return lf.learner(school)


@pytest.fixture
def enrolment(session, teacher):
    from cheber.learning.actions.progress import enrol_online

    educator, user = teacher
    return enrol_online(actor=user, session=session, educator=educator)


@pytest.fixture
def in_english():
    """The messages in English, for the modules that assert them (the default is Kyrgyz)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def online_rule(db):
    """The rule of completing online study that the learning migration loads (in force from
    2021); a transactional test's flush removes it, and then this puts it back."""
    migration = importlib.import_module("cheber.learning.migrations.0002_online_completion_rule")
    fields = dict(migration.RULE)
    return OnlineCompletionRule.objects.get_or_create(
        effective_from=fields.pop("effective_from"), defaults=fields
    )[0]

"""Fixtures the delivery tests share: two schools in neighbouring Naryn districts and the
Kochkor methodical cabinet; a fixed day and English pages for modules that ask for them."""

import datetime as dt

import pytest

from cheber.core.access import Role
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    OrganizationFactory,
    unit,
    user_with_role,
)

BISHKEK_TZ = dt.timezone(dt.timedelta(hours=6))


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=BISHKEK_TZ))
    return dt.date(2026, 11, 22)


@pytest.fixture
def english(client):
    client.cookies["cheber_language"] = "en"


@pytest.fixture
def school():
    return OrganizationFactory(unit=unit(KOCHKOR))


@pytest.fixture
def other_school():
    return OrganizationFactory(unit=unit(AT_BASHY))


@pytest.fixture
def methodist():
    return user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))

"""A small plan: Kochkor (two schools) and At-Bashy (out of a Kochkor methodist's scope) on
22 November 2026 under the real policies, planning 2027: Naryn's methodical centre has an
approved plan-schedule with a session in Naryn town (two budget places, one reserved for
Kochkor) and Talas's centre a draft one with an online session."""

import datetime as dt
from dataclasses import dataclass, field

import pytest

from cheber.compliance.tests.conftest import make_educator
from cheber.core.access import Role
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    OrganizationFactory,
    unit,
    user_with_role,
)
from cheber.schedule.tests import factories

BISHKEK_TZ = dt.timezone(dt.timedelta(hours=6))
TODAY = dt.date(2026, 11, 22)
YEAR = 2027


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=BISHKEK_TZ))
    return TODAY


@dataclass
class Small:
    kochkor_school: object
    at_bashy_school: object
    kochkor: list = field(default_factory=list)  # most overdue first
    at_bashy: list = field(default_factory=list)
    stationary: object = None
    online: object = None


@pytest.fixture
def small(reference, today) -> Small:
    school = OrganizationFactory(unit=unit(KOCHKOR))
    outside = OrganizationFactory(unit=unit(AT_BASHY))
    data = Small(school, outside)
    data.kochkor = [
        make_educator(school, trainings=[(dt.date(2001, 5, 20), 72)], surname="Асанова"),
        make_educator(school, trainings=[(dt.date(2015, 5, 20), 72)], surname="Токтогулова"),
    ]
    data.at_bashy = [
        make_educator(outside, trainings=[(dt.date(2009, 1, 10), 72)], surname="Жумабаева"),
    ]
    data.stationary = factories.session(
        start=dt.date(YEAR, 3, 1), budget=2, contract=0, quotas={KOCHKOR: 1}
    )
    talas = factories.provider("TLS-MC")
    data.online = factories.session(
        provider_org=talas, start=dt.date(YEAR, 4, 5), budget=1, contract=0, status="draft",
        programme=factories.programme(talas, form="online"), unit_soate=None, form="online",
    )  # fmt: skip
    return data


@pytest.fixture
def institute(db):
    return user_with_role("institute", Role.NATIONAL_INSTITUTE)


@pytest.fixture
def methodist(small):
    return user_with_role("methodist.kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))


@pytest.fixture
def english(client):
    client.cookies["cheber_language"] = "en"
    return client

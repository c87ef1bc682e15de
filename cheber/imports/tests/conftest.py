"""Fixtures of the import tests: the reference data, a school in Kochkor and one in At-Bashy,
users of each scope, files built in the test (helpers in `files`), messages in English."""

import pytest
from django.utils import translation

from cheber.core.access import Role
from cheber.registry.models import Organization
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    OrganizationFactory,
    unit,
    user_with_role,
)


@pytest.fixture(autouse=True)
def _english_and_media(settings, tmp_path, reference):
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        yield


@pytest.fixture
def english(client):
    client.cookies["cheber_language"] = "en"


@pytest.fixture
def kochkor_school():
    return OrganizationFactory(code="SCH-KOCH-1", unit=unit(KOCHKOR))


@pytest.fixture
def at_bashy_school():
    return OrganizationFactory(code="SCH-ATB-1", unit=unit(AT_BASHY))


@pytest.fixture
def methodist():
    return user_with_role("methodist.kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))


@pytest.fixture
def provider():
    return Organization.objects.get(code="OSH-IE")

"""Two districts for the API's tests: ours (Kochkor, Naryn oblast) where the methodist, the
principal and the teacher hold their roles, and theirs (Talas) whose educator carries a
PIN and surname that must never show to them."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from cheber.accounts.models import User
from cheber.api import actions
from cheber.core.access import Role
from cheber.core.tests.permission_world import TALAS_DISTRICT
from cheber.registry.models import Educator, Organization
from cheber.registry.tests.factories import (
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

THEIR_PIN, THEIR_SURNAME = "10101198500999", "Жашыруунова"
OUR_PIN = "10202198600123"


@dataclass
class Place:
    school: Organization
    their_school: Organization
    educator: Educator
    their_educator: Educator
    methodist: User
    principal: User
    teacher: User
    institute: User
    ministry: User


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()


@pytest.fixture
def place(reference) -> Place:
    school = OrganizationFactory(unit=unit(KOCHKOR), name_ky="Биздин мектеп")
    their_school = OrganizationFactory(unit=unit(TALAS_DISTRICT), name_ky="Алардын мектеби")
    educator = EducatorFactory(surname="Асанова", pin=OUR_PIN, birth_date=dt.date(1986, 2, 2))
    their = EducatorFactory(surname=THEIR_SURNAME, pin=THEIR_PIN, birth_date=dt.date(1985, 1, 1))
    employ(educator, school)
    employ(their, their_school)
    return Place(
        school=school, their_school=their_school, educator=educator, their_educator=their,
        methodist=user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)),
        principal=user_with_role("principal", Role.PRINCIPAL, organization=school),
        teacher=user_with_role("teacher", Role.TEACHER, educator=educator),
        institute=user_with_role("institute", Role.NATIONAL_INSTITUTE),
        ministry=user_with_role("ministry", Role.MINISTRY),
    )  # fmt: skip


def token_for(user, *, read_only: bool = False, **terms) -> str:
    _token, plaintext = actions.create_token(
        actor=user, name=f"{user.username}'s system", read_only=read_only, **terms
    )
    return plaintext


def bearer(token: str, **headers) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}

"""The territory a user acts in, written once: the units inside it, its organizations, and the
one unit a page fetches through it."""

import pytest
from django.http import Http404

from cheber.core.access import Role
from cheber.core.actors import SYSTEM
from cheber.registry.access import get_unit_for_user
from cheber.registry.models import AdminUnit, Organization
from cheber.registry.territory import Territory, territory_of
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    NARYN_OBLAST,
    OSH_CITY,
    OrganizationFactory,
    unit,
    user_with_role,
)

pytestmark = pytest.mark.usefixtures("reference")


def test_the_server_and_the_national_roles_act_in_the_whole_country(db):
    ministry = user_with_role("ministry", Role.MINISTRY)

    assert territory_of(SYSTEM) == Territory(national=True)
    assert territory_of(ministry).national is True
    assert territory_of(ministry).unit_ids_inside() is None


def test_an_oblast_holds_itself_and_its_districts(db):
    coordinator = user_with_role("oblast", Role.OBLAST_COORDINATOR, unit=unit(NARYN_OBLAST))
    naryn = unit(NARYN_OBLAST)
    expected = {naryn.pk} | set(AdminUnit.objects.filter(region=naryn).values_list("pk", flat=True))

    inside = territory_of(coordinator).unit_ids_inside()

    assert inside == expected
    assert unit(KOCHKOR).pk in inside and unit(OSH_CITY).pk not in inside


def test_a_district_holds_itself_and_its_organizations_only(db):
    methodist = user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    ours = OrganizationFactory(unit=unit(KOCHKOR))
    theirs = OrganizationFactory(unit=unit(AT_BASHY))
    kochkor = set(Organization.objects.filter(unit=unit(KOCHKOR)))  # with its cabinet

    territory = territory_of(methodist)

    assert territory.unit_ids_inside() == {unit(KOCHKOR).pk}
    assert set(territory.organizations()) == kochkor
    assert ours in kochkor and theirs not in kochkor
    assert list(territory.own_units()) == [unit(KOCHKOR)]
    assert territory.has_units is True


def test_a_principal_has_an_organization_and_no_units(db):
    school = OrganizationFactory(unit=unit(KOCHKOR))
    principal = user_with_role("principal", Role.PRINCIPAL, organization=school)

    territory = territory_of(principal)

    assert territory.has_units is False
    assert territory.covers(pk=school.pk, unit_id=school.unit_id, region_id=school.region_id)


def test_a_unit_outside_the_territory_is_not_found(db):
    methodist = user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))

    found = get_unit_for_user(methodist, unit(KOCHKOR).pk)

    assert found == unit(KOCHKOR)
    with pytest.raises(Http404):
        get_unit_for_user(methodist, unit(AT_BASHY).pk)

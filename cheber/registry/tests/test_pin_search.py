"""A PIN masked to a viewer is found only whole: a prefix or part of it finds nobody, in the
registry's list, its export and the admin, so that its hidden digits (the birth date) cannot
be read back one by one. Whoever may see the full PIN keeps searching by its start."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cheber.core.access import Role
from cheber.delivery.models import Enrolment
from cheber.registry.models import Leave, TrainingRecord
from cheber.registry.privacy import mask_pin
from cheber.registry.tests.factories import (
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from cheber.registry.tests.test_privacy import read_csv
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def school():
    return OrganizationFactory(unit=unit(KOCHKOR))


@pytest.fixture
def colleague(school):
    educator = EducatorFactory(surname="Жакыпова")
    employ(educator, school)
    return educator


def found(client, user, text: str) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("registry:educator_list"), {"q": text})
    return [educator.surname for educator in response.context["page"]]


def exported(client, user, text: str) -> list[str]:
    client.force_login(user)
    rows = read_csv(client.get(reverse("registry:educator_export"), {"q": text}))
    return [row[1] for row in rows[1:]]


def parts(pin: str) -> list[str]:
    """What a script would try: the first digits, all but the last, the sex digit alone."""
    return [pin[:1], pin[:3], pin[:9], pin[:-1]]


def test_a_principal_finds_a_masked_colleague_by_the_whole_pin_only(client, school, colleague):
    principal = user_with_role("principal", Role.PRINCIPAL, organization=school)

    by_part = [found(client, principal, text) for text in parts(colleague.pin)]
    exported_by_part = exported(client, principal, colleague.pin[:9])

    assert by_part == [[], [], [], []]
    assert exported_by_part == []
    assert found(client, principal, colleague.pin) == ["Жакыпова"]
    assert found(client, principal, "Жакып") == ["Жакыпова"]


def test_a_provider_finds_a_participant_by_the_whole_pin_only(client, school, colleague):
    session = factories.session()
    Enrolment.objects.create(
        session=session, educator=colleague, organization=school, unit=school.unit,
        funding=Enrolment.Funding.BUDGET, origin=Enrolment.Origin.APPLICATION,
        state=Enrolment.State.ENROLLED,
    )  # fmt: skip
    staff = user_with_role("provider", Role.PROVIDER_STAFF, organization=session.provider)

    by_part = [found(client, staff, text) for text in parts(colleague.pin)]

    assert by_part == [[], [], [], []]
    assert found(client, staff, colleague.pin) == ["Жакыпова"]


def test_the_keeper_of_the_district_searches_by_the_start_of_a_pin(client, colleague):
    methodist = user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))

    assert [found(client, methodist, text) for text in parts(colleague.pin)] == [["Жакыпова"]] * 4


def test_a_viewer_finds_their_own_pin_by_its_start(client, colleague):
    user = user_with_role("self", Role.TEACHER, educator=colleague)

    assert found(client, user, colleague.pin[:5]) == ["Жакыпова"]


@pytest.fixture
def admin_principal(client, school):
    """A principal who also has the admin's view of educators (a staff account)."""
    user = user_with_role("principal", Role.PRINCIPAL, organization=school)
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_educator"))
    client.force_login(user)
    return user


def admin_list(client, **params) -> tuple[list[str], str]:
    response = client.get(reverse("admin:registry_educator_changelist"), params)
    assert response.status_code == 200
    return [e.surname for e in response.context["cl"].result_list], response.content.decode()


def test_the_admin_masks_pins_and_searches_them_whole(client, admin_principal, colleague):
    listed, html = admin_list(client)
    by_part = [admin_list(client, q=text)[0] for text in parts(colleague.pin)]
    change = client.get(reverse("admin:registry_educator_change", args=[colleague.pk]))

    assert listed == ["Жакыпова"]
    assert mask_pin(colleague.pin) in html and colleague.pin not in html
    assert by_part == [[], [], [], []]
    assert admin_list(client, q=colleague.pin)[0] == ["Жакыпова"]
    assert colleague.pin not in change.content.decode()


def test_the_admin_does_not_sort_by_a_masked_pin(client, admin_principal, school):
    born = dt.date(1980, 1, 1)
    for surname, pin in (("Асанова", "10101198090000"), ("Иванова", "10101198010000")):
        employ(EducatorFactory(surname=surname, pin=pin, birth_date=born), school)

    ascending = admin_list(client, o="0")[0]  # the first column: the PIN
    descending = admin_list(client, o="-0")[0]

    assert ascending == descending


@pytest.mark.parametrize("model", ["employment", "trainingrecord", "leave"])
def test_the_admins_rows_of_educators_search_a_masked_pin_whole(
    client, admin_principal, colleague, model
):
    day = dt.date(2024, 3, 1)
    TrainingRecord.objects.create(
        educator=colleague, title="Семинар", provider_name="Сорос", hours=8, start_date=day,
        end_date=day, form=TrainingRecord.Form.STATIONARY,
    )  # fmt: skip
    Leave.objects.create(educator=colleague, kind=Leave.Kind.MATERNITY, start_date=day,
                         end_date=day)  # fmt: skip
    admin_principal.user_permissions.add(Permission.objects.get(codename=f"view_{model}"))
    url = reverse(f"admin:registry_{model}_changelist")

    def count(text: str) -> int:
        return client.get(url, {"q": text}).context["cl"].result_count

    assert [count(text) for text in parts(colleague.pin)] == [0, 0, 0, 0]
    assert count(colleague.pin) == 1

"""Managing users is scoped: each gives only the roles of their own territory, never a role
above their own; the user list shows only those they manage."""

import pytest
from django.core import mail
from django.urls import reverse

from cheber.accounts.models import RoleAssignment, User
from cheber.core.access import Role
from cheber.core.models import AuditEvent
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    NARYN_OBLAST,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def places():
    kochkor = OrganizationFactory(unit=unit(KOCHKOR), code="SCH-KOCHKOR")
    at_bashy = OrganizationFactory(unit=unit(AT_BASHY), code="SCH-ATBASHY")
    ours, theirs = EducatorFactory(), EducatorFactory()
    employ(ours, kochkor)
    employ(theirs, at_bashy)
    return {"kochkor": kochkor, "at_bashy": at_bashy, "ours": ours, "theirs": theirs}


@pytest.fixture
def methodist(client):
    user = user_with_role("met", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    client.force_login(user)
    client.cookies["cheber_language"] = "en"
    return user


def invite(client, **fields):
    data = {"username": "newbie", "email": "newbie@example.kg", "last_name": "Асанова",
            "first_name": "Айгүл"} | fields  # fmt: skip
    return client.post(reverse("users:user_invite"), data)


def test_a_methodist_invites_a_principal_of_their_district(
    client, methodist, places, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, role=Role.PRINCIPAL, organization="SCH-KOCHKOR")

    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert not user.has_usable_password()
    assert list(user.role_assignments.values_list("role", "organization")) == [
        (Role.PRINCIPAL, places["kochkor"].pk)
    ]
    assert AuditEvent.objects.filter(verb="invite_user", object_id=str(user.pk)).exists()
    [message] = mail.outbox
    assert message.to == ["newbie@example.kg"] and "newbie" in message.body


def test_a_methodist_may_not_invite_a_principal_of_another_district(client, methodist, places):
    response = invite(client, role=Role.PRINCIPAL, organization="SCH-ATBASHY")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "role": ["You may not give this role for this place."]
    }
    assert not User.objects.filter(username="newbie").exists()
    assert mail.outbox == []


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.NATIONAL_INSTITUTE, Role.AUDITOR,
                                  Role.OBLAST_COORDINATOR, Role.PROVIDER_STAFF])  # fmt: skip
def test_a_methodist_never_gives_a_role_above_theirs(client, methodist, role):
    response = invite(client, role=role)

    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()


def test_a_methodist_invites_a_teacher_of_their_district_only(client, methodist, places):
    refused = invite(client, role=Role.TEACHER, educator_pin=places["theirs"].pin)
    accepted = invite(client, role=Role.TEACHER, educator_pin=places["ours"].pin)

    assert refused.context["form"].errors == {
        "educator_pin": ["No educator with this PIN works in your territory."]
    }
    assert accepted.status_code == 302
    assert RoleAssignment.objects.get(user__username="newbie").educator == places["ours"]


def test_an_oblast_coordinator_invites_a_methodist_of_a_district_of_the_oblast(client):
    client.force_login(user_with_role("obl", Role.OBLAST_COORDINATOR, unit=unit(NARYN_OBLAST)))

    response = invite(client, role=Role.DISTRICT_METHODIST, unit=unit(AT_BASHY).pk)

    assert response.status_code == 302
    assert RoleAssignment.objects.get(user__username="newbie").unit == unit(AT_BASHY)


def test_bad_input_names_the_field_and_saves_nothing(client, methodist, places):
    user_with_role("taken", Role.TEACHER, educator=places["ours"])

    response = invite(client, username="taken", email="not-an-address", role=Role.PRINCIPAL,
                      organization="NO-SUCH")  # fmt: skip

    errors = response.context["form"].errors
    assert set(errors) == {"email", "organization"}
    assert User.objects.count() == 2


def test_a_taken_username_is_refused_beside_the_field(client, methodist, places):
    user_with_role("taken", Role.TEACHER, educator=places["ours"])

    response = invite(client, username="TAKEN", role=Role.PRINCIPAL, organization="SCH-KOCHKOR")

    assert response.context["form"].errors == {"username": ["This username is taken."]}


def test_the_user_list_shows_only_those_the_methodist_manages(client, methodist, places):
    user_with_role("p-ours", Role.PRINCIPAL, organization=places["kochkor"])
    user_with_role("p-theirs", Role.PRINCIPAL, organization=places["at_bashy"])
    user_with_role("boss", Role.MINISTRY)

    response = client.get(reverse("users:user_list"))

    assert [u.username for u in response.context["page"]] == ["p-ours"]


def test_a_teacher_has_no_user_pages(client, places):
    client.force_login(user_with_role("t", Role.TEACHER, educator=places["ours"]))

    assert client.get(reverse("users:user_list")).status_code == 404
    assert invite(client, role=Role.TEACHER).status_code == 404


def test_the_user_list_takes_the_same_queries_for_one_and_three(
    client, methodist, places, django_assert_max_num_queries
):
    user_with_role("p1", Role.PRINCIPAL, organization=places["kochkor"])
    client.get(reverse("users:user_list"))
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("users:user_list"))
    for n in (2, 3):
        user_with_role(f"p{n}", Role.PRINCIPAL, organization=places["kochkor"])

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("users:user_list"))
    assert len(response.context["page"]) == 3

"""Whoever changes a person's account in the administration, the person is told by e-mail,
with who did it: a new address (at the old one too, neither named to the other), a password
set for them, a role given. A new address in the registry is told the same way."""

import pytest
from django.core import mail
from django.urls import reverse

from cheber.accounts.models import RoleAssignment, User
from cheber.core.access import Role
from cheber.registry.tests.factories import (
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def administrator(client):
    admin = User.objects.create_superuser("admin", "admin@example.kg", "pw-admin",
                                          first_name="Эркин", last_name="Садыков")  # fmt: skip
    client.force_login(admin)
    return admin


@pytest.fixture
def aigul():
    return User.objects.create_user(
        "aigul", email="aigul@mail.kg", first_name="Айгүл", last_name="Жакыпова"
    )


def change_form(user: User, **changes) -> dict:
    """The admin's change form of `user` as the page sends it, with `changes`."""
    joined = user.date_joined.astimezone()
    data = {
        "username": user.username, "first_name": user.first_name,
        "last_name": user.last_name, "email": user.email, "is_active": "on",
        "date_joined_0": f"{joined:%Y-%m-%d}", "date_joined_1": f"{joined:%H:%M:%S}",
        "role_assignments-TOTAL_FORMS": "0", "role_assignments-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {k: v for k, v in (data | changes).items() if v is not None}


def by_address() -> dict[str, str]:
    return {message.to[0]: message.body for message in mail.outbox}


def test_a_new_address_is_told_at_the_old_and_the_new_one(
    client, administrator, aigul, django_capture_on_commit_callbacks
):
    url = reverse("admin:accounts_user_change", args=[aigul.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, change_form(aigul, email="someone@else.kg"))

    assert response.status_code == 302
    told = by_address()
    assert sorted(told) == ["aigul@mail.kg", "someone@else.kg"]
    assert "someone@else.kg" not in told["aigul@mail.kg"]
    assert "aigul@mail.kg" not in told["someone@else.kg"]
    assert all("Эркин Садыков (admin)" in body for body in told.values())


def test_a_password_set_by_an_administrator_is_told_to_the_owner(
    client, administrator, aigul, django_capture_on_commit_callbacks
):
    url = reverse("admin:auth_user_password_change", args=[aigul.pk])
    new = "a new pass phrase 2026"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"password1": new, "password2": new,
                                     "usable_password": "true"})  # fmt: skip

    assert response.status_code == 302
    aigul.refresh_from_db()
    assert aigul.check_password(new)
    [message] = mail.outbox
    assert message.to == ["aigul@mail.kg"]
    assert "aigul" in message.body and "Эркин Садыков (admin)" in message.body


def test_a_role_given_in_the_administration_is_told(
    client, administrator, aigul, django_capture_on_commit_callbacks
):
    school = OrganizationFactory(unit=unit(KOCHKOR), code="SCH-KOCHKOR")
    data = {"user": aigul.pk, "role": Role.PRINCIPAL, "organization": school.pk}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:accounts_roleassignment_add"), data)

    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=aigul).organization == school
    [message] = mail.outbox
    assert message.to == ["aigul@mail.kg"]
    assert "Эркин Садыков (admin)" in message.body


def test_an_address_changed_in_the_registry_is_told_at_the_old_and_the_new_one(
    client, django_capture_on_commit_callbacks
):
    school = OrganizationFactory(unit=unit(KOCHKOR))
    educator = EducatorFactory(email="aigul@mail.kg")
    employ(educator, school)
    client.force_login(user_with_role("principal", Role.PRINCIPAL, organization=school))
    url = reverse("registry:educator_edit", args=[educator.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {"email": "principal@school.kg"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302
    assert sorted(by_address()) == ["aigul@mail.kg", "principal@school.kg"]

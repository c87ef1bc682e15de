"""An invitation cannot take an account over: an educator has one account (the database holds
it), a second is refused; whoever a new account is for is told, at the address the registry
holds for them too. The form says nothing of PINs or addresses outside the inviter's
territory: a PIN elsewhere and a PIN nobody has get the same answer, an address that has an
account the same answer as one that has none; and it answers a user a limited number of times.
"""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from cheber.accounts.models import RoleAssignment, User
from cheber.core.access import Role
from cheber.core.models import AuditEvent
from cheber.registry.models import Educator
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

pytestmark = pytest.mark.usefixtures("reference")

NO_SUCH_PIN = "No educator with this PIN works in your territory."


@pytest.fixture
def school():
    return OrganizationFactory(unit=unit(KOCHKOR), code="SCH-KOCHKOR")


@pytest.fixture
def teacher(school):
    """A teacher of the school with her own account, and her own address in the registry."""
    educator = EducatorFactory(surname="Жакыпова", first_name="Айгүл", email="aigul@mail.kg")
    employ(educator, school)
    account = user_with_role("aigul", Role.TEACHER, educator=educator)
    User.objects.filter(pk=account.pk).update(email="aigul@mail.kg")
    return educator


@pytest.fixture
def principal(client, school):
    user = user_with_role("principal", Role.PRINCIPAL, organization=school)
    User.objects.filter(pk=user.pk).update(email="principal@school.kg", first_name="Бакыт",
                                           last_name="Асанов")  # fmt: skip
    client.force_login(user)
    client.cookies["cheber_language"] = "en"
    return user


def invite(client, **fields):
    data = {"username": "newbie", "email": "newbie@example.kg", "last_name": "Асанова",
            "first_name": "Айгүл", "role": Role.TEACHER} | fields  # fmt: skip
    return client.post(reverse("users:user_invite"), data)


def answer(response) -> tuple:
    """What the inviter learns: the status, the form's errors, the message after a redirect."""
    form = response.context["form"] if response.context else None
    said = [str(m) for m in get_messages(response.wsgi_request)]
    return response.status_code, dict(form.errors) if form else {}, said


def test_a_principal_cannot_invite_a_second_account_for_a_teacher_who_has_one(
    client, principal, teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, username="aigul2", email="principal.alt@school.kg",
                          educator_pin=teacher.pin)  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Жакыпова Айгүл Сагынбаевна has an account already (username aigul), and an educator "
        "has one account. They set a new password themselves, from the log-in page."
    ]
    assert not User.objects.filter(username="aigul2").exists()
    assert list(RoleAssignment.objects.filter(educator=teacher).values_list(
        "user__username", flat=True)) == ["aigul"]  # fmt: skip
    assert mail.outbox == []
    reset = client.post(reverse("account_reset_password"), {"email": "principal.alt@school.kg"})
    assert reset.status_code == 302 and mail.outbox == []


def test_the_database_holds_one_account_per_educator(teacher):
    second = User.objects.create_user("aigul.second")

    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=second, role=Role.TEACHER, educator=teacher)


def test_a_new_teachers_account_is_told_to_the_educator_at_the_registry_address(
    client, principal, school, django_capture_on_commit_callbacks
):
    educator = EducatorFactory(surname="Токтогулова", first_name="Нургүл", email="nurgul@mail.kg")
    employ(educator, school)

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, educator_pin=educator.pin)

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["newbie@example.kg", "nurgul@mail.kg"]
    [told] = [m for m in mail.outbox if m.to == ["nurgul@mail.kg"]]
    assert "Асанов" in told.body and "newbie@example.kg" in told.body and "newbie" in told.body


def test_an_address_that_has_an_account_gets_the_answer_any_address_gets(
    client, principal, teacher, school, django_capture_on_commit_callbacks
):
    free, taken = EducatorFactory(), EducatorFactory()
    employ(free, school)
    employ(taken, school)

    new = answer(invite(client, username="first", email="first@example.kg",
                        educator_pin=free.pin))  # fmt: skip
    client.get(reverse("users:user_list"))  # the message shown
    with django_capture_on_commit_callbacks(execute=True):
        again = answer(invite(client, username="second", email="AIGUL@mail.kg",
                              educator_pin=taken.pin))  # fmt: skip

    assert new[:2] == again[:2] == (302, {})
    assert [m.replace("first@example.kg", "…") for m in new[2]] == [
        m.replace("AIGUL@mail.kg", "…") for m in again[2]
    ]
    assert not User.objects.filter(username="second").exists()
    assert not RoleAssignment.objects.filter(educator=taken).exists()
    [told] = mail.outbox
    assert told.to == ["aigul@mail.kg"] and "aigul" in told.body
    assert AuditEvent.objects.filter(verb="invite_user_to_taken_address").count() == 1


@pytest.mark.parametrize("who", ["principal", "methodist"])
def test_a_pin_elsewhere_and_a_pin_nobody_has_get_the_same_answer(client, school, who):
    user = (user_with_role("p", Role.PRINCIPAL, organization=school) if who == "principal"
            else user_with_role("m", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)))  # fmt: skip
    client.force_login(user)
    client.cookies["cheber_language"] = "en"
    elsewhere = EducatorFactory()
    employ(elsewhere, OrganizationFactory(unit=unit(AT_BASHY)))
    nobodys = "21205198000124"
    assert not Educator.objects.filter(pin=nobodys).exists()

    answers = [answer(invite(client, educator_pin=pin)) for pin in (elsewhere.pin, nobodys)]

    assert answers[0] == answers[1] == (200, {"educator_pin": [NO_SUCH_PIN]}, [])


def test_the_invitation_answers_a_user_a_limited_number_of_times(
    client, principal, school, settings
):
    settings.USERS_INVITE_LIMIT = 2
    other = user_with_role("principal.2", Role.PRINCIPAL, organization=school)

    codes = [invite(client, educator_pin=f"2120519800012{n}").status_code for n in range(3)]
    client.force_login(other)
    elsewhere = invite(client, educator_pin="21205198000129")

    assert codes == [200, 200, 429]
    assert elsewhere.status_code == 200
    assert client.get(reverse("users:user_invite")).status_code == 200

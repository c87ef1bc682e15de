import pytest
from django.core import mail
from django.urls import reverse

from cheber.accounts.models import User
from cheber.accounts.tests.conftest import log_in

PASSWORD = "a long pass phrase"


@pytest.fixture
def teacher(db):
    return User.objects.create_user("teacher", email="teacher@example.kg", password=PASSWORD)


def test_five_failed_log_ins_lock_the_account_even_against_the_right_password(client, teacher):
    client.cookies["cheber_language"] = "en"
    for _ in range(5):
        assert log_in(client, "teacher", "wrong").status_code == 200

    response = log_in(client, "teacher", PASSWORD)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Too many failed login attempts. Try again later."
    ]
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_against_many_accounts_are_throttled_too(client, teacher):
    client.cookies["cheber_language"] = "en"
    for n in range(10):
        log_in(client, f"someone-{n}", "guess")

    response = log_in(client, "teacher", PASSWORD)

    assert response.context["form"].non_field_errors() == [
        "Too many failed login attempts. Try again later."
    ]
    assert "_auth_user_id" not in client.session


def test_a_few_failures_then_the_right_password_let_the_teacher_in(client, teacher):
    for _ in range(4):
        log_in(client, "teacher", "wrong")

    response = log_in(client, "teacher", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_password_reset_requests_for_one_address_are_throttled(client, teacher):
    client.cookies["cheber_language"] = "en"
    url = reverse("account_reset_password")
    for _ in range(3):
        assert client.post(url, {"email": "teacher@example.kg"}).status_code == 302

    response = client.post(url, {"email": "teacher@example.kg"})

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 3

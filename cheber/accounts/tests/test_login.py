import pytest
from django.urls import reverse

from cheber.accounts.models import Role, User
from cheber.registry.tests.factories import KOCHKOR, unit, user_with_role

pytestmark = pytest.mark.usefixtures("reference")


def test_log_in_lands_on_the_home_page_with_name_and_roles(client):
    user = user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    user.first_name, user.last_name = "Гүлнара", "Сатыбалдиева"
    user.save()

    client.cookies["cheber_language"] = "en"
    response = client.post(
        reverse("accounts:login"),
        {"username": "methodist", "password": "pw-methodist"},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("core:home"), 302)]
    page = response.content.decode()
    assert "Welcome, Гүлнара Сатыбалдиева" in page
    assert "District methodist" in page
    assert "Kochkor District" in page
    assert reverse("registry:educator_list") in page


def test_a_wrong_password_is_refused_with_a_clear_message(client):
    User.objects.create_user("teacher", password="right-password")

    client.cookies["cheber_language"] = "en"
    response = client.post(
        reverse("accounts:login"),
        {"username": "teacher", "password": "wrong"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The username or the password is wrong. Both are case-sensitive."
    ]


def test_passwords_are_hashed_with_argon2(db):
    user = User.objects.create_user("someone", password="a long pass phrase")

    assert user.password.startswith("argon2$")


def test_the_landing_page_speaks_kyrgyz_by_default_whatever_the_browser_asks(client):
    response = client.get(reverse("core:landing"), headers={"accept-language": "ru,en"})

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ky">' in page
    assert "мугалимдердин" in page.lower() or "педагогдордун" in page.lower()


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("ru", "квалификации педагогов"), ("en", "qualification improvement of pedagogues")],
)
def test_the_language_switcher_changes_the_language(client, language, phrase):
    response = client.post(
        reverse("set_language"), {"language": language, "next": "/"}, follow=True
    )

    assert f'<html lang="{language}">' in response.content.decode()
    assert phrase in response.content.decode()

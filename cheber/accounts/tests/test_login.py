import pytest
from django.urls import reverse

from cheber.accounts.models import User
from cheber.accounts.tests.conftest import log_in
from cheber.core.access import Role
from cheber.registry.tests.factories import KOCHKOR, unit, user_with_role

pytestmark = pytest.mark.usefixtures("reference")


def test_log_in_lands_on_the_home_page_with_name_and_roles(client):
    user = user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    user.first_name, user.last_name = "Гүлнара", "Сатыбалдиева"
    user.save()

    client.cookies["cheber_language"] = "en"
    response = log_in(client, "methodist", "pw-methodist", follow=True)

    assert response.redirect_chain == [(reverse("core:home"), 302)]
    page = response.content.decode()
    assert "Welcome, Гүлнара Сатыбалдиева" in page
    assert "District methodist" in page
    assert "Kochkor District" in page
    assert reverse("registry:educator_list") in page


def test_a_wrong_password_is_refused_with_a_clear_message(client):
    User.objects.create_user("teacher", password="right-password")

    client.cookies["cheber_language"] = "en"
    response = log_in(client, "teacher", "wrong")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The username or the password is wrong. Both are case-sensitive."
    ]


def test_log_in_returns_to_the_page_asked_for_but_never_to_another_site(client):
    User.objects.create_user("aigul", password="a long pass phrase")
    login_url = reverse("accounts:login")

    page = client.get(login_url + "?next=/registry/")
    back = client.post(
        login_url + "?next=/registry/", {"login": "aigul", "password": "a long pass phrase"}
    )
    client.logout()
    away = client.post(
        login_url + "?next=https://evil.example/",
        {"login": "aigul", "password": "a long pass phrase"},
    )

    assert '<input type="hidden" name="next" value="/registry/">' in page.content.decode()
    assert back["Location"] == "/registry/"
    assert away["Location"] == reverse("core:home")


def test_log_in_by_e_mail_works_too(client):
    User.objects.create_user("aigul", email="aigul@example.kg", password="a long pass phrase")

    response = log_in(client, "aigul@example.kg", "a long pass phrase")

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.session["_auth_user_id"] == str(User.objects.get(username="aigul").pk)


def test_the_log_in_page_speaks_kyrgyz_and_offers_the_password_reset(client):
    response = client.get(reverse("accounts:login"))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ky">' in page
    assert 'id="id_login"' in page and 'id="id_password"' in page
    assert reverse("account_reset_password") in page


def test_nobody_can_sign_up(client):
    client.cookies["cheber_language"] = "en"

    response = client.post(
        reverse("account_signup"),
        {"username": "intruder", "password1": "a long pass phrase", "email": "i@example.kg"},
    )

    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode()
    assert not User.objects.filter(username="intruder").exists()


def test_the_admin_log_in_page_sends_everyone_through_the_cheber_log_in(client):
    User.objects.create_superuser("root", password="a long pass phrase")

    posted = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": "root", "password": "a long pass phrase"},
    )
    opened = client.get(reverse("admin:index"), follow=True)

    assert posted.status_code == 302
    assert posted["Location"] == reverse("accounts:login") + "?next=/admin/"
    assert "_auth_user_id" not in client.session
    assert opened.redirect_chain == [
        (reverse("admin:login") + "?next=/admin/", 302),
        (reverse("accounts:login") + "?next=/admin/", 302),
    ]


@pytest.mark.parametrize("next_value", ["x", "//evil.example/", "https://evil.example/"])
def test_the_admin_log_in_page_sends_staff_only_to_a_path_of_the_site(client, next_value):
    client.force_login(User.objects.create_superuser("root", password="a long pass phrase"))

    response = client.get(reverse("admin:login"), {"next": next_value})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_logged_in_non_staff_user_is_refused_the_admin(client):
    client.force_login(User.objects.create_user("teacher"))

    response = client.get(reverse("admin:login") + "?next=/admin/")

    assert response.status_code == 403


def test_passwords_are_hashed_with_argon2(db, production_hashers):
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

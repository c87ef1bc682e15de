import re

from django.core import mail
from django.urls import reverse

from cheber.accounts.models import User
from cheber.accounts.tests.conftest import log_in


def test_a_password_reset_mails_a_link_that_sets_a_new_password(client, db, production_hashers):
    user = User.objects.create_user("aigul", email="aigul@example.kg", password="old pass phrase")
    client.cookies["cheber_language"] = "en"

    response = client.post(reverse("account_reset_password"), {"email": "aigul@example.kg"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    [message] = mail.outbox
    assert message.to == ["aigul@example.kg"]
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", message.body)[1]
    form_page = client.get(link, follow=True)
    changed = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "new pass phrase 2026", "password2": "new pass phrase 2026"},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password("new pass phrase 2026")
    assert user.password.startswith("argon2$")
    assert log_in(client, "aigul", "new pass phrase 2026").status_code == 302


def test_a_reset_for_an_unknown_address_looks_the_same_and_mails_nobody(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.kg"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert mail.outbox == []

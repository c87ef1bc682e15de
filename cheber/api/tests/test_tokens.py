import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cheber.accounts.models import RoleAssignment
from cheber.api import actions
from cheber.api.models import Token
from cheber.api.tests.conftest import bearer, token_for
from cheber.core.access import Role
from cheber.core.models import AuditEvent

EDUCATORS = "/api/v1/registry/educators"


def test_a_token_is_stored_only_as_a_digest_and_opens_the_api(client, place):
    token = token_for(place.methodist)

    stored = Token.objects.get()
    answer = client.get(EDUCATORS, **bearer(token))

    assert token.startswith("chb_p_")
    assert token not in (stored.digest, stored.key)
    assert token.split(".")[1] not in repr(Token.objects.values().get())
    assert answer.status_code == 200
    assert Token.objects.get().last_used_at is not None
    assert AuditEvent.objects.filter(verb="create_api_token").count() == 1


def test_last_used_is_written_at_most_once_a_minute(client, place):
    token = token_for(place.methodist)
    client.get(EDUCATORS, **bearer(token))
    first = Token.objects.get().last_used_at

    client.get(EDUCATORS, **bearer(token))
    again = Token.objects.get().last_used_at
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        client.get(EDUCATORS, **bearer(token))
    later = Token.objects.get().last_used_at

    assert again == first
    assert later > first


def test_a_revoked_token_opens_nothing(client, place):
    token = token_for(place.methodist)
    actions.revoke_token(actor=place.methodist, token=Token.objects.get())

    answer = client.get(EDUCATORS, **bearer(token))

    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthenticated"
    assert answer["WWW-Authenticate"] == 'Bearer realm="cheber"'


def test_an_expired_token_opens_nothing(client, place):
    token = token_for(place.methodist, expires_on=timezone.localdate() + dt.timedelta(days=1))

    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        answer = client.get(EDUCATORS, **bearer(token))

    assert answer.status_code == 401


def test_a_wrong_secret_with_a_real_key_opens_nothing(client, place):
    token = token_for(place.methodist)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    assert client.get(EDUCATORS, **bearer(forged)).status_code == 401


def test_a_read_only_token_is_refused_on_writes(client, place):
    token = token_for(place.methodist, read_only=True)
    url = f"/api/v1/registry/educators/{place.educator.pk}/leaves"
    data = {"kind": "illness", "start_date": "2026-01-10", "end_date": "2026-02-10"}

    answer = client.post(url, data, content_type="application/json", **bearer(token))

    assert answer.status_code == 403
    assert answer.json()["code"] == "read_only_token"
    assert place.educator.leaves.count() == 0


def test_only_the_owner_revokes_a_personal_token(place):
    token_for(place.methodist)

    with pytest.raises(PermissionDenied):
        actions.revoke_token(actor=place.principal, token=Token.objects.get())


def test_national_roles_make_tokens_only_after_the_second_factor(place, settings):
    settings.CHEBER_MFA_REQUIRED = True

    with pytest.raises(PermissionDenied):
        actions.create_token(actor=place.institute, name="EMIS")
    _token, plaintext = actions.create_token(
        actor=place.institute, name="EMIS", second_factor_passed=True
    )

    assert plaintext.startswith("chb_p_")


def test_the_institute_makes_a_machine_token_for_an_organization(client, place):
    _token, plaintext = actions.create_machine_token(
        actor=place.institute, organization=place.school, name="School system"
    )

    machine = Token.objects.get(kind="machine")
    role = RoleAssignment.objects.get(user=machine.user)
    answer = client.get(
        f"/api/v1/registry/educators/{place.their_educator.pk}", **bearer(plaintext)
    )

    assert plaintext.startswith("chb_m_")
    assert (role.role, role.organization) == (Role.PRINCIPAL, place.school)
    assert machine.user.has_usable_password() is False
    assert answer.status_code == 404


def test_nobody_but_the_institute_makes_machine_tokens(place):
    with pytest.raises(PermissionDenied):
        actions.create_machine_token(
            actor=place.methodist, organization=place.school, name="School system"
        )


def test_over_the_rate_the_token_gets_429_with_retry_after(client, place, settings):
    settings.CHEBER_API_RATE = (3, 60)
    token = token_for(place.methodist)

    # the window is aligned to the clock: the four requests within one minute, whatever their pace
    with time_machine.travel(dt.datetime(2026, 11, 22, 10, 0, 5, tzinfo=dt.UTC), tick=False):
        answers = [client.get(EDUCATORS, **bearer(token)) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json()["code"] == "rate_limited"
    assert 1 <= int(answers[3]["Retry-After"]) <= 60


def test_the_tokens_page_shows_the_secret_once_and_revokes(client, place):
    client.force_login(place.methodist)

    made = client.post(reverse("api:token_create"), {"name": "District system", "read_only": "on"})
    secret = made.context["secret"]
    listed = client.get(reverse("api:token_list"))
    token = Token.objects.get()
    client.post(reverse("api:token_revoke", args=[token.pk]))

    assert made.status_code == 200
    assert secret.startswith("chb_p_") and secret.encode() in made.content
    assert secret.encode() not in listed.content
    assert token.key.encode() in listed.content
    assert Token.objects.get().revoked_at is not None
    assert client.get(EDUCATORS, **bearer(secret)).status_code == 401


def test_the_institute_makes_a_machine_token_on_the_page_and_others_cannot(client, place):
    client.force_login(place.institute)

    made = client.post(reverse("api:machine_token_create"),
                       {"m-name": "EMIS", "m-organization": place.school.code})  # fmt: skip
    client.force_login(place.methodist)
    refused = client.post(reverse("api:machine_token_create"),
                          {"m-name": "EMIS", "m-organization": place.school.code})  # fmt: skip
    listed = client.get(reverse("api:token_list"))

    assert made.status_code == 200 and made.context["secret"].startswith("chb_m_")
    assert refused.status_code == 403
    assert Token.objects.filter(kind="machine").count() == 1
    assert b"EMIS" not in listed.content

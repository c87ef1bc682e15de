"""The verdict: valid, revoked (with date, reason and the replacement), invalid for an altered
row or QR, not found for anything else, and never the PIN or the workplace."""

import datetime as dt
import json
import secrets

import pytest

from cheber.certificates.actions import (
    record_external_certificate,
    reissue_certificate,
    revoke_certificate,
)
from cheber.certificates.models import Certificate
from cheber.certificates.tests.conftest import FULL_NAME, PROGRAMME_KY, SIGNER_NAME
from cheber.certificates.verification import verify
from cheber.registry.tests.factories import scan

pytestmark = pytest.mark.usefixtures("reference", "today")

EXPECTED_KEYS = {
    "number", "full_name", "programme_title_ky", "programme_title_ru", "hours", "start_date",
    "end_date", "form", "provider_name_ky", "provider_name_ru", "signer_name",
    "signer_position", "issue_date", "key_id",
}  # fmt: skip


def test_valid_certificate_shows_the_data_as_issued(certificate):
    verdict = verify(certificate.number, certificate.token)

    assert verdict.status == "valid" and verdict.is_valid
    assert verdict.certificate == certificate
    assert set(verdict.data) == EXPECTED_KEYS
    assert verdict.data["full_name"] == FULL_NAME
    assert verdict.data["programme_title_ky"] == PROGRAMME_KY
    assert verdict.data["signer_name"] == SIGNER_NAME
    assert verdict.data["hours"] == 72
    assert verdict.data["issue_date"] == "2026-11-22"
    answer = verdict.as_json()
    assert answer["status"] == "valid"
    assert answer["signature"] == certificate.signature
    assert "token" not in answer["certificate"]


def test_verdict_never_carries_the_pin_or_the_workplace(certificate):
    educator = certificate.educator
    workplace = educator.employments.get().organization

    text = json.dumps(verify(certificate.number, certificate.token).as_json(), ensure_ascii=False)

    assert educator.pin not in text
    assert workplace.name_ky not in text and workplace.name_ru not in text
    assert workplace.code not in text


def test_qr_signature_and_key_id_that_match_are_valid(certificate):
    verdict = verify(
        certificate.number, certificate.token,
        signature=certificate.signature, key_id=certificate.signing_key.key_id,
    )  # fmt: skip

    assert verdict.status == "valid"


def test_whitespace_around_the_input_is_ignored(certificate):
    assert verify(f" {certificate.number}\n", f"{certificate.token} ").status == "valid"


@pytest.mark.parametrize(
    "field, value",
    [
        ("full_name", "Асанова Айгүл Сагынбаевна"),
        ("programme_title_ky", "Башка программа"),
        ("programme_title_ru", "Другая программа"),
        ("hours", 144),
        ("start_date", dt.date(2026, 9, 1)),
        ("end_date", dt.date(2026, 10, 30)),
        ("form", "online"),
        ("provider_name_ky", "Башка институт"),
        ("provider_name_ru", "Другой институт"),
        ("signer_name", "Башка адам"),
        ("signer_position", "Проректор"),
        ("issue_date", dt.date(2025, 1, 1)),
        ("signature", "A" * 86),
    ],
)
def test_a_row_altered_in_the_database_is_invalid(certificate, field, value):
    Certificate.objects.filter(pk=certificate.pk).update(**{field: value})

    verdict = verify(certificate.number, certificate.token)

    assert verdict.status == "invalid"
    assert verdict.as_json() == {"status": "invalid"}


def test_an_altered_number_is_invalid(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(number="OSH-IE-2026-000099")

    assert verify("OSH-IE-2026-000099", certificate.token).status == "invalid"


def test_a_certificate_signed_with_another_key_is_invalid(certificate, other_provider):
    from cheber.certificates.signing import active_key

    Certificate.objects.filter(pk=certificate.pk).update(signing_key=active_key(other_provider))

    assert verify(certificate.number, certificate.token).status == "invalid"


@pytest.mark.parametrize("kind", ["signature", "key_id"])
def test_a_qr_with_an_edited_signature_or_key_is_invalid(certificate, kind):
    signature = certificate.signature
    # One character changed, always to a different one (a fixed "AA" could equal the original).
    flipped = "B" if signature[10] == "A" else "A"
    edited = {"signature": signature[:10] + flipped + signature[11:], "key_id": "0123456789abcdef"}

    verdict = verify(certificate.number, certificate.token, **{kind: edited[kind]})

    assert verdict.status == "invalid"


def test_revoked_certificate_shows_revoked_with_date_and_reason(certificate, provider_user):
    revoke_certificate(actor=provider_user, certificate=certificate, reason="Жалган маалымат")

    verdict = verify(certificate.number, certificate.token)

    assert verdict.status == "revoked"
    assert verdict.revoked_at.date() == dt.date(2026, 11, 22)
    assert verdict.reason == "Жалган маалымат"
    assert verdict.replaced_by_number == ""
    answer = verdict.as_json()
    assert (answer["status"], answer["reason"], answer["replaced_by"]) == (
        "revoked",
        "Жалган маалымат",
        None,
    )
    assert answer["revoked_at"].startswith("2026-11-22")
    assert answer["certificate"]["full_name"] == FULL_NAME


def test_reissued_certificate_points_to_the_new_number(certificate, provider_user):
    new = reissue_certificate(actor=provider_user, certificate=certificate, reason="Ката")

    old_verdict = verify(certificate.number, certificate.token)

    assert old_verdict.status == "revoked"
    assert old_verdict.replaced_by_number == new.number == "OSH-IE-2026-000002"
    assert old_verdict.as_json()["replaced_by"] == "OSH-IE-2026-000002"
    assert verify(new.number, new.token).status == "valid"


def test_wrong_token_says_not_found_and_nothing_else(certificate):
    verdict = verify(certificate.number, secrets.token_urlsafe(32))

    assert verdict.status == "not_found"
    assert verdict.certificate is None and verdict.data == {}
    assert verdict.as_json() == {"status": "not_found"}


@pytest.mark.parametrize(
    "number, token",
    [("", "x"), ("x", ""), ("OSH-IE-2026-000001", "t" * 500), ("%", "%"), (None, None)],
)
def test_malformed_input_says_not_found(certificate, number, token):
    assert verify(number, token).status == "not_found"


def test_ten_thousand_random_tokens_and_numbers_find_nothing(certificate):
    found = [verify(certificate.number, secrets.token_urlsafe(32)).status for _ in range(5_000)] + [
        verify(f"OSH-IE-2026-{secrets.randbelow(10**6):06d}", secrets.token_urlsafe(32)).status
        for _ in range(5_000)
    ]

    assert set(found) == {"not_found"}


def test_external_certificates_are_not_publicly_verifiable(completed_enrolment, teacher_user):
    cert = record_external_certificate(
        actor=teacher_user, educator=completed_enrolment.educator, number="К-17",
        title="Эски курс", provider_name="КАО", hours=72, start_date=dt.date(2015, 1, 5),
        end_date=dt.date(2015, 1, 20), form="stationary", kind="qualification",
        issue_date=dt.date(2015, 1, 20), document=scan(),
    )  # fmt: skip

    assert verify(cert.number, "").status == "not_found"
    assert verify(cert.number, "anything").status == "not_found"

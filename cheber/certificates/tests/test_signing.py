"""Signatures: the canonical payload, signing and checking, keys at rest, rotation, the
published keys."""

import datetime as dt
import json

import pytest
from cryptography.fernet import Fernet, InvalidToken

from cheber.certificates import signing
from cheber.certificates.actions import issue_certificate, rotate_signing_key
from cheber.certificates.models import SigningKey
from cheber.certificates.signing import (
    PAYLOAD_FIELDS,
    active_key,
    canonical_payload,
    public_keys_document,
    sign,
    verify_signature,
)
from cheber.certificates.tests.conftest import complete
from cheber.certificates.verification import verify
from cheber.core.actors import SYSTEM

pytestmark = pytest.mark.usefixtures("reference")


def test_canonical_payload_is_sorted_compact_utf8_json(certificate):
    payload = canonical_payload(certificate)

    data = json.loads(payload.decode("utf-8"))
    assert list(data) == sorted(PAYLOAD_FIELDS)
    assert payload == json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")
    assert "Өмүрбекова Жаңыл".encode() in payload  # not \\u-escaped
    assert data["hours"] == 72
    assert data["start_date"] == "2026-10-01"
    assert data["end_date"] == "2026-10-12"
    assert data["issue_date"] == "2026-11-22"
    assert data["number"] == "OSH-IE-2026-000001"
    assert data["key_id"] == certificate.signing_key.key_id


def test_signed_certificate_verifies_with_the_public_key(certificate):
    key = certificate.signing_key

    assert verify_signature(canonical_payload(certificate), certificate.signature, key.public_key)
    assert sign(canonical_payload(certificate), key) == certificate.signature  # deterministic


@pytest.mark.parametrize("name", sorted(PAYLOAD_FIELDS))
def test_every_altered_field_fails_the_signature(certificate, name):
    original = json.loads(canonical_payload(certificate))
    altered = dict(original)
    altered[name] = original[name] + 1 if name == "hours" else original[name] + "x"
    payload = json.dumps(altered, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    assert not verify_signature(
        payload.encode(), certificate.signature, certificate.signing_key.public_key
    )


@pytest.mark.parametrize(
    "signature",
    ["", "not base64!", "AAAA", "A" * 86, "€", None],
)
def test_malformed_signatures_are_rejected_without_error(certificate, signature):
    payload = canonical_payload(certificate)

    assert not verify_signature(payload, signature or "", certificate.signing_key.public_key)


def test_another_providers_key_does_not_verify(certificate, other_provider):
    other = active_key(other_provider)

    assert not verify_signature(
        canonical_payload(certificate), certificate.signature, other.public_key
    )


def test_private_key_is_stored_encrypted(provider, settings, monkeypatch):
    key = active_key(provider)
    stored = bytes(SigningKey.objects.get(pk=key.pk).private_key)

    assert len(stored) > 32  # not the raw 32-byte key
    assert Fernet(signing.key_encryption_key()).decrypt(stored)
    monkeypatch.setenv("CHEBER_KEY_ENCRYPTION_KEY", Fernet.generate_key().decode())
    signing._private_key.cache_clear()
    with pytest.raises(InvalidToken):  # another key-encryption key cannot read it
        signing.private_key_of(key)
    signing._private_key.cache_clear()


def test_key_encryption_key_file_is_made_once_with_mode_0600(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("CHEBER_KEY_ENCRYPTION_KEY", raising=False)
    settings.VAR_DIR = tmp_path

    first = signing.key_encryption_key()

    assert (tmp_path / "key_encryption_key").stat().st_mode & 0o777 == 0o600
    assert signing.key_encryption_key() == first


def test_active_key_is_made_once(provider):
    assert active_key(provider) == active_key(provider)
    assert SigningKey.objects.filter(provider=provider).count() == 1


def test_rotation_keeps_old_certificates_valid(certificate, provider, provider_user, today):
    old_key = certificate.signing_key

    new_key = rotate_signing_key(actor=provider_user, provider=provider)
    later = issue_certificate(
        actor=provider_user, enrolment=complete(certificate.enrolment.session)
    )

    old_key.refresh_from_db()
    assert old_key.retired_at is not None
    assert new_key.retired_at is None and new_key.key_id != old_key.key_id
    assert (new_key.signer_name, new_key.signer_position) == (
        old_key.signer_name,
        old_key.signer_position,
    )
    assert later.signing_key == new_key
    assert verify(certificate.number, certificate.token).status == "valid"
    assert verify(later.number, later.token).status == "valid"


def test_rotation_by_another_providers_staff_is_refused(provider, other_provider_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        rotate_signing_key(actor=other_provider_user, provider=provider)
    assert not SigningKey.objects.exists()


def test_public_keys_document_lists_active_and_retired_keys(certificate, provider, provider_user):
    old = certificate.signing_key
    new = rotate_signing_key(actor=provider_user, provider=provider)

    document = public_keys_document()

    assert document["algorithm"] == "Ed25519"
    assert document["payload"]["fields"] == sorted(PAYLOAD_FIELDS)
    keys = {k["key_id"]: k for k in document["keys"]}
    assert set(keys) == {old.key_id, new.key_id}
    assert keys[old.key_id]["retired"] is not None
    assert keys[new.key_id]["retired"] is None
    assert keys[old.key_id]["provider"] == "OSH-IE"
    assert keys[old.key_id]["public_key"] == old.public_key
    assert "private" not in json.dumps(document).lower().replace("private keys", "")
    json.dumps(document)  # serialisable as is


def test_offline_check_from_published_data(certificate):
    """A verifier holding only the page's data, the QR signature and the published key can
    check the certificate."""
    from cheber.certificates.verification import verify as check

    verdict = check(certificate.number, certificate.token).as_json()
    data = dict(verdict["certificate"], token=certificate.token)
    key = next(k for k in public_keys_document()["keys"] if k["key_id"] == data["key_id"])
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    assert verify_signature(payload.encode(), verdict["signature"], key["public_key"])
    assert dt.date.fromisoformat(data["issue_date"]) == dt.date(2026, 11, 22)


def test_admin_shows_keys_and_certificates_read_only_without_secrets(client, certificate):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="pw-root")
    client.force_login(admin)
    key = certificate.signing_key

    key_page = client.get(f"/admin/certificates/signingkey/{key.pk}/change/")
    cert_page = client.get(f"/admin/certificates/certificate/{certificate.pk}/change/")
    lists = [
        client.get(f"/admin/certificates/{m}/")
        for m in ("signingkey", "certificate", "certificatesequence")
    ]

    assert key_page.status_code == cert_page.status_code == 200
    assert [page.status_code for page in lists] == [200, 200, 200]
    assert key.public_key in key_page.text
    encrypted = bytes(key.private_key)
    assert encrypted.decode("ascii") not in key_page.text
    assert "private" not in key_page.text.lower()
    assert certificate.token not in cert_page.text
    assert client.get("/admin/certificates/certificate/add/").status_code == 403


def test_the_key_encryption_key_changes_with_no_moment_when_nothing_can_sign(
    provider, other_provider, monkeypatch
):
    """The new key in force, the former still readable; the command encrypts every private
    key (retired ones too) with the new one, after which the former is not needed."""
    from io import StringIO

    from django.core.management import call_command

    from cheber.core.models import AuditEvent

    former, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("CHEBER_KEY_ENCRYPTION_KEY", former)
    retired = rotate_signing_key(actor=SYSTEM, provider=provider)
    rotate_signing_key(actor=SYSTEM, provider=provider)
    keys = [retired, active_key(provider), active_key(other_provider)]
    signing._private_key.cache_clear()
    monkeypatch.setenv("CHEBER_KEY_ENCRYPTION_KEY", new)
    monkeypatch.setenv("CHEBER_PREVIOUS_KEY_ENCRYPTION_KEYS", f" {former} ,")

    # meanwhile, every key can still sign
    before = {key.pk: signing.private_key_of(key).public_key().public_bytes_raw() for key in keys}
    out = StringIO()
    call_command("reencrypt_signing_keys", stdout=out)
    signing._private_key.cache_clear()
    monkeypatch.delenv("CHEBER_PREVIOUS_KEY_ENCRYPTION_KEYS")

    stored = [bytes(key.private_key) for key in SigningKey.objects.order_by("pk")]
    assert len(stored) >= 3 and all(Fernet(new).decrypt(token) for token in stored)
    for token in stored:
        with pytest.raises(InvalidToken):
            Fernet(former).decrypt(token)
    after = {key.pk: signing.private_key_of(SigningKey.objects.get(pk=key.pk)) for key in keys}
    # the same private keys, now under the new key-encryption key
    assert {pk: key.public_key().public_bytes_raw() for pk, key in after.items()} == before
    assert out.getvalue().startswith(f"{len(stored)} signing keys")
    assert AuditEvent.objects.filter(verb="reencrypt_signing_key").count() == len(stored)
    signing._private_key.cache_clear()


def test_only_the_servers_operator_encrypts_the_keys_again(provider):
    from django.core.exceptions import PermissionDenied

    from cheber.accounts.models import User
    from cheber.certificates.actions import reencrypt_signing_keys

    with pytest.raises(PermissionDenied):
        reencrypt_signing_keys(actor=User.objects.create_superuser("root", password="pw-root"))

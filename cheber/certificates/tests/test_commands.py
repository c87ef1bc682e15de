"""`cheber verify_certificate`, `cheber rotate_signing_key`, `cheber seed_certificates`."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cheber.certificates.actions import revoke_certificate
from cheber.certificates.models import Certificate, SigningKey
from cheber.certificates.tests.conftest import FULL_NAME, complete
from cheber.certificates.verification import verify

pytestmark = pytest.mark.usefixtures("reference", "today")


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def verdict(number: str, token: str, *options: str) -> dict:
    # A token or signature may begin with a dash: options as --name=value, positionals after --.
    return json.loads(run("verify_certificate", *options, "--", number, token))


def test_verify_command_prints_valid_with_the_data(certificate):
    answer = verdict(certificate.number, certificate.token)

    assert answer["status"] == "valid"
    assert answer["certificate"]["number"] == "OSH-IE-2026-000001"
    assert answer["certificate"]["full_name"] == FULL_NAME
    assert answer["signature"] == certificate.signature
    assert answer == verify(certificate.number, certificate.token).as_json()


def test_verify_command_prints_kyrgyz_letters_unescaped(certificate):
    output = run("verify_certificate", "--", certificate.number, certificate.token)

    assert "Өмүрбекова Жаңыл" in output


def test_verify_command_prints_revoked_with_date_and_reason(certificate, provider_user):
    revoke_certificate(actor=provider_user, certificate=certificate, reason="Ката табылды")

    answer = verdict(certificate.number, certificate.token)

    assert (answer["status"], answer["reason"]) == ("revoked", "Ката табылды")
    assert answer["revoked_at"].startswith("2026-11-22")


def test_verify_command_prints_not_found_and_nothing_else(certificate):
    assert verdict(certificate.number, "wrong-token") == {"status": "not_found"}
    assert verdict("OSH-IE-2026-999999", certificate.token) == {"status": "not_found"}


def test_verify_command_prints_invalid_for_an_altered_row(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(hours=720)

    assert verdict(certificate.number, certificate.token) == {"status": "invalid"}


def test_verify_command_checks_a_qr_signature(certificate):
    good = [f"--signature={certificate.signature}", f"--key-id={certificate.signing_key.key_id}"]
    bad = ["--signature=" + "A" * 86]

    assert verdict(certificate.number, certificate.token, *good)["status"] == "valid"
    assert verdict(certificate.number, certificate.token, *bad) == {"status": "invalid"}


def test_rotate_command_retires_the_key_and_old_certificates_still_verify(certificate):
    old = certificate.signing_key

    output = run("rotate_signing_key", "OSH-IE")

    new = SigningKey.objects.get(provider=certificate.provider, retired_at=None)
    assert output.strip() == f"OSH-IE: new key {new.key_id}"
    assert new != old
    assert verify(certificate.number, certificate.token).status == "valid"


@pytest.mark.parametrize("code", ["NO-SUCH", "SCH-T00001"])
def test_rotate_command_refuses_what_is_not_a_provider(code):
    with pytest.raises(CommandError, match="No provider"):
        run("rotate_signing_key", code)


def test_seed_certificates_issues_for_every_completed_enrolment(
    finished_session, completed_enrolment
):
    others = [complete(finished_session) for _ in range(4)]

    output = run("seed_certificates", "--if-empty")

    assert output.startswith("Issued 5 certificates in ")
    certs = Certificate.objects.order_by("sequence")
    assert [c.number for c in certs] == [f"OSH-IE-2026-{n:06d}" for n in range(1, 6)]
    assert {c.enrolment for c in certs} == {completed_enrolment, *others}
    assert {c.issue_date for c in certs} == {dt.date(2026, 10, 12)}  # the session's end
    assert all(c.signer_name and c.signer_position == "Директор" for c in certs)
    assert {verify(c.number, c.token).status for c in certs} == {"valid"}


def test_seed_certificates_if_empty_does_nothing_the_second_time(completed_enrolment):
    run("seed_certificates", "--if-empty")
    complete(completed_enrolment.session)

    output = run("seed_certificates", "--if-empty")

    assert output.strip() == "Certificates exist already (1): none seeded."
    assert Certificate.objects.count() == 1
    assert run("seed_certificates").startswith("Issued 1 certificates")
    assert Certificate.objects.count() == 2


def test_seed_certificates_numbers_each_year_in_the_order_sessions_ended(
    provider, finished_session
):
    from cheber.schedule.tests import factories

    earlier = factories.session(provider_org=provider, start=dt.date(2025, 5, 5))
    later_2025 = factories.session(provider_org=provider, start=dt.date(2025, 11, 3))
    done = [complete(later_2025), complete(earlier), complete(finished_session)]

    run("seed_certificates")

    numbers = {e.pk: Certificate.objects.get(enrolment=e).number for e in done}
    assert numbers == {
        done[1].pk: "OSH-IE-2025-000001",
        done[0].pk: "OSH-IE-2025-000002",
        done[2].pk: "OSH-IE-2026-000001",
    }
    assert Certificate.objects.get(enrolment=done[1]).issue_date == dt.date(2025, 5, 16)

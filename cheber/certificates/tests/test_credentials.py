"""Certificates as Open Badges 3.0 credentials: the signed JWT and its JSON for the holder and
those who see the certificate, the published keys (JWK set, DID documents) and the revocation
status list. Every signature is checked with joserfc, an independent JOSE library, and the
key a verifier would fetch from Cheber's public addresses."""

import base64
import datetime as dt
import gzip
import json
from urllib.parse import unquote, urlsplit

import pytest
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet, OKPKey

from cheber.certificates.actions import (
    issue_certificate,
    record_external_certificate,
    revoke_certificate,
    rotate_signing_key,
)
from cheber.certificates.tests.conftest import (
    FULL_NAME,
    PROGRAMME_KY,
    PROGRAMME_RU,
    complete,
)
from cheber.core.access import Role
from cheber.registry.models import TrainingRecord
from cheber.registry.tests.factories import OSH_CITY, EducatorFactory, user_with_role
from cheber.schedule.tests import factories

pytestmark = [
    pytest.mark.usefixtures("today", "english"),
    # RFC 9864 deprecates the polymorphic "EdDSA" for "Ed25519"; Cheber signs with "EdDSA"
    # while most verifiers know only it (docs/credentials.md), and so checks it here.
    pytest.mark.filterwarnings("ignore:EdDSA is deprecated via RFC 9864"),
]
ISSUER = "did:web:cheber.edu.kg:certificates:issuers:OSH-IE"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@pytest.fixture(autouse=True)
def public_url(settings):
    """Cheber's public address, which names the DIDs (the test client's host does not)."""
    settings.PUBLIC_URL = "https://cheber.edu.kg"


def jwt_url(certificate) -> str:
    return reverse("certificates:certificate_credential", args=[certificate.pk])


def json_url(certificate) -> str:
    return reverse("certificates:certificate_credential_json", args=[certificate.pk])


def download(client, user, certificate):
    client.force_login(user)
    return client.get(jwt_url(certificate))


def published_keys(client) -> KeySet:
    """The JWK set exactly as a verifier fetches it (no log-in)."""
    client.logout()
    return KeySet.import_key_set(client.get(reverse("certificates:jwks")).json())


def verified(client, token: str) -> dict:
    return jwt.decode(token, published_keys(client), algorithms=["EdDSA"]).claims


def did_web_path(did: str) -> str:
    """The address did:web resolves a DID to (the method's rule), as a path of this site."""
    segments = [unquote(part) for part in did.removeprefix("did:web:").split(":")]
    return (
        "/" + "/".join(segments[1:]) + "/did.json" if len(segments) > 1 else "/.well-known/did.json"
    )


def bit(encoded_list: str, index: int) -> int:
    assert encoded_list.startswith("u")  # multibase base64url
    data = encoded_list[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    assert len(bits) * 8 == 131_072
    return (bits[index // 8] >> (7 - index % 8)) & 1


# Who may download ----------------------------------------------------------------------------


def test_holder_downloads_the_credential_as_a_vc_jwt(client, teacher_user, certificate):
    response = download(client, teacher_user, certificate)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{certificate.number.replace("/", "-")}.jwt"'
    )
    header = json.loads(base64.urlsafe_b64decode(response.content.split(b".")[0] + b"=="))
    assert header == {
        "alg": "EdDSA", "typ": "vc+jwt",
        "kid": f"{ISSUER}#{certificate.signing_key.key_id}",
    }  # fmt: skip


@pytest.mark.parametrize("staff", ["provider_user", "institute_user"])
def test_staff_who_see_the_certificate_download_it(client, request, staff, certificate):
    user = request.getfixturevalue(staff)

    response = download(client, user, certificate)

    assert response.status_code == 200
    assert (
        verified(client, response.content.decode())["credentialSubject"]["identifier"][0][
            "identityHash"
        ]
        == FULL_NAME
    )


@pytest.mark.parametrize("url", [jwt_url, json_url])
def test_out_of_scope_is_not_found(client, other_provider_user, certificate, url):
    other_teacher = user_with_role("other.teacher", Role.TEACHER, educator=EducatorFactory())

    answers = []
    for user in (other_provider_user, other_teacher):
        client.force_login(user)
        answers.append(client.get(url(certificate)).status_code)

    assert answers == [404, 404]


def test_anonymous_is_sent_to_log_in(client, certificate):
    response = client.get(jwt_url(certificate))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_external_certificate_has_no_credential(
    client, teacher_user, institute_user, completed_enrolment
):
    external = record_external_certificate(
        actor=institute_user, educator=completed_enrolment.educator, number="№ 1234",
        title="Инклюзивдик билим берүү", provider_name="Бишкек гуманитардык университети",
        hours=36, start_date=dt.date(2024, 3, 4), end_date=dt.date(2024, 3, 9),
        form=TrainingRecord.Form.SEMINAR, kind=TrainingRecord.Kind.SEMINAR,
        issue_date=dt.date(2024, 3, 9),
    )  # fmt: skip

    client.force_login(teacher_user)

    assert client.get(jwt_url(external)).status_code == 404
    assert client.get(json_url(external)).status_code == 404


def test_the_certificate_page_links_both_forms(client, teacher_user, certificate):
    client.force_login(teacher_user)

    page = client.get(reverse("certificates:certificate_detail", args=[certificate.pk])).content

    assert f'href="{jwt_url(certificate)}" download'.encode() in page
    assert f'href="{json_url(certificate)}"'.encode() in page


# What the credential says --------------------------------------------------------------------


def test_the_credential_is_an_open_badge_of_the_certificate(client, teacher_user, certificate):
    token = download(client, teacher_user, certificate).content.decode()

    claims = verified(client, token)

    issuer = ISSUER
    assert claims["@context"] == [VC_CONTEXT, OB_CONTEXT]
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["issuer"]["id"] == claims["iss"] == issuer
    assert claims["issuer"]["type"] == ["Profile"]
    assert claims["validFrom"] == "2026-11-22T00:00:00+06:00"
    assert claims["nbf"] == 1795284000  # the same instant
    assert claims["jti"] == claims["id"]
    assert claims["id"].startswith("https://cheber.edu.kg/certificates/verify/?n=")
    subject = claims["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["id"] == claims["sub"]
    assert subject["id"].startswith("urn:uuid:")
    assert subject["creditsEarned"] == certificate.hours
    assert subject["activityStartDate"] == "2026-10-01T00:00:00+06:00"
    achievement = subject["achievement"]
    assert achievement["name"] == PROGRAMME_KY
    assert f"«{PROGRAMME_RU}»" in achievement["description"]
    assert achievement["creditsAvailable"] == certificate.hours
    assert achievement["criteria"]["narrative"].startswith(certificate.provider_name_ky)


def test_the_credential_names_the_educator_but_never_their_pin(client, teacher_user, certificate):
    pin = certificate.educator.pin
    token = download(client, teacher_user, certificate).content.decode()
    readable = client.get(json_url(certificate)).content.decode()

    payload = json.dumps(verified(client, token), ensure_ascii=False)

    assert len(pin) == 14
    assert pin not in payload
    assert pin not in readable
    assert FULL_NAME in payload  # ң, ө, ү intact
    assert FULL_NAME in readable


def test_the_json_is_the_same_credential_unsigned(client, teacher_user, certificate):
    token = download(client, teacher_user, certificate).content.decode()

    response = client.get(json_url(certificate))

    claims = verified(client, token)
    for name in ("iss", "sub", "jti", "nbf"):
        del claims[name]
    assert response["Content-Type"] == "application/json"
    assert response.json() == claims


def test_the_same_educator_is_the_same_subject_on_every_credential(
    client, teacher_user, certificate, finished_session, provider_user
):
    session = factories.session(
        provider_org=finished_session.provider, start=dt.date(2026, 9, 1), unit_soate=OSH_CITY
    )
    second = issue_certificate(
        actor=provider_user, enrolment=complete(session, certificate.educator)
    )
    client.force_login(teacher_user)

    ids = [client.get(json_url(c)).json()["credentialSubject"]["id"] for c in (certificate, second)]

    assert ids[0] == ids[1]


# Verifying -----------------------------------------------------------------------------------


def _altered(token: str, part: int) -> str:
    """The token with one character of `part` (0 header, 1 payload, 2 signature) changed."""
    parts = token.split(".")
    middle = len(parts[part]) // 2
    char = parts[part][middle]
    parts[part] = parts[part][:middle] + ("B" if char == "A" else "A") + parts[part][middle + 1 :]
    return ".".join(parts)


@pytest.mark.parametrize("part", [1, 2])
def test_a_credential_altered_by_one_character_fails(client, teacher_user, certificate, part):
    token = download(client, teacher_user, certificate).content.decode()
    keys = published_keys(client)

    with pytest.raises(BadSignatureError):
        jwt.decode(_altered(token, part), keys, algorithms=["EdDSA"])


def test_the_key_is_found_through_the_issuers_did_document(client, teacher_user, certificate):
    token = download(client, teacher_user, certificate).content.decode()
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    did, _, fragment = header["kid"].partition("#")
    client.logout()

    document = client.get(did_web_path(did)).json()

    assert document["id"] == did
    method = next(m for m in document["verificationMethod"] if m["id"] == header["kid"])
    assert fragment == certificate.signing_key.key_id
    assert method["type"] == "JsonWebKey"
    assert method["controller"] == did
    assert header["kid"] in document["assertionMethod"]
    key = OKPKey.import_key(method["publicKeyJwk"])
    claims = jwt.decode(token, key, algorithms=["EdDSA"]).claims
    assert claims["issuer"]["id"] == did


def test_the_hosts_did_document_lists_every_providers_key(client, certificate):
    response = client.get("/.well-known/did.json")

    document = response.json()
    assert document["@context"] == ["https://www.w3.org/ns/did/v1", "https://www.w3.org/ns/cid/v1"]
    assert document["id"] == "did:web:cheber.edu.kg"
    assert [m["publicKeyJwk"]["x"] for m in document["verificationMethod"]] == [
        certificate.signing_key.public_key
    ]
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_jwks_is_public_and_cached(client, certificate):
    response = client.get(reverse("certificates:jwks"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"
    key = certificate.signing_key
    assert response.json() == {
        "keys": [
            {
                "kty": "OKP", "crv": "Ed25519", "x": key.public_key, "alg": "EdDSA",
                "use": "sig",
                "kid": f"{ISSUER}#{key.key_id}",
            }
        ]
    }  # fmt: skip


def test_a_port_in_the_public_address_is_percent_encoded_in_the_did(client, settings, certificate):
    settings.PUBLIC_URL = "http://127.0.0.1:8000"

    document = client.get(reverse("certificates:issuer_did", args=["OSH-IE"])).json()

    assert document["id"] == "did:web:127.0.0.1%3A8000:certificates:issuers:OSH-IE"
    assert did_web_path(document["id"]) == "/certificates/issuers/OSH-IE/did.json"


def test_an_unknown_issuer_is_not_found(client, certificate):
    paths = [
        reverse("certificates:issuer_did", args=["NO-SUCH"]),
        reverse("certificates:status_list", args=["NO-SUCH", 0]),
        reverse("certificates:status_list", args=["OSH-IE", 10**20]),
    ]

    assert [client.get(path).status_code for path in paths] == [404, 404, 404]


# Revocation ----------------------------------------------------------------------------------


def status_of(client, token: str) -> int:
    """What a verifier reads: the credential's bit in its signed status list."""
    entry = verified(client, token)["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    response = client.get(urlsplit(entry["statusListCredential"]).path)
    assert response["Content-Type"] == "application/vc+jwt"
    status_list = jwt.decode(response.content, published_keys(client), algorithms=["EdDSA"])
    subject = status_list.claims["credentialSubject"]
    assert status_list.claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_list.claims["issuer"] == verified(client, token)["issuer"]["id"]
    assert subject["statusPurpose"] == "revocation"
    return bit(subject["encodedList"], int(entry["statusListIndex"]))


def test_a_revoked_certificate_shows_revoked_in_the_status_list(
    client, teacher_user, provider_user, certificate, finished_session
):
    other = complete(finished_session, first_name="Айгүл")
    kept = issue_certificate(actor=provider_user, enrolment=other)
    token = download(client, teacher_user, certificate).content.decode()
    client.force_login(provider_user)
    kept_token = client.get(jwt_url(kept)).content.decode()
    before = status_of(client, token)

    revoke_certificate(actor=provider_user, certificate=certificate, reason="Ката маалымат.")

    assert before == 0
    assert status_of(client, token) == 1
    assert status_of(client, kept_token) == 0


def test_a_credential_still_verifies_after_the_key_is_rotated(
    client, teacher_user, provider_user, certificate
):
    old_token = download(client, teacher_user, certificate).content.decode()

    new_key = rotate_signing_key(actor=provider_user, provider=certificate.provider)

    new_token = download(client, teacher_user, certificate).content.decode()
    assert verified(client, old_token)["id"] == verified(client, new_token)["id"]
    header = json.loads(base64.urlsafe_b64decode(new_token.split(".")[0] + "=="))
    assert header["kid"] == f"{ISSUER}#{new_key.key_id}"
    assert new_key.key_id != certificate.signing_key.key_id

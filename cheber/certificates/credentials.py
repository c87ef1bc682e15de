"""Certificates as portable credentials: Open Badges 3.0 (`OpenBadgeCredential`, on the W3C
Verifiable Credentials Data Model 2.0), secured as VC-JOSE JWTs (`application/vc+jwt`: the
JWS payload *is* the credential, no `vc` wrapper) with the provider's Ed25519 key; the
issuers' public keys as DID documents (did:web) and a JWK set; revocation as a W3C Bitstring
Status List. The format, and how to verify a credential, is described in docs/credentials.md.

Every value of a credential is the certificate as issued (its signed snapshot), never the
educator's current registry data; the PIN is never in it.

Why EdDSA although Open Badges 3.0 names RS256 as the minimum a JWT verifier supports: the
providers' keys are Ed25519 (they sign the paper certificates' QR codes), VC-JOSE-COSE allows
any registered JWS algorithm, and one key per provider keeps rotation and publication as they
are. A verifier that knows only RS256 cannot check these JWTs (docs/credentials.md).
"""

import datetime as dt
import gzip
import json
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cheber.certificates import qr, signing
from cheber.certificates.models import Certificate, SigningKey
from cheber.registry.models import Organization

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
# W3C Controlled Identifiers 1.0 defines the JsonWebKey verification method.
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://www.w3.org/ns/cid/v1"]
MEDIA_TYPE = "application/vc+jwt"
JWT_ALG = "EdDSA"  # RFC 8037: Ed25519 signatures in JOSE
# The spec's minimum length (16 KB): a list this long hides which entry a verifier asked
# about among many, and the certificates' primary keys fall into lists of this many.
STATUS_LIST_BITS = 131_072
MAX_STATUS_LIST = 2**31 // STATUS_LIST_BITS  # primary keys are 32-bit integers at most


# Identifiers -----------------------------------------------------------------------------------


def site_did() -> str:
    """did:web of the host Cheber is published at (a port's colon percent-encoded)."""
    return "did:web:" + quote(urlsplit(settings.PUBLIC_URL).netloc, safe="")


def issuer_did(provider) -> str:
    """The provider's own DID, resolved to /certificates/issuers/<code>/did.json."""
    return f"{site_did()}:certificates:issuers:{quote(provider.code, safe='')}"


def key_url(key: SigningKey) -> str:
    """The DID URL of a key: the `kid` of the JWTs it signs."""
    return f"{issuer_did(key.provider)}#{key.key_id}"


def _urn(kind: str, value: object) -> str:
    # Stable across downloads and re-imports of the database, and unique per Cheber
    # installation (the public address is in the name).
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.PUBLIC_URL}/{kind}/{value}").urn


def subject_id(certificate: Certificate) -> str:
    """The educator as subject: the same id on all their credentials, never the PIN."""
    return _urn("educators", certificate.educator_id)


def _achievement_id(certificate: Certificate) -> str:
    enrolment = certificate.enrolment
    if enrolment is not None:
        return _urn("programmes", enrolment.session.programme_id)
    return _urn("achievements", f"{certificate.programme_title_ky}/{certificate.hours}")


def _timestamp(day: dt.date) -> str:
    """A date as the dateTimeStamp the data model wants: midnight in Bishkek."""
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()


# The credential --------------------------------------------------------------------------------


def credential(certificate: Certificate) -> dict[str, Any]:
    """The OpenBadgeCredential of a certificate Cheber issued (not an external one)."""
    if certificate.external:
        raise ValueError("an external certificate has no credential of Cheber's")
    issued = _timestamp(certificate.issue_date)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        # The public verification page of the certificate (the QR code's address).
        "id": qr.verification_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Күбөлүк / Удостоверение № {certificate.number}",
        "issuer": _profile(certificate),
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": _subject(certificate),
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
        "credentialStatus": status_entry(certificate),
    }


def _profile(certificate: Certificate) -> dict[str, Any]:
    profile = {
        "id": issuer_did(certificate.provider),
        "type": ["Profile"],
        "name": certificate.provider_name_ky,
    }
    if certificate.provider_name_ru:
        profile["description"] = certificate.provider_name_ru
    return profile


def _subject(certificate: Certificate) -> dict[str, Any]:
    return {
        "id": subject_id(certificate),
        "type": ["AchievementSubject"],
        # OB 3.0 names a recipient by an IdentityObject; a name is not hashed (it is printed
        # on the paper the credential stands for).
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": certificate.full_name,
            }
        ],
        "activityStartDate": _timestamp(certificate.start_date),
        "activityEndDate": _timestamp(certificate.end_date),
        "creditsEarned": certificate.hours,  # academic hours
        "achievement": _achievement(certificate),
    }


def _achievement(certificate: Certificate) -> dict[str, Any]:
    hours, ru = certificate.hours, certificate.programme_title_ru
    description = f"Квалификацияны жогорулатуу курсу, көлөмү {hours} саат."
    if ru:
        description += f" / Курс повышения квалификации «{ru}», объём {hours} ч."
    return {
        "id": _achievement_id(certificate),
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": certificate.programme_title_ky,
        "description": description,
        "criteria": {"narrative": _narrative(certificate)},
        "creditsAvailable": hours,
        "inLanguage": "ky",
    }


def _narrative(certificate: Certificate) -> str:
    start, end = certificate.start_date.isoformat(), certificate.end_date.isoformat()
    hours = certificate.hours
    text = (
        f"{certificate.provider_name_ky} уюштурган {hours} сааттык программа боюнча окууну "
        f"{start} – {end} аралыгында аяктады."
    )
    if certificate.provider_name_ru:
        text += (
            f" / Прошёл(ла) обучение по программе объёмом {hours} ч. "
            f"({certificate.provider_name_ru}, {start} – {end})."
        )
    return text


# The JWT -----------------------------------------------------------------------------------


def signed_credential(certificate: Certificate) -> str:
    """The credential as a compact JWS signed now by the provider's active key (a retired
    key signs nothing new). With JWT claims equal to the credential's own values, for
    verifiers of the Open Badges 3.0 JWT format (which asks for iss, sub, nbf and jti)."""
    document = credential(certificate)
    claims = {
        "iss": document["issuer"]["id"],
        "sub": document["credentialSubject"]["id"],
        "jti": document["id"],
        "nbf": int(dt.datetime.fromisoformat(document["validFrom"]).timestamp()),
    }
    key = signing.active_key(certificate.provider)
    key.provider = certificate.provider  # the same row, already read: its DID names the key
    return sign(document | claims, key)


def sign(payload: dict[str, Any], key: SigningKey) -> str:
    """A compact JWS of `payload` (UTF-8 JSON) with `key`, typed as a VC-JOSE credential."""
    # Only the headers both VC-JOSE-COSE and Open Badges 3.0 name (OB allows no others).
    header = {"alg": JWT_ALG, "typ": "vc+jwt", "kid": key_url(key)}
    signing_input = f"{_part(header)}.{_part(payload)}"
    signature = signing.private_key_of(key).sign(signing_input.encode("ascii"))
    return f"{signing_input}.{signing.b64encode(signature)}"


def _part(value: dict[str, Any]) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return signing.b64encode(text.encode("utf-8"))


def filename(certificate: Certificate, suffix: str) -> str:
    """`<number>.<suffix>`, the number made safe for a file name."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in certificate.number)
    return f"certificate-{safe}.{suffix}"


# Published keys ----------------------------------------------------------------------------


def public_jwk(key: SigningKey) -> dict[str, str]:
    return {
        "kty": "OKP", "crv": "Ed25519", "x": key.public_key, "kid": key_url(key),
        "alg": JWT_ALG, "use": "sig",
    }  # fmt: skip


def _keys(provider=None) -> list[SigningKey]:
    keys = SigningKey.objects.select_related("provider").order_by("provider__code", "created_at")
    return list(keys if provider is None else keys.filter(provider=provider))


def jwks() -> dict[str, Any]:
    """Every provider's keys, retired ones too (what they signed still verifies)."""
    return {"keys": [public_jwk(key) for key in _keys()]}


def did_document(provider) -> dict[str, Any]:
    """The provider's DID document: its keys, each a verification method for assertions."""
    did = issuer_did(provider)
    return _did_document(did, _keys(provider))


def site_did_document() -> dict[str, Any]:
    """The host's DID document: every provider's keys in one place, each still controlled by
    (and identified under) its provider's DID, where a resolver of a `kid` finds it."""
    return _did_document(site_did(), _keys())


def _did_document(did: str, keys: Iterable[SigningKey]) -> dict[str, Any]:
    methods = [
        {
            "id": key_url(key),
            "type": "JsonWebKey",
            "controller": issuer_did(key.provider),
            "publicKeyJwk": public_jwk(key),
        }
        for key in keys
    ]
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def provider_by_code(code: str) -> Organization | None:
    """A provider named in a public address, or None."""
    return Organization.objects.providers().filter(code=code).first()


# Revocation: the Bitstring Status List ---------------------------------------------------------


def status_list_url(provider, number: int) -> str:
    path = reverse("certificates:status_list", kwargs={"code": provider.code, "number": number})
    return f"{settings.PUBLIC_URL}{path}"


def status_entry(certificate: Certificate) -> dict[str, str]:
    """Where a verifier reads whether the certificate is revoked: bit `pk mod 131072` of the
    provider's list number `pk div 131072`."""
    number, index = divmod(certificate.pk, STATUS_LIST_BITS)
    url = status_list_url(certificate.provider, number)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def encoded_list(indices: Iterable[int]) -> str:
    """The spec's encoding: bit i set (the first bit of the first byte is index 0), GZIP,
    then multibase base64url without padding (prefix "u")."""
    bits = bytearray(STATUS_LIST_BITS // 8)
    for index in indices:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + signing.b64encode(gzip.compress(bytes(bits), mtime=0))


def revoked_indices(provider, number: int) -> list[int]:
    first = number * STATUS_LIST_BITS
    revoked = Certificate.objects.own().filter(
        provider=provider, revoked_at__isnull=False, pk__gte=first,
        pk__lt=first + STATUS_LIST_BITS,
    )  # fmt: skip
    return [pk - first for pk in revoked.values_list("pk", flat=True)]


def status_list_credential(provider, number: int) -> dict[str, Any]:
    url = status_list_url(provider, number)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(provider),
        "validFrom": timezone.now().isoformat(timespec="seconds"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked_indices(provider, number)),
        },
    }


def signed_status_list(provider, number: int) -> str | None:
    """The status list signed by the provider's active key; None for a provider that has
    never had one (it issued nothing: no list to publish)."""
    key = SigningKey.objects.filter(provider=provider, retired_at=None).first()
    if key is None or not 0 <= number <= MAX_STATUS_LIST:
        return None
    document = status_list_credential(provider, number)
    return sign(document | {"iss": document["issuer"], "jti": document["id"]}, key)

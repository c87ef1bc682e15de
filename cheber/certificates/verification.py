"""Checking a certificate: what the public page, the QR scan and `cheber verify_certificate`
all answer.

Both the number and the token must match (the token is compared in constant time, and a
wrong one answers exactly as a number that does not exist, so the page reveals nothing about
which numbers exist). The stored signature is checked again against the data as stored, so a
row altered in the database reads "invalid". Certificates recorded from outside Cheber are
unsigned and have no token: they are not publicly verifiable and answer "not_found".
"""

import datetime as dt
import hmac
from dataclasses import dataclass, field
from typing import Any

from cheber.certificates.models import Certificate
from cheber.certificates.signing import canonical_payload, payload_data, verify_signature

VALID, REVOKED, INVALID, NOT_FOUND = "valid", "revoked", "invalid", "not_found"
MAX_INPUT = 128  # longer than any number or token we give; refused before touching the DB
# Shown as issued: never the PIN or the workplace (they are not on the certificate at all).
SHOWN = ("number", "full_name", "programme_title_ky", "programme_title_ru", "hours",
         "start_date", "end_date", "form", "provider_name_ky", "provider_name_ru", "signer_name",
         "signer_position", "issue_date", "key_id")  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    status: str
    certificate: Certificate | None = None
    data: dict[str, Any] = field(default_factory=dict)
    revoked_at: dt.datetime | None = None
    reason: str = ""
    replaced_by_number: str = ""

    @property
    def is_valid(self) -> bool:
        return self.status == VALID

    def as_json(self) -> dict[str, Any]:
        """The verdict as plain JSON values: `status`, and for a found certificate its data,
        the signature, and when revoked the date, reason and the number replacing it."""
        answer: dict[str, Any] = {"status": self.status}
        if self.status in (VALID, REVOKED):
            answer["certificate"] = self.data
            answer["signature"] = self.certificate.signature if self.certificate else ""
        if self.status == REVOKED:
            answer["revoked_at"] = self.revoked_at.isoformat() if self.revoked_at else None
            answer["reason"] = self.reason
            answer["replaced_by"] = self.replaced_by_number or None
        return answer


def verify(
    number: str, token: str, *, signature: str | None = None, key_id: str | None = None
) -> Verdict:
    """The verdict on the certificate `number` presented with `token` (and, from a QR code,
    the signature and key id it carries)."""
    number, token = (number or "").strip(), (token or "").strip()
    if not number or not token or len(number) > MAX_INPUT or len(token) > MAX_INPUT:
        return Verdict(NOT_FOUND)
    # Unordered and without joins: the lookup runs for every guess, so it is kept cheap; the
    # key and the replacement are read only once the token matched.
    found = Certificate.objects.filter(number=number, external=False).order_by()
    row = next(iter(found.values_list("pk", "token")[:1]), None)
    if row is None or not hmac.compare_digest(row[1].encode(), token.encode()):
        return Verdict(NOT_FOUND)
    cert = Certificate.objects.select_related("signing_key", "replaced_by").get(pk=row[0])
    if not _authentic(cert, signature, key_id):
        return Verdict(INVALID)
    data = shown_data(cert)
    if cert.is_revoked:
        return Verdict(
            REVOKED, cert, data, revoked_at=cert.revoked_at, reason=cert.revocation_reason,
            replaced_by_number=cert.replaced_by.number if cert.replaced_by_id else "",
        )  # fmt: skip
    return Verdict(VALID, cert, data)


def _authentic(cert: Certificate, signature: str | None, key_id: str | None) -> bool:
    key = cert.signing_key
    if key is None or not cert.signature:
        return False
    if signature is not None and not hmac.compare_digest(
        signature.strip().rstrip("=").encode(), cert.signature.encode()
    ):
        return False
    if key_id is not None and key_id.strip() != key.key_id:
        return False
    return verify_signature(canonical_payload(cert), cert.signature, key.public_key)


def shown_data(cert: Certificate) -> dict[str, Any]:
    """The data as issued, as JSON values (dates ISO 8601)."""
    data = payload_data(cert)
    return {name: data[name] for name in SHOWN}

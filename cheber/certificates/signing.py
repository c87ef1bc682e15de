"""Ed25519 signatures over a certificate's data, and the providers' keys.

The signed bytes (the *canonical payload*) are the certificate's data as issued, serialised as
UTF-8 JSON with the keys sorted, no spaces and no ASCII escaping; dates as ISO 8601
(YYYY-MM-DD), hours as an integer, every other value a string. Anyone holding the published
public key can rebuild these bytes from the data the verification page shows and check the
signature offline.

Private keys are kept encrypted at rest (Fernet) with a key-encryption key from the environment
(CHEBER_KEY_ENCRYPTION_KEY), else one generated once into var/key_encryption_key (mode 0600),
so a copy of the database alone cannot sign. To change it without a moment when nothing can
sign, the former key stays readable (CHEBER_PREVIOUS_KEY_ENCRYPTION_KEYS, comma-separated)
until `cheber reencrypt_signing_keys` has encrypted every private key with the new one.
"""

import base64
import hashlib
import json
import os
import secrets
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cheber.certificates.models import Certificate, SigningKey

ALGORITHM = "Ed25519"
PAYLOAD_FIELDS = (
    "number", "full_name", "programme_title_ky", "programme_title_ru", "hours", "start_date",
    "end_date", "form", "provider_name_ky", "provider_name_ru", "signer_name",
    "signer_position", "issue_date", "token", "key_id",
)  # fmt: skip
PAYLOAD_DESCRIPTION = (
    "The signature is Ed25519 over the UTF-8 bytes of a JSON object with exactly these keys, "
    "sorted, with no spaces (separators ',' and ':') and non-ASCII characters unescaped: "
    + ", ".join(sorted(PAYLOAD_FIELDS))
    + ". Dates are YYYY-MM-DD, hours an integer, every other value a string. Signatures and "
    "public keys are base64url without padding."
)
_RAW = serialization.Encoding.Raw


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    """base64url with or without padding; raises ValueError on anything else."""
    text = text.strip()
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise ValueError("not base64url") from error


# The payload -----------------------------------------------------------------------------


def payload_data(cert: Certificate, key_id: str | None = None) -> dict[str, Any]:
    """The signed fields of a certificate as plain JSON values."""
    if key_id is None:
        key_id = cert.signing_key.key_id if cert.signing_key_id else ""
    data = {name: getattr(cert, name) for name in PAYLOAD_FIELDS if name != "key_id"}
    for name in ("start_date", "end_date", "issue_date"):
        data[name] = data[name].isoformat()
    data["hours"] = int(data["hours"])
    data["key_id"] = key_id
    return {name: value if name == "hours" else str(value) for name, value in data.items()}


def canonical_payload(cert: Certificate, key_id: str | None = None) -> bytes:
    """The exact bytes signed for `cert` (see the module's description)."""
    text = json.dumps(
        payload_data(cert, key_id), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return text.encode("utf-8")


# Signing and checking --------------------------------------------------------------------


def sign(payload: bytes, key: SigningKey) -> str:
    """The base64url Ed25519 signature of `payload` with the key's private half."""
    return b64encode(private_key_of(key).sign(payload))


def verify_signature(payload: bytes, signature: str, public_key_b64: str) -> bool:
    """Whether `signature` is a valid signature of `payload`; never raises on bad input."""
    try:
        public = Ed25519PublicKey.from_public_bytes(b64decode(public_key_b64))
        public.verify(b64decode(signature), payload)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def private_key_of(key: SigningKey) -> Ed25519PrivateKey:
    return _private_key(bytes(key.private_key))


@cache
def _private_key(encrypted: bytes) -> Ed25519PrivateKey:
    # Decrypting costs more than signing; a whole session is signed with the same key.
    return Ed25519PrivateKey.from_private_bytes(_fernet().decrypt(encrypted))


# Keys --------------------------------------------------------------------------------------


def _fernet() -> MultiFernet:
    """Encrypts with the key-encryption key; decrypts with it or a previous one."""
    previous = os.environ.get("CHEBER_PREVIOUS_KEY_ENCRYPTION_KEYS", "")
    keys = [
        key_encryption_key(),
        *(k.strip().encode("ascii") for k in previous.split(",") if k.strip()),
    ]
    return MultiFernet([Fernet(key) for key in keys])


def reencrypted(encrypted: bytes) -> bytes:
    """A private key encrypted with the key-encryption key, whichever known key it was in."""
    return _fernet().rotate(encrypted)


def key_encryption_key() -> bytes:
    """The Fernet key that encrypts the private keys at rest."""
    if key := os.environ.get("CHEBER_KEY_ENCRYPTION_KEY"):
        return key.encode("ascii")
    path = settings.VAR_DIR / "key_encryption_key"
    if not path.exists():
        # Created exclusively with mode 0600, so two processes starting at once cannot
        # each write a different key.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as file:
                file.write(Fernet.generate_key())
    return path.read_bytes().strip()


def new_key(provider, *, signer_name: str = "", signer_position: str = "") -> SigningKey:
    """A fresh key pair for `provider` (not saved)."""
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(
        _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    raw_public = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    return SigningKey(
        provider=provider, key_id=hashlib.sha256(raw_public).hexdigest()[:16],
        public_key=b64encode(raw_public), private_key=_fernet().encrypt(raw_private),
        signer_name=signer_name, signer_position=signer_position,
    )  # fmt: skip


def active_key(provider) -> SigningKey:
    """The provider's key that signs now; made on first use (carrying over the signer of the
    last retired key). Safe when two issues make the first key at once."""
    key = SigningKey.objects.filter(provider=provider, retired_at=None).first()
    if key is not None:
        return key
    last = SigningKey.objects.filter(provider=provider).order_by("-created_at", "-pk").first()
    signer = (
        {"signer_name": last.signer_name, "signer_position": last.signer_position} if last else {}
    )
    try:
        with transaction.atomic():
            key = new_key(provider, **signer)
            key.save()
            return key
    except IntegrityError:
        return SigningKey.objects.get(provider=provider, retired_at=None)


def retire(key: SigningKey) -> None:
    key.retired_at = timezone.now()
    key.save(update_fields=["retired_at"])


# The published document --------------------------------------------------------------------


def public_keys_document() -> dict[str, Any]:
    """Every provider's public keys, active and retired, for the stable public URL."""
    keys = SigningKey.objects.select_related("provider").order_by("provider__code", "created_at")
    return {
        "algorithm": ALGORITHM,
        "payload": {"fields": sorted(PAYLOAD_FIELDS), "description": PAYLOAD_DESCRIPTION},
        "keys": [
            {
                "key_id": key.key_id,
                "provider": key.provider.code,
                "provider_name_ky": key.provider.name_ky,
                "provider_name_ru": key.provider.name_ru,
                "algorithm": ALGORITHM,
                "public_key": key.public_key,
                "created": key.created_at.isoformat(),
                "retired": key.retired_at.isoformat() if key.retired_at else None,
            }
            for key in keys
        ],
    }


def new_token() -> str:
    """256 random bits, URL-safe (43 characters), never starting with "-" (which a command
    line would take for an option)."""
    while (token := secrets.token_urlsafe(32)).startswith("-"):
        pass
    return token

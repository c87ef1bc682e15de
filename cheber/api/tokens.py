"""API token strings: made, read and checked. Pure: values in, values out.

A token reads `chb_p_<key>.<secret>` (personal) or `chb_m_<key>.<secret>` (a machine
account's). The key is public and finds the row; only an HMAC-SHA256 of the secret under a
pepper from the settings (`CHEBER_API_TOKEN_PEPPERS`, id → pepper) is stored, with the
pepper's id, so that a new pepper can be added without invalidating older tokens. The
plaintext exists only in memory when the token is made, and is shown once.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings

PERSONAL, MACHINE = "chb_p_", "chb_m_"
_SHAPE = re.compile(r"^(chb_[pm]_)([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class Parts:
    prefix: str
    key: str
    secret: str


def make(prefix: str) -> tuple[str, Parts]:
    """A new token's plaintext and its parts."""
    parts = Parts(prefix, secrets.token_hex(8), secrets.token_urlsafe(32))
    return f"{parts.prefix}{parts.key}.{parts.secret}", parts


def parse(text: str) -> Parts | None:
    """The parts of a presented token, or None when it is not one of ours in shape."""
    match = _SHAPE.match(text.strip())
    return Parts(*match.groups()) if match else None


def current_pepper_id() -> int:
    return max(settings.CHEBER_API_TOKEN_PEPPERS)


def digest(secret: str, pepper_id: int) -> str:
    pepper = settings.CHEBER_API_TOKEN_PEPPERS[pepper_id]
    return hmac.new(pepper.encode(), secret.encode(), hashlib.sha256).hexdigest()


def matches(secret: str, stored: str, pepper_id: int) -> bool:
    if pepper_id not in settings.CHEBER_API_TOKEN_PEPPERS:
        return False
    return hmac.compare_digest(digest(secret, pepper_id), stored)

"""The public verification page's limit per client address (`cheber.core.ratelimit`).

The page answers anyone; the limit keeps a script from walking through numbers and tokens.
"""

from django.conf import settings

from cheber.core import ratelimit

DEFAULT_LIMIT = 30  # lookups per address and window
DEFAULT_WINDOW = 600  # seconds


def limits() -> tuple[int, int]:
    limit = getattr(settings, "CERTIFICATE_VERIFY_LIMIT", DEFAULT_LIMIT)
    window = getattr(settings, "CERTIFICATE_VERIFY_WINDOW", DEFAULT_WINDOW)
    return limit, window


def hit(scope: str, request) -> bool:
    """Count one request of this address in `scope`; False once it is over the limit."""
    limit, window = limits()
    address = ratelimit.client_address(request)
    return ratelimit.hit(scope, address, limit=limit, window=window)

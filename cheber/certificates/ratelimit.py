"""A fixed-window rate limit per client address, kept in Django's cache.

The public verification page answers anyone; the limit keeps a script from walking through
numbers and tokens. With the default LocMem cache the count is per process; a deployment with
several processes sets CACHE_LOCATION so they share it.
"""

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMIT = 30  # lookups per address and window
DEFAULT_WINDOW = 600  # seconds


def client_address(request) -> str:
    """The peer's address. Headers such as X-Forwarded-For are not trusted: anyone can send
    them, and the limit would be void."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def limits() -> tuple[int, int]:
    limit = getattr(settings, "CERTIFICATE_VERIFY_LIMIT", DEFAULT_LIMIT)
    window = getattr(settings, "CERTIFICATE_VERIFY_WINDOW", DEFAULT_WINDOW)
    return limit, window


def hit(scope: str, request) -> bool:
    """Count one request of this address in `scope`; False once it is over the limit."""
    limit, window = limits()
    key = f"ratelimit:{scope}:{client_address(request)}"
    # add() starts the window only if none is running, so the window's end never moves.
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit

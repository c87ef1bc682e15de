"""Fixed-window rate limits kept in Django's cache: a count per scope and key (a client's
address, a user), refused once over the limit until the window ends.

With REDIS_URL set the counts live in Redis and every process of every server shares them
(Redis's INCR is atomic); without it, in one process's memory (or CACHE_LOCATION's
directory). Log-in, password reset and second-factor codes are throttled by django-allauth
(`ACCOUNT_RATE_LIMITS`), in the same cache.
"""

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address: the peer's, or behind Cheber's own proxies
    (`CHEBER_TRUSTED_PROXY_COUNT`, set by CHEBER_BEHIND_PROXY) the X-Forwarded-For entry the
    nearest trusted proxy appended. Entries a client wrote itself further left are never read:
    anyone can send them, and the limit would be void."""
    count = settings.CHEBER_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    if count and len(forwarded) >= count and forwarded[-count]:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one request of `key` in `scope`; False once it is over `limit` in `window`
    seconds."""
    name = f"ratelimit:{scope}:{key}"
    # add() starts the window only if none is running, so the window's end never moves.
    cache.add(name, 0, timeout=window)
    try:
        count = cache.incr(name)
    except ValueError:  # the window ended between add() and incr()
        cache.add(name, 1, timeout=window)
        count = 1
    return count <= limit

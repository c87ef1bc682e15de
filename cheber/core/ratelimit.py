"""Fixed-window rate limits kept in Django's cache: a count per scope and key (a client's
address, a user), refused once over the limit until the window ends.

With the default LocMem cache the count is per process; a deployment with several processes
sets CACHE_LOCATION so they share it. Log-in, password reset and second-factor codes are
throttled by django-allauth (`ACCOUNT_RATE_LIMITS`), in the same cache.
"""

from django.core.cache import cache


def client_address(request) -> str:
    """The peer's address. Headers such as X-Forwarded-For are not trusted: anyone can send
    them, and the limit would be void."""
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

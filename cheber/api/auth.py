"""Who calls the API: a bearer token (`Authorization: Bearer chb_p_…`), or a logged-in
page session (the documentation's "Try it out", with its CSRF check on writes). A token acts
as its user, with exactly their scope; a read-only token is refused on writes; each token
is held to a rate (settings.CHEBER_API_RATE: requests per window) and answered 429 with
Retry-After beyond it."""

import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from cheber.api import tokens
from cheber.api.errors import ApiError
from cheber.api.models import Token
from cheber.core import ratelimit

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LAST_USED_RESOLUTION = 60  # seconds: last_used_at is written at most this often


def find_token(text: str) -> Token | None:
    parts = tokens.parse(text)
    if parts is None:
        return None
    token = Token.objects.select_related("user").filter(key=parts.key).first()
    if token is None or not tokens.matches(parts.secret, token.digest, token.pepper_id):
        return None
    if not token.is_active or not token.user.is_active:
        return None
    return token


def limit(token: Token) -> None:
    """Count the request in the token's fixed window (aligned to the clock, so the wait is
    known); over the rate: 429 with the seconds left in the window."""
    count, window = settings.CHEBER_API_RATE
    now = int(time.time())
    bucket = now // window
    if not ratelimit.hit("api", f"{token.pk}:{bucket}", limit=count, window=window):
        wait = window - now % window
        raise ApiError(429, "rate_limited", _("Too many requests: try again in %(seconds)d s.")
                       % {"seconds": wait}, headers={"Retry-After": str(wait)})  # fmt: skip


def _touch(token: Token) -> None:
    now = timezone.now()
    if (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() >= LAST_USED_RESOLUTION
    ):
        Token.objects.filter(pk=token.pk).update(last_used_at=now)


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = find_token(token)
        if found is None:
            return None
        limit(found)
        if found.read_only and request.method not in SAFE_METHODS:
            raise ApiError(403, "read_only_token", _("This token may only read."))
        _touch(found)
        request.user, request.api_token = found.user, found
        return found


class PageSession(SessionAuth):
    def authenticate(self, request, key):
        if "Authorization" in request.headers:  # a token that failed never falls back
            return None
        user = super().authenticate(request, key)
        if user is not None:
            request.api_token = None
        return user


AUTH = [BearerToken(), PageSession()]

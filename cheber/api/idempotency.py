"""`Idempotency-Key` on the POSTs that create (draft-ietf-httpapi-idempotency-key-header):
the key is claimed by inserting its row before the work (unique per token, or per user from a
page session); a retry with the same key and the same request replays the stored answer
(status and body, success or error); while the first is still running it gets 409; the same
key with another request gets 422. Keys are kept `TTL` (24 h) and pruned by the scheduled
`prune_idempotency_keys`."""

import datetime as dt
import functools
import hashlib

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.api.errors import ApiError, as_api_error, body
from cheber.api.models import IdempotencyKey

TTL = dt.timedelta(hours=24)
HEADER = "Idempotency-Key"


def _key(request) -> str | None:
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    key = raw.strip().strip('"')  # a Structured Field string: a quoted value
    if not key or len(key) > 255 or not key.isprintable():
        message = _("The Idempotency-Key is empty or too long.")
        raise ApiError(
            400, "idempotency_key_invalid", message, {HEADER: [_("Enter a valid value.")]}
        )
    return key


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.content_type or ""):
        digest.update(part.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _claim(request, key: str, fingerprint: str) -> IdempotencyKey | HttpResponse:
    token = getattr(request, "api_token", None)
    owner = {"token": token} if token else {"token": None, "user": request.user}
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                **owner, user=request.user, key=key, method=request.method,
                path=request.path[:255], request_sha256=fingerprint,
                expires_at=timezone.now() + TTL,
            )  # fmt: skip
    except IntegrityError:
        pass
    earlier = IdempotencyKey.objects.get(key=key, **owner)
    if earlier.request_sha256 != fingerprint:
        raise ApiError(422, "idempotency_key_reused",
                       _("This Idempotency-Key was used for another request."))  # fmt: skip
    if earlier.state == IdempotencyKey.State.IN_PROGRESS:
        message = _("A request with this Idempotency-Key is still being processed.")
        raise ApiError(409, "idempotency_in_progress", message)
    replay = HttpResponse(bytes(earlier.response_body), status=earlier.status,
                          content_type="application/json; charset=utf-8")  # fmt: skip
    replay["Idempotent-Replayed"] = "true"
    return replay


def idempotent(view):
    """Decorate a creating route (one that returns an HttpResponse, `common.created`)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        claimed = _claim(request, key, _fingerprint(request))
        if isinstance(claimed, HttpResponse):
            return claimed
        try:
            response = view(request, *args, **kwargs)
        except Exception as exc:
            error = as_api_error(exc)
            if error is None:  # a fault, not an answer: let a retry try again
                claimed.delete()
                raise
            response = _error_response(request, error)
        claimed.state, claimed.status = IdempotencyKey.State.DONE, response.status_code
        claimed.response_body = response.content
        claimed.save(update_fields=["state", "status", "response_body"])
        return response

    return wrapper


def _error_response(request, error: ApiError) -> HttpResponse:
    from cheber.api.api import api

    response = api.create_response(request, body(error), status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


def prune(now: dt.datetime | None = None) -> int:
    deleted, _rows = IdempotencyKey.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted

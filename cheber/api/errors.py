"""The API's one error shape, `{"code", "message", "fields"}`: a stable code for programs, a
message in the request's language (Accept-Language: ky, ru, en) and, per field, what is
wrong with it. One handler turns every exception the routes raise into it; anything it does
not know is re-raised (a real fault: 500, logged)."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fields=None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields, self.headers = fields or {}, headers or {}


def _field_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("int") or kind.startswith("float"):
        return _("Enter a whole number.")
    if kind.startswith("date"):
        return _("Enter a valid date.")
    if kind.startswith("bool"):
        return _("Enter a valid value.")
    if kind == "json_invalid":
        return _("Enter a valid JSON.")
    if "too_long" in kind or "max_length" in kind:
        return _("Ensure this value has at most %(limit_value)d characters.") % {
            "limit_value": error.get("ctx", {}).get("max_length", 0)
        }
    return _("Enter a valid value.")


def _field_name(loc) -> str:
    """`("body", "data", "name")` → `name`; `("query", "limit")` → `limit`."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    else:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def from_schema(exc: SchemaError) -> ApiError:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(_field_message(error))
    return ApiError(422, "invalid_input", _("Correct the fields named in the answer."), fields)


def from_rule(exc: DjangoValidationError) -> ApiError:
    """A rule of an action said no (the same messages the pages show beside the fields)."""
    if hasattr(exc, "error_dict"):
        fields = {name: [str(m) for m in DjangoValidationError(errors).messages]
                  for name, errors in exc.error_dict.items()}  # fmt: skip
    else:
        fields = {"__all__": [str(m) for m in exc.messages]}
    return ApiError(400, "rejected", " ".join(exc.messages), fields)


_CODES = {
    400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 429: "rate_limited",
}  # fmt: skip


def as_api_error(exc: Exception) -> ApiError | None:
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, SchemaError):
        return from_schema(exc)
    if isinstance(exc, DjangoValidationError):
        return from_rule(exc)
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return ApiError(404, "not_found", _("Not found, or not yours to see."))
    if isinstance(exc, PermissionDenied):
        return ApiError(403, "forbidden", str(exc) or _("You may not do this."))
    if isinstance(exc, AuthenticationError):
        message = _("Send a valid API token: Authorization: Bearer …")
        return ApiError(401, "unauthenticated", message,
                        headers={"WWW-Authenticate": 'Bearer realm="cheber"'})  # fmt: skip
    # (a form body already read by the session's CSRF check is no JSON either)
    if isinstance(exc, RawPostDataException) or (
        isinstance(exc, HttpError) and str(exc).startswith("Cannot parse request body")
    ):
        message = _("The body is not valid JSON.")
        return ApiError(400, "invalid_json", message, {"body": [message]})
    if isinstance(exc, HttpError):
        return ApiError(exc.status_code, _CODES.get(exc.status_code, "error"), str(exc))
    return None


def install(api) -> None:
    """The one handler, for every exception (ninja looks handlers up along the class tree)."""

    def handle(request, exc):
        error = as_api_error(exc)
        if error is None:
            raise exc
        response = api.create_response(request, body(error), status=error.status)
        for name, value in error.headers.items():
            response[name] = value
        return response

    # (ninja's own defaults are registered for these classes: replace each)
    for kind in (Exception, Http404, HttpError, SchemaError, RawPostDataException):
        api.add_exception_handler(kind, handle)


def body(error: ApiError) -> dict:
    return {"code": error.code, "message": error.message, "fields": error.fields}

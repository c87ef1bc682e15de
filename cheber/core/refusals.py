"""A refusal answered by a middleware before any view (an address or a body no view takes):
the page it shows, marked with a stable code and its message in the request's language, so
that a door with an answer of its own shape (the API's JSON errors) can give the same refusal
in it (`cheber.api.middleware`)."""

from django.http import HttpResponse


def refused(response: HttpResponse, code: str, message: str) -> HttpResponse:
    response.refusal = (code, message)
    return response


def refusal_of(response: HttpResponse) -> tuple[str, str] | None:
    """(code, message) of a marked refusal, else None."""
    return getattr(response, "refusal", None)

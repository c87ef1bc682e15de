"""What the route modules share: the page envelope, the created answer, the caller."""

from typing import Generic, TypeVar

from django.http import HttpResponse
from ninja import Schema

T = TypeVar("T")


class Page(Schema, Generic[T]):  # noqa: UP046 (pydantic generics)
    items: list[T]
    next_cursor: str | None


class Error(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 429: Error}


def created(request, schema, obj, status: int = 201) -> HttpResponse:
    """A creating route's answer, made here (not by ninja) so that an idempotent retry can
    replay its exact bytes."""
    from cheber.api.api import api

    return api.create_response(request, schema.from_orm(obj).model_dump(mode="json"), status=status)


def answered(request, schema, obj, status: int = 200) -> HttpResponse:
    return created(request, schema, obj, status=status)

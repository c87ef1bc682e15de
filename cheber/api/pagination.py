"""Cursor pages: every list is ordered by a unique indexed key (the primary key) and a page
is the rows after the last one seen, so page 100 costs what page 1 costs and nothing counts
the whole list. The cursor is opaque to clients (base64 of the last key)."""

import base64
import binascii

from django.utils.translation import gettext as _

from cheber.api.errors import ApiError

DEFAULT_LIMIT, MAX_LIMIT = 50, 100


def _decode(cursor: str) -> int:
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        value = -1
    if value < 0:
        raise ApiError(400, "invalid_cursor", _("This cursor is not one we gave."),
                       {"cursor": [_("Enter a valid value.")]})  # fmt: skip
    return value


def _encode(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode().rstrip("=")


def page(queryset, *, cursor: str | None, limit: int | None, descending: bool = False):
    """(rows of the page, cursor of the next page or None)."""
    size = min(max(limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
    queryset = queryset.order_by("-pk" if descending else "pk")
    if cursor:
        after = _decode(cursor)
        queryset = queryset.filter(**{"pk__lt" if descending else "pk__gt": after})
    rows = list(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (_encode(rows[-1].pk) if more else None)


def answer(rows, next_cursor, schema) -> dict:
    return {"items": [schema.from_orm(row) for row in rows], "next_cursor": next_cursor}

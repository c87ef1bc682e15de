"""The personal-data access log: who opened which educator's record, who exported which list,
with how many rows. Written by the views that show or export personal data; read by auditors.
An educator looking at their own record is not logged."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models

from cheber.core.models import PersonalDataAccess


def _logged_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


def log_record(user, obj: models.Model, *, what: str, own: bool = False) -> None:
    """`user` opened the record `obj` on the page `what` (`own`: it is their own)."""
    if own or not _logged_in(user):
        return
    PersonalDataAccess.objects.create(
        user=user, kind=PersonalDataAccess.Kind.RECORD, what=what,
        object_type=obj._meta.label_lower, object_id=str(obj.pk), rows=1,
    )  # fmt: skip


def log_export(user, *, what: str, filters: dict[str, Any], rows: int) -> None:
    """`user` exported `rows` educators' data as `what`, with the list's `filters`."""
    if not _logged_in(user):
        return
    PersonalDataAccess.objects.create(
        user=user, kind=PersonalDataAccess.Kind.EXPORT, what=what,
        filters={k: v for k, v in filters.items() if v not in ("", None, [])}, rows=rows,
    )  # fmt: skip


def counted(rows: Iterable, on_end) -> Iterator:
    """Yield `rows`, then call `on_end(count)`: for streamed exports, logged once complete."""
    count = 0
    for row in rows:
        count += 1
        yield row
    on_end(count)

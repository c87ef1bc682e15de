"""Writing audit events; every action calls `record`.

An event says who (the actor; or the command that ran, or "system", when no person acts), when,
what, and for a change the values before and after (`changes`). Events are only ever added:
the admin reads them, the auditors' page searches them, nothing edits or deletes them.
"""

import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.management.base import BaseCommand
from django.db import models

from cheber.core.actors import is_system
from cheber.core.models import AuditEvent

_via: contextvars.ContextVar[str] = contextvars.ContextVar("cheber_audit_via", default="")


def record(*, actor: Any, verb: str, obj: models.Model, **data: Any) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        via=via_of(actor),
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )


def record_many(
    *, actor: Any, verb: str, events: Iterable[tuple[models.Model, dict[str, Any]]]
) -> None:
    """An event per (object, data), written in one insert: what a bulk action changed."""
    who = actor if getattr(actor, "is_authenticated", False) else None
    AuditEvent.objects.bulk_create(
        (AuditEvent(actor=who, via=via_of(actor), verb=verb,
                    object_type=obj._meta.label_lower, object_id=str(obj.pk), data=data)
         for obj, data in events), batch_size=500,
    )  # fmt: skip


def via_of(actor: Any) -> str:
    """What makes a change when not a person: the command that runs, else "system" for the
    server's own `SYSTEM` actor."""
    return _via.get() or ("system" if is_system(actor) else "")


def current_via() -> str:
    """What makes the changes now when not a person: e.g. "command import_registry"."""
    return _via.get()


@contextmanager
def via(source: str) -> Iterator[None]:
    """Events recorded inside are marked as coming from `source` (e.g. "command …")."""
    token = _via.set(source)
    try:
        yield
    finally:
        _via.reset(token)


class AuditedCommand(BaseCommand):
    """A management command whose changes are recorded as made by it."""

    def execute(self, *args, **options):
        with via(f"command {self.__module__.rsplit('.', 1)[-1]}"):
            return super().execute(*args, **options)


def plain(value: Any) -> Any:
    """A value as JSON keeps it: dates as ISO text, decimals and model rows as text."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal | models.Model):
        return str(value.pk if isinstance(value, models.Model) else value)
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of `obj` as plain values (foreign keys by id); names that are not
    fields of the model (a form's extra fields) are left out."""
    values = {}
    for name in fields:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        attribute = field.attname if field.is_relation and field.many_to_one else name
        value = getattr(obj, attribute)
        if field.many_to_many:
            value = sorted(value.values_list("pk", flat=True)) if obj.pk else []
        values[name] = plain(value)
    return values


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [before, after]} of the fields whose value changed."""
    return {name: [before.get(name), value] for name, value in after.items()
            if before.get(name) != value}  # fmt: skip

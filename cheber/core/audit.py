"""Writing audit events; every action calls `record`."""

from typing import Any

from django.db import models

from cheber.core.models import AuditEvent


def record(*, actor: Any, verb: str, obj: models.Model, **data: Any) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )

"""Audit rows, written by services in the same transaction as the change they describe."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from mosty.core.models import AuditEntry

Snapshot = dict[str, Any]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def snapshot(instance: models.Model) -> Snapshot:
    """The field values of `instance` as JSON-ready data; many-to-many as sorted lists of ids."""
    data: Snapshot = {}
    for field in instance._meta.concrete_fields:
        if field.name in ("id", "updated_at", "created_at", "search_key"):
            continue
        data[field.name] = _plain(field.value_from_object(instance))
    if instance.pk is not None:
        for m2m in instance._meta.many_to_many:
            data[m2m.name] = sorted(getattr(instance, m2m.name).values_list("pk", flat=True))
    return data


def diff(before: Snapshot | None, after: Snapshot | None) -> dict[str, list[Any]]:
    before = before or {}
    after = after or {}
    keys = sorted(set(before) | set(after))
    return {
        key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)
    }


def record(
    *,
    actor: Any,
    instance: models.Model,
    action: str,
    before: Snapshot | None = None,
) -> AuditEntry | None:
    """Write one audit row. For updates `before` is the snapshot taken before the change;
    an update that changed nothing writes nothing."""
    after = None if action == AuditEntry.Action.DELETE else snapshot(instance)
    changes = diff(before, after)
    if action == AuditEntry.Action.UPDATE and not changes:
        return None
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=changes,
    )


def history_for(instance: models.Model, *, limit: int = 50) -> list[AuditEntry]:
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    return list(
        AuditEntry.objects.filter(content_type=content_type, object_id=str(instance.pk)).select_related(
            "actor"
        )[:limit]
    )

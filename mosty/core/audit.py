"""Audit rows, written by services in the same transaction as the change they describe."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext

from mosty.core import pagecache
from mosty.core.models import AuditEntry

Snapshot = dict[str, Any]

# Bookkeeping columns and secrets never appear in the history: a password or API-key hash must not be
# copied anywhere.
_NOT_AUDITED = frozenset(
    {"id", "updated_at", "created_at", "search_key", "password", "last_login", "key_hash"}
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def snapshot(instance: models.Model) -> Snapshot:
    """The field values of `instance` as JSON-ready data; many-to-many as sorted lists of ids."""
    data: Snapshot = {}
    for field in instance._meta.concrete_fields:
        if field.name in _NOT_AUDITED:
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
    return {key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)}


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
    # Every change is audited, so this is where visitors' cached pages learn that something changed.
    transaction.on_commit(pagecache.invalidate)
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
            "actor", "content_type"
        )[:limit]
    )


# --- Showing history --------------------------------------------------------------------------
# Turning stored values back into what a reader understands: the field's verbose name, choice labels,
# yes/no, local dates, and the names of related objects (looked up in one query per related model).

Change = tuple[str, str, str]
_EMPTY = "—"


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _related_names(entries: list[AuditEntry]) -> dict[tuple[type[models.Model], str], str]:
    """`str()` of every related object the entries mention, keyed by (model, pk as text)."""
    wanted: dict[type[models.Model], set[Any]] = {}
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes or {}).items():
            field = _field(model, name)
            if field is None or not field.is_relation or field.related_model is None:
                continue
            related = field.related_model
            assert not isinstance(related, str)  # resolved once apps are ready
            for value in values:
                for pk in value if isinstance(value, list) else [value]:
                    if pk is not None:
                        wanted.setdefault(related, set()).add(pk)
    names: dict[tuple[type[models.Model], str], str] = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related, str(obj.pk))] = str(obj)
    return names


def _shown(
    field: models.Field[Any, Any] | None,
    value: Any,
    names: dict[tuple[type[models.Model], str], str],
) -> str:
    if value is None or value == "" or value == []:
        return _EMPTY
    if field is None:
        return str(value)
    if field.is_relation and field.related_model is not None and not isinstance(field.related_model, str):
        related = field.related_model
        pks = value if isinstance(value, list) else [value]
        return ", ".join(names.get((related, str(pk)), f"#{pk}") for pk in pks)
    if isinstance(value, bool):
        return str(gettext("yes") if value else gettext("no"))
    if field.flatchoices:
        labels = {str(key): label for key, label in field.flatchoices}
        if isinstance(value, list):
            return ", ".join(str(labels.get(str(item), item)) for item in value)
        return str(labels.get(str(value), value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return str(formats.localize(moment))
    elif isinstance(field, models.DateField) and isinstance(value, str):
        day = parse_date(value)
        if day is not None:
            return str(formats.localize(day))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def describe_changes(
    entry: AuditEntry, *, names: dict[tuple[type[models.Model], str], str] | None = None
) -> list[Change]:
    """(field label, old value, new value) for each field the entry changed, in the model's field order."""
    model = entry.content_type.model_class()
    if names is None:
        names = _related_names([entry])
    order = {field.name: index for index, field in enumerate(model._meta.get_fields())} if model else {}
    rows: list[tuple[int, Change]] = []
    for name, values in (entry.changes or {}).items():
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        field = _field(model, name)
        label = str(capfirst(field.verbose_name)) if field is not None else name
        change = (label, _shown(field, old, names), _shown(field, new, names))
        rows.append((order.get(name, len(order)), change))
    return [row for _index, row in sorted(rows, key=lambda item: item[0])]


def describe_history(entries: list[AuditEntry]) -> list[tuple[AuditEntry, list[Change]]]:
    """Each entry with its described changes; related names are fetched once for all entries."""
    names = _related_names(entries)
    return [(entry, describe_changes(entry, names=names)) for entry in entries]

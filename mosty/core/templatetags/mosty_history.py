"""`entries|history_rows` for the shared change-history partial."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from mosty.core.audit import Change, describe_history
from mosty.core.models import AuditEntry

register = template.Library()


@register.filter
def history_rows(entries: Iterable[AuditEntry] | None) -> list[tuple[AuditEntry, list[Change]]]:
    return describe_history(list(entries or []))

"""Every change of a tie: permission, validation, the write and its audit row, in one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import User
from mosty.core.audit import record, snapshot
from mosty.core.models import AuditEntry
from mosty.lib.sanitize import plain_text
from mosty.territories.models import Region, Settlement
from mosty.ties import access
from mosty.ties.models import DUPLICATE_TIE, Tie, TieStatus

MAY_NOT_CREATE = _("You may create ties only of the region you coordinate.")
MAY_NOT_EDIT = _("You may not edit this tie.")
MAY_NOT_MOVE = _("A tie you edit must keep one side in the region you coordinate.")
MAY_NOT_DELETE = _("You may not delete this tie.")

EDITABLE_FIELDS = frozenset(
    {"kind", "region_a", "region_b", "settlement_a", "settlement_b", "since", "basis", "status", "activity"}
)
# Typed by people and shown back to people: kept as plain text, without any HTML tags.
PLAIN_TEXT_FIELDS = ("basis", "activity")


def _save(tie: Tie) -> None:
    """Save; a twin saved by someone else between full_clean() and here is the same refusal."""
    try:
        with transaction.atomic():
            tie.save()
    except IntegrityError:
        raise ValidationError(DUPLICATE_TIE, code="duplicate") from None


@transaction.atomic
def tie_create(
    *,
    actor: User,
    kind: str,
    region_a: Region,
    region_b: Region,
    settlement_a: Settlement | None = None,
    settlement_b: Settlement | None = None,
    since: datetime.date | None = None,
    basis: str = "",
    status: str = TieStatus.ACTIVE,
    activity: str = "",
) -> Tie:
    """A new tie. The sides may come in either order; the Russian one is stored as side A."""
    if not access.may_write_tie_between(actor, region_a.pk, region_b.pk):
        raise PermissionDenied(MAY_NOT_CREATE)
    tie = Tie(
        kind=kind,
        region_a=region_a,
        region_b=region_b,
        settlement_a=settlement_a,
        settlement_b=settlement_b,
        since=since,
        basis=plain_text(basis),
        status=status,
        activity=plain_text(activity),
        created_by=actor,
    )
    tie.full_clean()
    _save(tie)
    record(actor=actor, instance=tie, action=AuditEntry.Action.CREATE)
    return tie


@transaction.atomic
def tie_update(*, actor: User, tie: Tie, **fields: Any) -> Tie:
    """Change the editable fields given; one audit row lists every field that changed."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"tie_update() does not change: {', '.join(sorted(unknown))}")
    if not access.may_edit_tie(actor, tie):
        raise PermissionDenied(MAY_NOT_EDIT)
    region_a = fields.get("region_a", tie.region_a)
    region_b = fields.get("region_b", tie.region_b)
    if not access.may_write_tie_between(actor, region_a.pk, region_b.pk):
        raise PermissionDenied(MAY_NOT_MOVE)

    # Lock the row and reload it: two editors saving at once would otherwise each write over the
    # other's change and audit it against a stale "before".
    list(Tie.objects.select_for_update().filter(pk=tie.pk).values_list("pk", flat=True))
    tie.refresh_from_db()
    before = snapshot(tie)
    for name, value in fields.items():
        setattr(tie, name, plain_text(value) if name in PLAIN_TEXT_FIELDS else value)
    try:
        tie.full_clean()
        _save(tie)
    except ValidationError:
        tie.refresh_from_db()  # the caller's object shows what is stored, not the refused values
        raise
    record(actor=actor, instance=tie, action=AuditEntry.Action.UPDATE, before=before)
    return tie


@transaction.atomic
def tie_delete(*, actor: User, tie: Tie) -> None:
    if not access.may_delete_tie(actor, tie):
        raise PermissionDenied(MAY_NOT_DELETE)
    # Recorded first: deleting clears tie.pk, and the row needs the id.
    record(actor=actor, instance=tie, action=AuditEntry.Action.DELETE, before=snapshot(tie))
    tie.delete()

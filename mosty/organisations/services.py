"""Every change of an organisation: permission check, validation, the write and its audit row, atomically."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import Role, User
from mosty.core.audit import record, snapshot
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.lib.sanitize import plain_text
from mosty.organisations import access
from mosty.organisations.models import Organisation
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement

MAY_NOT_CREATE = _("You may not create an organisation in this region.")
MAY_NOT_EDIT = _("You may not edit this organisation.")
MAY_NOT_MOVE = _("You may not move this organisation out of the region you coordinate.")
MAY_NOT_VERIFY = _("You may not verify this organisation.")
MAY_NOT_ADD_REPRESENTATIVE = _("You may not add representatives to this organisation.")
MAY_NOT_DELETE = _("You may not delete this organisation.")
STILL_REFERENCED = _("This organisation is still referred to elsewhere and cannot be deleted.")
REPRESENTATIVE_INACTIVE = _("Only an active account can represent an organisation.")

# What organisation_update accepts; verification and representatives have services of their own.
EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "name_ru",
        "name_be",
        "name_en",
        "region",
        "settlement",
        "sectors",
        "description",
        "website",
        "email",
        "phone",
        "address",
    }
)
# Typed by people and shown back to people: kept as plain text, without any HTML tags.
PLAIN_TEXT_FIELDS = ("name_ru", "name_be", "name_en", "description", "phone", "address")


def _clean_text(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: plain_text(value) if name in PLAIN_TEXT_FIELDS and isinstance(value, str) else value
        for name, value in values.items()
    }


def _lock(organisation: Organisation) -> None:
    """Lock the row and reload it: two editors saving at once would otherwise each write over the
    other's change and audit it against a stale "before"."""
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk", flat=True))
    organisation.refresh_from_db()


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    kind: str,
    region: Region,
    name_ru: str,
    name_be: str = "",
    name_en: str = "",
    settlement: Settlement | None = None,
    sectors: Iterable[Sector] = (),
    description: str = "",
    website: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
) -> Organisation:
    """A new organisation. A representative who creates one becomes one of its representatives."""
    if not access.may_create_organisation(actor, region):
        raise PermissionDenied(MAY_NOT_CREATE)
    fields = _clean_text(
        {
            "kind": kind,
            "name_ru": name_ru,
            "name_be": name_be,
            "name_en": name_en,
            "description": description,
            "website": website,
            "email": email,
            "phone": phone,
            "address": address,
        }
    )
    organisation = Organisation(region=region, settlement=settlement, created_by=actor, **fields)
    organisation.full_clean()
    organisation.save()
    organisation.sectors.set(list(sectors))
    if actor.role == Role.REPRESENTATIVE:
        organisation.representatives.add(actor)
    record(actor=actor, instance=organisation, action=AuditEntry.Action.CREATE)
    return organisation


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, **fields: Any) -> Organisation:
    """Change the editable fields given (`sectors` replaces the whole set); one audit row lists
    every field that changed, many-to-many included."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"organisation_update() does not change: {', '.join(sorted(unknown))}")
    if not access.may_edit_organisation(actor, organisation):
        raise PermissionDenied(MAY_NOT_EDIT)
    region = fields.get("region", organisation.region)
    if region.pk != organisation.region_id and not access.may_place_organisation(actor, organisation, region):
        raise PermissionDenied(MAY_NOT_MOVE)

    _lock(organisation)
    before = snapshot(organisation)
    sectors = fields.pop("sectors", None)
    for name, value in _clean_text(fields).items():
        setattr(organisation, name, value)
    try:
        organisation.full_clean()
    except ValidationError:
        organisation.refresh_from_db()  # the caller's object shows what is stored, not the refused values
        raise
    organisation.save()
    if sectors is not None:
        organisation.sectors.set(list(sectors))
    record(actor=actor, instance=organisation, action=AuditEntry.Action.UPDATE, before=before)
    return organisation


@transaction.atomic
def organisation_verify(*, actor: User, organisation: Organisation, verified: bool = True) -> Organisation:
    """Mark the organisation as checked by staff (or take the mark back)."""
    if not access.may_verify_organisation(actor, organisation):
        raise PermissionDenied(MAY_NOT_VERIFY)
    _lock(organisation)
    if organisation.is_verified == verified:
        return organisation
    before = snapshot(organisation)
    organisation.is_verified = verified
    organisation.verified_at = timezone.now() if verified else None
    organisation.verified_by = actor if verified else None
    organisation.full_clean()
    organisation.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
    record(actor=actor, instance=organisation, action=AuditEntry.Action.UPDATE, before=before)
    return organisation


@transaction.atomic
def organisation_add_representative(*, actor: User, organisation: Organisation, user: User) -> None:
    """Let `user` edit the organisation as one of its representatives. Their role is left as it is."""
    if not access.may_manage_representatives(actor, organisation):
        raise PermissionDenied(MAY_NOT_ADD_REPRESENTATIVE)
    if not user.is_active:
        raise ApplicationError(str(REPRESENTATIVE_INACTIVE), code="inactive_user")
    if organisation.representatives.filter(pk=user.pk).exists():
        return
    before = snapshot(organisation)
    organisation.representatives.add(user)
    record(actor=actor, instance=organisation, action=AuditEntry.Action.UPDATE, before=before)


@transaction.atomic
def organisation_delete(*, actor: User, organisation: Organisation) -> None:
    if not access.may_delete_organisation(actor, organisation):
        raise PermissionDenied(MAY_NOT_DELETE)
    before = snapshot(organisation)
    # Recorded first: deleting clears organisation.pk, and the row needs the id.
    record(actor=actor, instance=organisation, action=AuditEntry.Action.DELETE, before=before)
    try:
        organisation.delete()
    except ProtectedError:
        raise ApplicationError(str(STILL_REFERENCED), code="protected", status=409) from None

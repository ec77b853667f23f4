"""Every change of an agreement: permission, validation, the write and its audit row, in one transaction.

Pages, the API and imports call these; none of them writes the models directly. A refused change
saves nothing: each service is atomic and validates everything before the first write.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import User
from mosty.agreements import access
from mosty.agreements.models import (
    DUPLICATE_NUMBER,
    SOURCE_KIND,
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementStatus,
    Visibility,
    can_transition,
)
from mosty.commitments import services as commitment_services
from mosty.commitments.models import Commitment, ReportEvery
from mosty.core.audit import record, snapshot
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.core.uploads import check_upload
from mosty.events.models import Event
from mosty.lib.sanitize import plain_text
from mosty.money.models import Currency
from mosty.organisations.models import Organisation
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement

MAY_NOT_CREATE = _("You may record agreements only with a party in the region you coordinate.")
MAY_NOT_EDIT = _("You may not edit this agreement.")
TOO_FEW_PARTIES = _("An agreement has at least two parties.")
PARTY_NOT_FOUND = _("The party “%(value)s” does not exist.")
PARTY_ONE_KIND = _("Name each party as exactly one of: a region, a settlement or an organisation.")
PARTY_TWICE = _("The same party is named twice.")
UNKNOWN_CURRENCY = _("“%(value)s” is not a currency Mosty knows: use RUB, BYN, USD or EUR.")
NEGATIVE_AMOUNT = _("The amount cannot be negative.")
CURRENCY_NEEDED = _("Give the currency of the amount.")
AMOUNT_NEEDED = _("A currency is given without an amount.")
DEADLINE_BEFORE_SIGNING = _("A deadline before signing (%(signed)s) cannot be right.")
NOT_A_FORUM = _("Choose a Forum of Regions.")
CONFLICT = _(
    "Someone else has changed this agreement since you opened it. Your changes were not saved: "
    "look at the current version and make them again."
)
TRANSITION_NOT_ALLOWED = _("An agreement that is “%(current)s” cannot become “%(new)s”.")
SIGN_NEEDS_DATE = _("Give the date of signing before marking the agreement signed.")
RESPONSIBLE_NEEDED = _("Name the responsible organisation or region.")

# What agreement_update accepts; status, parties and documents have their own services.
EDITABLE_FIELDS = frozenset(
    {
        "number",
        "title",
        "kind",
        "signed_on",
        "place",
        "event",
        "valid_from",
        "valid_to",
        "prolongation",
        "amount",
        "currency",
        "sectors",
        "description",
        "visibility",
    }
)
_PLAIN_TEXT_FIELDS = ("number", "title", "place", "description")


@dataclass(frozen=True)
class PartyInput:
    """One party as a form or an import gives it: exactly one of region, settlement, organisation."""

    region: Region | None = None
    settlement: Settlement | None = None
    organisation: Organisation | None = None
    signatory_name: str = ""
    signatory_position: str = ""

    @property
    def key(self) -> tuple[str, int | None]:
        if self.organisation is not None:
            return ("organisation", self.organisation.pk)
        if self.settlement is not None:
            return ("settlement", self.settlement.pk)
        return ("region", self.region.pk if self.region is not None else None)


# --- Checks that come before any write -------------------------------------------------------------


def _check_money(amount: decimal.Decimal | None, currency: str) -> None:
    if currency and currency not in Currency.values:
        raise ValidationError({"currency": ValidationError(UNKNOWN_CURRENCY, params={"value": currency})})
    if amount is not None and amount < 0:
        raise ValidationError({"amount": ValidationError(NEGATIVE_AMOUNT, code="negative")})
    if amount is not None and not currency:
        raise ValidationError({"currency": ValidationError(CURRENCY_NEEDED, code="required")})
    if amount is None and currency:
        raise ValidationError({"amount": ValidationError(AMOUNT_NEEDED, code="required")})


def _check_event(event: Event | None) -> None:
    if event is not None and event.kind != "forum":
        raise ValidationError({"event": ValidationError(NOT_A_FORUM, code="not_a_forum")})


def _check_party(party: PartyInput) -> None:
    given = [value for value in (party.region, party.settlement, party.organisation) if value is not None]
    if len(given) != 1:
        raise ValidationError(PARTY_ONE_KIND, code="party_kind")
    # A forged id or an object deleted meanwhile: the same plain refusal as a typo in an import.
    value = given[0]
    if value.pk is None or not type(value)._default_manager.filter(pk=value.pk).exists():
        raise ValidationError(PARTY_NOT_FOUND, code="party_not_found", params={"value": str(value)})


def _party_region_id(party: PartyInput) -> int | None:
    if party.region is not None:
        return party.region.pk
    if party.settlement is not None:
        return party.settlement.region_id
    if party.organisation is not None:
        return party.organisation.region_id
    return None


def _check_parties(parties: Sequence[PartyInput]) -> None:
    for party in parties:
        _check_party(party)
    keys = [party.key for party in parties]
    if len(set(keys)) != len(keys):
        raise ValidationError(PARTY_TWICE, code="party_twice")
    if len(parties) < 2:
        raise ValidationError(TOO_FEW_PARTIES, code="too_few_parties")


def _save(agreement: Agreement) -> None:
    """Save; a twin number saved by someone else between full_clean() and here is the same refusal."""
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError:
        raise ValidationError({"number": ValidationError(DUPLICATE_NUMBER, code="unique")}) from None


def _lock_version(agreement: Agreement, expected_version: int) -> None:
    """Lock the row and compare versions: the second of two editors is refused, never written over."""
    stored = Agreement.objects.select_for_update().filter(pk=agreement.pk).values_list("version", flat=True)
    if list(stored) != [expected_version]:
        raise ApplicationError(str(CONFLICT), code="conflict", status=409)


def sync_commitment_audience(agreement: Agreement, *, actor: User | None = None) -> int:
    """Give the agreement's commitments its visibility: public, or only the parties (their regions'
    coordinators, the party organisations' representatives) and the commission."""
    parties = list(
        AgreementParty.objects.filter(agreement=agreement).select_related(
            "region", "settlement", "organisation"
        )
    )
    region_ids = access.party_region_ids(parties)
    organisation_ids = access.party_organisation_ids(parties)
    return commitment_services.commitments_set_audience(
        source_kind=SOURCE_KIND,
        source_id=agreement.pk,
        is_public=agreement.visibility == Visibility.PUBLIC,
        regions=Region.objects.filter(pk__in=region_ids).order_by("pk"),
        organisations=Organisation.objects.filter(pk__in=organisation_ids).order_by("pk"),
        actor=actor,
    )


def _add_party(*, actor: User | None, agreement: Agreement, party: PartyInput, order: int) -> AgreementParty:
    row = AgreementParty(
        agreement=agreement,
        region=party.region,
        settlement=party.settlement,
        organisation=party.organisation,
        signatory_name=plain_text(party.signatory_name),
        signatory_position=plain_text(party.signatory_position),
        order=order,
    )
    row.full_clean()
    row.save()
    record(actor=actor, instance=row, action=AuditEntry.Action.CREATE)
    return row


# --- Agreements ---------------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    actor: User | None,
    title: str,
    kind: str,
    parties: Sequence[PartyInput],
    number: str = "",
    signed_on: datetime.date | None = None,
    place: str = "",
    event: Event | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    prolongation: str = "none",
    amount: decimal.Decimal | None = None,
    currency: str = "",
    sectors: Iterable[Sector] = (),
    description: str = "",
    visibility: str = Visibility.PUBLIC,
    status: str = AgreementStatus.DRAFT,
    may_manage: bool = False,
) -> Agreement:
    """A new agreement with its parties (two or more). A draft unless `status` says otherwise (an
    import records agreements already signed). `actor=None` only with `may_manage=True` (imports and
    demo data run by the operators)."""
    _check_parties(parties)
    if not may_manage and (
        actor is None
        or not access.may_write_with_regions(actor, filter(None, map(_party_region_id, parties)))
    ):
        raise PermissionDenied(MAY_NOT_CREATE)
    _check_money(amount, currency)
    _check_event(event)
    if status != AgreementStatus.DRAFT and signed_on is None:
        raise ValidationError({"signed_on": ValidationError(SIGN_NEEDS_DATE, code="required")})
    agreement = Agreement(
        number=plain_text(number),
        title=plain_text(title),
        kind=kind,
        signed_on=signed_on,
        place=plain_text(place),
        event=event,
        valid_from=valid_from,
        valid_to=valid_to,
        prolongation=prolongation,
        amount=amount,
        currency=currency,
        description=plain_text(description),
        visibility=visibility,
        status=status,
        created_by=actor,
    )
    agreement.full_clean()
    _save(agreement)
    agreement.sectors.set(list(sectors))
    record(actor=actor, instance=agreement, action=AuditEntry.Action.CREATE)
    for order, party in enumerate(parties):
        _add_party(actor=actor, agreement=agreement, party=party, order=order)
    return agreement


@transaction.atomic
def agreement_update(*, actor: User, agreement: Agreement, expected_version: int, **fields: Any) -> Agreement:
    """Change the editable fields given (`sectors` replaces the whole set); one audit row. Refused
    with CONFLICT when the agreement changed since `expected_version` was read."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"agreement_update() does not change: {', '.join(sorted(unknown))}")
    if not access.may_edit(actor, agreement):
        raise PermissionDenied(MAY_NOT_EDIT)
    _lock_version(agreement, expected_version)
    agreement.refresh_from_db()
    before = snapshot(agreement)
    amount = fields.get("amount", agreement.amount)
    currency = fields.get("currency", agreement.currency)
    _check_money(amount, currency)
    _check_event(fields.get("event", agreement.event))
    if fields.get("signed_on", agreement.signed_on) != agreement.signed_on:
        _check_deadlines_after(agreement, fields["signed_on"])
    sectors = fields.pop("sectors", None)
    for name, value in fields.items():
        setattr(agreement, name, plain_text(value) if name in _PLAIN_TEXT_FIELDS else value)
    try:
        agreement.full_clean()
        agreement.version += 1
        _save(agreement)
    except ValidationError:
        agreement.refresh_from_db()  # the caller's object shows what is stored, not the refused values
        raise
    if sectors is not None:
        agreement.sectors.set(list(sectors))
    record(actor=actor, instance=agreement, action=AuditEntry.Action.UPDATE, before=before)
    if before["visibility"] != agreement.visibility:
        sync_commitment_audience(agreement, actor=actor)
    return agreement


def _check_deadlines_after(agreement: Agreement, signed_on: datetime.date | None) -> None:
    """Moving the date of signing after a commitment's deadline is the same mistake as the reverse."""
    if signed_on is None:
        return
    earlier = Commitment.objects.filter(
        source_kind=SOURCE_KIND, source_id=agreement.pk, deadline__lt=signed_on
    ).exists()
    if earlier:
        raise ValidationError(
            {"signed_on": ValidationError(DEADLINE_BEFORE_SIGNING, params={"signed": signed_on.isoformat()})}
        )


@transaction.atomic
def agreement_set_status(
    *, actor: User, agreement: Agreement, status: str, expected_version: int
) -> Agreement:
    """Move the agreement to `status` as the TRANSITIONS table allows."""
    if not access.may_edit(actor, agreement):
        raise PermissionDenied(MAY_NOT_EDIT)
    _lock_version(agreement, expected_version)
    agreement.refresh_from_db()
    current = agreement.status
    if status not in AgreementStatus.values or not can_transition(current, status):
        new_label = AgreementStatus(status).label if status in AgreementStatus.values else status
        raise ApplicationError(
            str(TRANSITION_NOT_ALLOWED % {"current": AgreementStatus(current).label, "new": new_label}),
            code="transition_not_allowed",
        )
    if status != AgreementStatus.DRAFT and agreement.signed_on is None:
        raise ApplicationError(str(SIGN_NEEDS_DATE), code="signed_on_missing")
    before = snapshot(agreement)
    agreement.status = status
    agreement.version += 1
    agreement.full_clean()
    agreement.save(update_fields=["status", "version", "updated_at"])
    record(actor=actor, instance=agreement, action=AuditEntry.Action.UPDATE, before=before)
    return agreement


@transaction.atomic
def agreement_add_party(
    *, actor: User, agreement: Agreement, party: PartyInput, expected_version: int | None = None
) -> AgreementParty:
    """One more party; the agreement's commitments become visible to it if the agreement is restricted."""
    if not access.may_edit(actor, agreement):
        raise PermissionDenied(MAY_NOT_EDIT)
    if expected_version is not None:
        _lock_version(agreement, expected_version)
    _check_party(party)
    existing = list(agreement.parties.select_related("settlement", "organisation").all())
    existing_keys = {
        ("organisation", row.organisation_id)
        if row.organisation_id
        else ("settlement", row.settlement_id)
        if row.settlement_id
        else ("region", row.region_id)
        for row in existing
    }
    if party.key in existing_keys:
        raise ValidationError(PARTY_TWICE, code="party_twice")
    order = max((row.order for row in existing), default=-1) + 1
    row = _add_party(actor=actor, agreement=agreement, party=party, order=order)
    Agreement.objects.filter(pk=agreement.pk).update(version=agreement.version + 1)
    agreement.version += 1
    sync_commitment_audience(agreement, actor=actor)
    return row


@transaction.atomic
def agreement_add_document(
    *, actor: User, agreement: Agreement, file: UploadedFile, title: str = ""
) -> AgreementDocument:
    """A document of the agreement (the signed text, an annex...), its size and type checked."""
    if not access.may_edit(actor, agreement):
        raise PermissionDenied(MAY_NOT_EDIT)
    try:
        checked = check_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error}) from None
    document = AgreementDocument(
        agreement=agreement,
        title=plain_text(title) or checked.name,
        file=file,
        original_name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    document.save()
    record(actor=actor, instance=document, action=AuditEntry.Action.CREATE)
    return document


@transaction.atomic
def agreement_add_commitment(
    *,
    actor: User | None,
    agreement: Agreement,
    title: str,
    responsible_organisation: Organisation | None = None,
    responsible_region: Region | None = None,
    counterpart_organisation: Organisation | None = None,
    counterpart_region: Region | None = None,
    deadline: datetime.date | None = None,
    report_every: str = ReportEvery.NONE,
    indicator_unit: str = "",
    planned_value: decimal.Decimal | None = None,
    weight: int = 1,
    co_executors: Iterable[Organisation] = (),
    description: str = "",
    may_manage: bool = False,
) -> Commitment:
    """An item of the agreement's action plan: a commitment of the engine, with the agreement's
    visibility. Its editors may add items for any party's side (the engine is told so); where both
    sides act, `counterpart_organisation` / `counterpart_region` name the other side's party."""
    if not may_manage and (actor is None or not access.may_edit(actor, agreement)):
        raise PermissionDenied(MAY_NOT_EDIT)
    if responsible_organisation is None and responsible_region is None:
        raise ValidationError(
            {"responsible_organisation": ValidationError(RESPONSIBLE_NEEDED, code="required")}
        )
    if deadline is not None and agreement.signed_on is not None and deadline < agreement.signed_on:
        raise ValidationError(
            {
                "deadline": ValidationError(
                    DEADLINE_BEFORE_SIGNING,
                    code="deadline_before_signing",
                    params={"signed": agreement.signed_on.isoformat()},
                )
            }
        )
    parties = list(agreement.parties.select_related("settlement", "organisation").all())
    restricted = agreement.visibility != Visibility.PUBLIC
    region_ids = access.party_region_ids(parties) if restricted else set()
    organisation_ids = access.party_organisation_ids(parties) if restricted else set()
    return commitment_services.commitment_create(
        actor=actor,
        may_manage=True,
        source_kind=SOURCE_KIND,
        source_id=agreement.pk,
        title=title,
        responsible_organisation=responsible_organisation,
        responsible_region=responsible_region,
        counterpart_organisation=counterpart_organisation,
        counterpart_region=counterpart_region,
        deadline=deadline,
        report_every=report_every,
        indicator_unit=indicator_unit,
        planned_value=planned_value,
        weight=weight,
        co_executors=co_executors,
        description=description,
        is_public=not restricted,
        audience_regions=Region.objects.filter(pk__in=region_ids).order_by("pk"),
        audience_organisations=Organisation.objects.filter(pk__in=organisation_ids).order_by("pk"),
    )

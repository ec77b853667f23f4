"""Writing agreements through the JSON API, with a token (mosty.api.auth), through the same services
and the same access checks as the pages: nothing here writes a model.

- `POST /api/v1/agreements`: a new agreement with its parties (services.agreement_create).
- `PATCH /api/v1/agreements/{id}`: change fields; the body carries the `version` it was read at,
  a newer stored version answers 409 `conflict` (services.agreement_update).
- `POST /api/v1/agreements/{id}/commitments`: an item of the action plan
  (services.agreement_add_commitment).

Documents are not uploaded through the API. Answers: 401 without a working token, 403 when the
token's user may not do this, 404 for an agreement they may not see, 400 with `details` per field.

The operations are added to the read router of mosty.agreements.api, so that each path has one
view answering all its methods (two routers with the same path would hide one another).
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import time.

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Schema, Status

from mosty.agreements import access, selectors, services
from mosty.agreements.api import MAX_ID, AgreementDetailOut, router
from mosty.agreements.models import Agreement, AgreementKind, AgreementStatus, Prolongation, Visibility
from mosty.agreements.selectors import AgreementFilters
from mosty.api.auth import TOKEN_AUTH, WRITE_THROTTLE
from mosty.commitments.access import visible_commitments
from mosty.commitments.api import CommitmentOut
from mosty.commitments.models import Commitment, ReportEvery
from mosty.commitments.selectors import commitment_detail, scorecard
from mosty.events.models import Event
from mosty.organisations.models import Organisation
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement

__all__ = ["router"]

UNKNOWN = _("Nothing with “%(value)s” is known here.")


class PartyIn(Schema):
    region: str | None = Field(None, max_length=12, description="A region's code")
    settlement: int | None = Field(None, ge=1, le=MAX_ID, description="A settlement's id")
    organisation: int | None = Field(None, ge=1, le=MAX_ID, description="An organisation's id")
    signatory_name: str = Field("", max_length=200)
    signatory_position: str = Field("", max_length=300)


class AgreementFieldsIn(Schema):
    """The fields of an agreement; in a PATCH only those sent are changed (null clears one)."""

    number: str = Field("", max_length=40)
    title: str = Field(..., min_length=1, max_length=500)
    kind: AgreementKind
    signed_on: datetime.date | None = None
    place: str = Field("", max_length=300)
    forum: int | None = Field(None, ge=1, le=MAX_ID, description="The Forum of Regions (an event's id)")
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    prolongation: Prolongation = Prolongation.NONE
    amount: Decimal | None = Field(None, max_digits=18, decimal_places=2)
    currency: str = Field("", max_length=3, description="RUB, BYN, USD or EUR; only with an amount")
    sectors: list[str] = Field(default_factory=list, description="OKVED 2 codes", max_length=50)
    description: str = Field("", max_length=20000)
    visibility: Visibility = Visibility.PUBLIC


class AgreementIn(AgreementFieldsIn):
    status: AgreementStatus = Field(
        AgreementStatus.DRAFT, description="draft, or signed etc. for an agreement already signed"
    )
    parties: list[PartyIn] = Field(..., max_length=50, description="Two or more")


class AgreementPatch(Schema):
    version: int = Field(..., ge=1, description="The version the change was made against")
    number: str | None = Field(None, max_length=40)
    title: str | None = Field(None, min_length=1, max_length=500)
    kind: AgreementKind | None = None
    signed_on: datetime.date | None = None
    place: str | None = Field(None, max_length=300)
    forum: int | None = Field(None, ge=1, le=MAX_ID)
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    prolongation: Prolongation | None = None
    amount: Decimal | None = Field(None, max_digits=18, decimal_places=2)
    currency: str | None = Field(None, max_length=3)
    sectors: list[str] | None = Field(None, max_length=50)
    description: str | None = Field(None, max_length=20000)
    visibility: Visibility | None = None


class AgreementWriteOut(AgreementDetailOut):
    version: int = Field(description="Send it back with the next PATCH")


class CommitmentIn(Schema):
    title: str = Field(..., min_length=1, max_length=500)
    description: str = Field("", max_length=10000)
    responsible_organisation: int | None = Field(None, ge=1, le=MAX_ID, description="An organisation's id")
    responsible_region: str | None = Field(None, max_length=12, description="A region's code")
    counterpart_organisation: int | None = Field(
        None, ge=1, le=MAX_ID, description="Where both sides act: the other side's organisation's id"
    )
    counterpart_region: str | None = Field(
        None, max_length=12, description="Where both sides act: the other side's region's code"
    )
    co_executors: list[int] = Field(default_factory=list, max_length=50, description="Organisations' ids")
    deadline: datetime.date | None = None
    report_every: ReportEvery = ReportEvery.NONE
    indicator_unit: str = Field("", max_length=60)
    planned_value: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    weight: int = Field(1, ge=1, le=32767)


class CommitmentWriteOut(CommitmentOut):
    version: int


# --- Turning ids and codes into objects: an unknown one is a 400 naming its field ---------------------


def _unknown(field: str, value: object) -> ValidationError:
    return ValidationError({field: ValidationError(UNKNOWN, code="unknown", params={"value": value})})


def _one(model: type[Model], field: str, **lookup: Any) -> Any:
    found = model._default_manager.filter(**lookup).first()
    if found is None:
        raise _unknown(field, next(iter(lookup.values())))
    return found


def _many(model: type[Model], field: str, key: str, values: list[Any]) -> list[Any]:
    found = {getattr(item, key): item for item in model._default_manager.filter(**{f"{key}__in": values})}
    missing = [value for value in values if value not in found]
    if missing:
        raise _unknown(field, ", ".join(str(value) for value in missing))
    return [found[value] for value in dict.fromkeys(values)]


def _parties(parties: list[PartyIn]) -> list[services.PartyInput]:
    result = []
    for index, party in enumerate(parties):
        field = f"parties.{index}"
        result.append(
            services.PartyInput(
                region=_one(Region, field, code=party.region.upper()) if party.region else None,
                settlement=_one(Settlement, field, pk=party.settlement) if party.settlement else None,
                organisation=_one(Organisation, field, pk=party.organisation) if party.organisation else None,
                signatory_name=party.signatory_name,
                signatory_position=party.signatory_position,
            )
        )
    return result


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    """Schema fields → service keyword arguments (forum → event, codes → objects)."""
    fields = dict(data)
    if "forum" in fields:
        forum = fields.pop("forum")
        fields["event"] = _one(Event, "forum", pk=forum) if forum is not None else None
    if "sectors" in fields:
        fields["sectors"] = _many(Sector, "sectors", "code", fields["sectors"] or [])
    for name in ("number", "place", "description", "currency"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    if fields.get("currency"):
        fields["currency"] = fields["currency"].upper()
    return fields


def _shown(request: HttpRequest, agreement: Agreement) -> Agreement:
    """The agreement as GET /agreements/{id} shows it, with its version."""
    shown = selectors.agreement_list(Agreement.objects.filter(pk=agreement.pk), AgreementFilters()).get()
    commitments = visible_commitments(request.user, selectors.agreement_commitments(agreement))
    shown.scorecard = scorecard(commitments)  # type: ignore[attr-defined]
    return shown


# --- Operations --------------------------------------------------------------------------------------


@router.post(
    "agreements",
    response={201: AgreementWriteOut},
    auth=TOKEN_AUTH,
    throttle=WRITE_THROTTLE,
    summary="Record an agreement",
)
def agreement_create(request: HttpRequest, payload: AgreementIn) -> Status[Agreement]:
    """A new agreement with its parties (two or more: a region by code, a settlement or an
    organisation by id). Commission and admin may record any; a coordinator one with a party in
    their region."""
    data = payload.model_dump()
    parties = _parties(payload.parties)
    data.pop("parties")
    agreement = services.agreement_create(actor=request.user, parties=parties, **_fields(data))  # type: ignore[arg-type]
    return Status(201, _shown(request, agreement))


@router.patch(
    "agreements/{id}",
    response=AgreementWriteOut,
    auth=TOKEN_AUTH,
    throttle=WRITE_THROTTLE,
    summary="Change an agreement",
)
def agreement_update(
    request: HttpRequest, payload: AgreementPatch, id: int = Path(..., ge=1, le=MAX_ID)
) -> Agreement:
    """Change the fields sent; the others stay. `version` is the one the change was made against:
    when someone changed the agreement since, nothing is saved and the answer is 409 `conflict`."""
    agreement = access.agreement_for_user(request.user, id, action="edit")
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    for name in ("title", "kind", "prolongation", "visibility"):
        if name in data and data[name] is None:
            raise ValidationError({name: ValidationError(_("This field cannot be empty."), code="required")})
    services.agreement_update(
        actor=request.user,  # type: ignore[arg-type]
        agreement=agreement,
        expected_version=version,
        **_fields(data),
    )
    return _shown(request, agreement)


@router.post(
    "agreements/{id}/commitments",
    response={201: CommitmentWriteOut},
    auth=TOKEN_AUTH,
    throttle=WRITE_THROTTLE,
    summary="Add a commitment to an agreement's action plan",
)
def agreement_add_commitment(
    request: HttpRequest, payload: CommitmentIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[Commitment]:
    """An item of the action plan, with the agreement's visibility; its responsible party is an
    organisation (id) or a region (code), and where both sides act the responsible party on the
    other side (`counterpart_organisation` / `counterpart_region`, in the other country)."""
    agreement = access.agreement_for_user(request.user, id, action="edit")
    data = payload.model_dump()
    for prefix in ("responsible", "counterpart"):
        organisation = data.pop(f"{prefix}_organisation")
        region = data.pop(f"{prefix}_region")
        data[f"{prefix}_organisation"] = (
            _one(Organisation, f"{prefix}_organisation", pk=organisation) if organisation else None
        )
        data[f"{prefix}_region"] = _one(Region, f"{prefix}_region", code=region.upper()) if region else None
    data["co_executors"] = _many(Organisation, "co_executors", "pk", data["co_executors"])
    commitment = services.agreement_add_commitment(actor=request.user, agreement=agreement, **data)  # type: ignore[arg-type]
    return Status(201, commitment_detail(commitment.pk))

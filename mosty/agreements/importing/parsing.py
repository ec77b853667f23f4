"""Parsing the cells of each row into the services' arguments, and checking rows against each other."""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass
from typing import Any

from django.db.models import TextChoices
from django.utils import translation

from mosty.agreements.importing.messages import (
    BAD_CHOICE,
    BAD_DATE,
    BAD_NUMBER,
    BAD_PARTY,
    BAD_RESPONSIBLE,
    BAD_WEIGHT,
    DUPLICATE_COMMITMENT,
    DUPLICATE_IN_FILE,
    DUPLICATE_TITLE_IN_FILE,
    REQUIRED,
    RESPONSIBLE_NOT_FOUND,
    SETTLEMENT_ELSEWHERE,
    TOO_LARGE,
    TOO_LONG,
    TOO_MANY_DECIMALS,
    TOO_MANY_RESPONSIBLE,
    UNKNOWN_FORUM,
    UNKNOWN_SECTOR,
)
from mosty.agreements.importing.reading import (
    FORMULA_CELL,
    RawRow,
)
from mosty.agreements.importing.report import (
    Problem,
)
from mosty.agreements.importing.template import (
    CENT,
    DATE_FORMATS,
    LIST_SEPARATOR,
    MAX_AMOUNT,
    ORGANISATION_PREFIX,
    PARTY_SEPARATOR,
)
from mosty.agreements.models import (
    ENDS_BEFORE_START,
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Prolongation,
    Visibility,
)
from mosty.agreements.services import (
    AMOUNT_NEEDED,
    CURRENCY_NEEDED,
    DEADLINE_BEFORE_SIGNING,
    NEGATIVE_AMOUNT,
    PARTY_NOT_FOUND,
    PARTY_TWICE,
    SIGN_NEEDS_DATE,
    TOO_FEW_PARTIES,
    UNKNOWN_CURRENCY,
    PartyInput,
)
from mosty.commitments.models import Commitment, ReportEvery
from mosty.events.models import Event, EventKind
from mosty.lib.sanitize import plain_text
from mosty.money.models import Currency
from mosty.organisations.models import Organisation
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    return str(value).strip()


def _choice_lookup(choices: type[TextChoices]) -> dict[str, str]:
    """Code or label (in Russian, Belarusian or English), any case → the code."""
    lookup: dict[str, str] = {}
    for language in ("en", "be", "ru"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup[str(label).strip().lower()] = value
    lookup.update({value.lower(): value for value in choices.values})
    return lookup


AgreementKey = tuple[int | None, str, str]  # (forum number, number, title when there is no number)


def _key(forum: int | None, number: str, title: str) -> AgreementKey:
    return (forum, number, "" if number else title)


@dataclass
class AgreementRow:
    sheet: str
    row: int
    key: AgreementKey
    fields: dict[str, Any]  # the keyword arguments of agreement_create / agreement_update
    status: str
    parties: list[PartyInput]
    ok: bool = True  # False: the row has problems and is not applied, but its plan rows still name it

    @property
    def label(self) -> str:
        return (
            f"№ {self.fields['number']} {self.fields['title']}"
            if self.fields["number"]
            else self.fields["title"]
        )


@dataclass
class CommitmentRow:
    sheet: str
    row: int
    key: AgreementKey
    fields: dict[str, Any]  # the keyword arguments of agreement_add_commitment


class Lookups:
    """What the cells refer to, each loaded once per import."""

    def __init__(self) -> None:
        self.regions = {region.code.upper(): region for region in Region.objects.all()}
        self.forums = {
            event.forum_number: event
            for event in Event.objects.filter(kind=EventKind.FORUM, forum_number__isnull=False)
        }
        self.sectors = {sector.code.upper(): sector for sector in Sector.objects.all()}
        self._settlements: dict[int, Settlement | None] = {}
        self._organisations: dict[int, Organisation | None] = {}
        self.kinds = _choice_lookup(AgreementKind)
        self.statuses = _choice_lookup(AgreementStatus)
        self.prolongations = _choice_lookup(Prolongation)
        self.visibilities = _choice_lookup(Visibility)
        self.schedules = _choice_lookup(ReportEvery)

    def settlement(self, geonameid: int) -> Settlement | None:
        if geonameid not in self._settlements:
            self._settlements[geonameid] = (
                Settlement.objects.select_related("region").filter(geonameid=geonameid).first()
            )
        return self._settlements[geonameid]

    def organisation(self, pk: int) -> Organisation | None:
        if pk not in self._organisations:
            self._organisations[pk] = Organisation.objects.filter(pk=pk).first()
        return self._organisations[pk]


def field_max_length(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


class _Cells:
    """One row's cells, parsed one by one; each bad cell adds its problem and the row is not applied."""

    def __init__(self, raw: RawRow, problems: list[Problem], lookups: Lookups) -> None:
        self.raw = raw
        self.problems = problems
        self.lookups = lookups
        self.ok = True

    def problem(self, column: str, message: Any) -> None:
        self.ok = False
        if self.raw.cells.get(column) is not FORMULA_CELL:  # a formula is reported once, when read
            self.problems.append(Problem(self.raw.sheet, self.raw.row, column, str(message)))

    def value(self, column: str) -> Any:
        value = self.raw.cells.get(column)
        if value is FORMULA_CELL:
            self.ok = False
            return None
        return value

    def text(self, column: str, *, max_length: int, required: bool = False) -> str:
        text = plain_text(_as_text(self.value(column)))
        if required and not text:
            self.problem(column, REQUIRED)
        elif len(text) > max_length:
            self.problem(column, TOO_LONG % {"limit": max_length, "length": len(text)})
        return text

    def date(self, column: str) -> datetime.date | None:
        value = self.value(column)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _as_text(value)
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        self.problem(column, BAD_DATE % {"value": text})
        return None

    def decimal(self, column: str) -> decimal.Decimal | None:
        value = self.value(column)
        if value is None:
            return None
        if isinstance(value, bool):
            text = str(value)
        elif isinstance(value, float):
            text = repr(value)
        else:
            text = _as_text(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            number = decimal.Decimal(text)
        except decimal.InvalidOperation:
            number = None
        if number is None or not number.is_finite() or isinstance(value, bool):
            self.problem(column, BAD_NUMBER % {"value": _as_text(value)})
            return None
        if number < 0:
            self.problem(column, NEGATIVE_AMOUNT)
            return None
        if number >= MAX_AMOUNT:
            self.problem(column, TOO_LARGE % {"value": text})
            return None
        if number != number.quantize(CENT):
            self.problem(column, TOO_MANY_DECIMALS % {"value": text})
            return None
        return number.quantize(CENT)

    def choice(self, column: str, lookup: dict[str, str], default: str = "") -> str:
        text = _as_text(self.value(column))
        if not text:
            if not default:
                self.problem(column, REQUIRED)
            return default
        code = lookup.get(text.lower())
        if code is None:
            choices = ", ".join(sorted(set(lookup.values())))
            self.problem(column, BAD_CHOICE % {"value": text, "choices": choices})
            return default
        return code

    def forum(self, column: str) -> tuple[int | None, Event | None]:
        text = _as_text(self.value(column))
        if not text:
            return None, None
        event = self.lookups.forums.get(int(text)) if text.isdigit() else None
        if event is None:
            self.problem(column, UNKNOWN_FORUM % {"value": text})
            return None, None
        return event.forum_number, event

    def currency(self, column: str) -> str:
        text = _as_text(self.value(column)).upper()
        if text and text not in Currency.values:
            self.problem(column, UNKNOWN_CURRENCY % {"value": text})
            return ""
        return text

    def sectors(self, column: str) -> list[Sector]:
        found: list[Sector] = []
        for code in _as_text(self.value(column)).split(LIST_SEPARATOR):
            code = code.strip()
            if not code:
                continue
            sector = self.lookups.sectors.get(code.upper())
            if sector is None:
                self.problem(column, UNKNOWN_SECTOR % {"value": code})
            elif sector not in found:
                found.append(sector)
        return found

    def _reference(self, text: str) -> Region | Settlement | Organisation | None:
        """A region, settlement or organisation named as in the template; None if it does not exist.
        Raises ValueError when the text is not written as a reference at all."""
        if text.lower().startswith(ORGANISATION_PREFIX):
            number = text[len(ORGANISATION_PREFIX) :].strip()
            if not number.isdigit():
                raise ValueError(text)
            return self.lookups.organisation(int(number))
        code, _slash, geonameid = text.partition("/")
        code = code.strip().upper()
        if not code or " " in code:
            raise ValueError(text)
        region = self.lookups.regions.get(code)
        if not _slash:
            return region
        if not geonameid.strip().isdigit():
            raise ValueError(text)
        settlement = self.lookups.settlement(int(geonameid.strip()))
        if settlement is not None and region is not None and settlement.region_id != region.pk:
            raise LookupError(code)
        return settlement

    def parties(self, column: str) -> list[PartyInput]:
        parties: list[PartyInput] = []
        items = [item.strip() for item in _as_text(self.value(column)).split(LIST_SEPARATOR) if item.strip()]
        if not items:
            self.problem(column, REQUIRED)
            return parties
        for item in items:
            reference, *signatory = (part.strip() for part in item.split(PARTY_SEPARATOR))
            if len(signatory) > 2:
                self.problem(column, BAD_PARTY % {"value": item})
                continue
            try:
                party = self._reference(reference)
            except ValueError:
                self.problem(column, BAD_PARTY % {"value": item})
                continue
            except LookupError as error:
                self.problem(column, SETTLEMENT_ELSEWHERE % {"value": reference, "region": error.args[0]})
                continue
            if party is None:
                self.problem(column, PARTY_NOT_FOUND % {"value": reference})
                continue
            name = plain_text(signatory[0]) if signatory else ""
            position = plain_text(signatory[1]) if len(signatory) > 1 else ""
            too_long = [
                (limit, len(text))
                for text, limit in (
                    (name, field_max_length(AgreementParty, "signatory_name")),
                    (position, field_max_length(AgreementParty, "signatory_position")),
                )
                if len(text) > limit
            ]
            if too_long:
                self.problem(column, TOO_LONG % {"limit": too_long[0][0], "length": too_long[0][1]})
                continue
            parties.append(
                PartyInput(
                    region=party if isinstance(party, Region) else None,
                    settlement=party if isinstance(party, Settlement) else None,
                    organisation=party if isinstance(party, Organisation) else None,
                    signatory_name=name,
                    signatory_position=position,
                )
            )
        keys = [party.key for party in parties]
        if len(set(keys)) != len(keys):
            self.problem(column, PARTY_TWICE)
        elif len(parties) == len(items) and len(parties) < 2:  # a party refused above is its own problem
            self.problem(column, TOO_FEW_PARTIES)
        return parties

    def responsible(self, column: str) -> list[tuple[Region | None, Organisation | None]]:
        """The responsible party of each side: the first side's, then (where both sides act) the
        other side's, separated by LIST_SEPARATOR. An empty list when the cell has a problem."""
        text = _as_text(self.value(column))
        if not text:
            self.problem(column, REQUIRED)
            return []
        parts = [part.strip() for part in text.split(LIST_SEPARATOR)]
        if len(parts) > 2:
            self.problem(column, TOO_MANY_RESPONSIBLE % {"value": text})
            return []
        sides = [self._responsible_party(column, part) for part in parts]
        if any(side == (None, None) for side in sides):
            return []
        return sides

    def _responsible_party(self, column: str, text: str) -> tuple[Region | None, Organisation | None]:
        if not text:
            self.problem(column, BAD_RESPONSIBLE % {"value": text})
            return None, None
        try:
            found = self._reference(text)
        except (ValueError, LookupError):
            found = None
            self.problem(column, BAD_RESPONSIBLE % {"value": text})
            return None, None
        if isinstance(found, Settlement):
            self.problem(column, BAD_RESPONSIBLE % {"value": text})
            return None, None
        if found is None:
            self.problem(column, RESPONSIBLE_NOT_FOUND % {"value": text})
            return None, None
        return (found, None) if isinstance(found, Region) else (None, found)

    def weight(self, column: str) -> int:
        value = self.value(column)
        if value is None:
            return 1
        text = _as_text(value)
        if not text.isdigit() or not 1 <= int(text) <= 1000:
            self.problem(column, BAD_WEIGHT % {"value": text})
            return 1
        return int(text)


def parse_agreement(raw: RawRow, problems: list[Problem], lookups: Lookups) -> AgreementRow:
    cells = _Cells(raw, problems, lookups)
    forum_number, event = cells.forum("forum")
    fields: dict[str, Any] = {
        "number": cells.text("number", max_length=field_max_length(Agreement, "number")),
        "title": cells.text("title", max_length=field_max_length(Agreement, "title"), required=True),
        "kind": cells.choice("kind", lookups.kinds),
        "signed_on": cells.date("signed_on"),
        "place": cells.text("place", max_length=field_max_length(Agreement, "place")),
        "event": event,
        "valid_from": cells.date("valid_from"),
        "valid_to": cells.date("valid_to"),
        "prolongation": cells.choice("prolongation", lookups.prolongations, Prolongation.NONE),
        "amount": cells.decimal("amount"),
        "currency": cells.currency("currency"),
        "sectors": cells.sectors("sectors"),
        "description": cells.text("description", max_length=field_max_length(Agreement, "description")),
        "visibility": cells.choice("visibility", lookups.visibilities, Visibility.PUBLIC),
    }
    status = cells.choice("status", lookups.statuses, AgreementStatus.DRAFT)
    parties = cells.parties("parties")
    if cells.ok:  # the checks across cells, once each cell is right
        if fields["amount"] is not None and not fields["currency"]:
            cells.problem("currency", CURRENCY_NEEDED)
        if fields["amount"] is None and fields["currency"]:
            cells.problem("amount", AMOUNT_NEEDED)
        if fields["valid_from"] and fields["valid_to"] and fields["valid_to"] < fields["valid_from"]:
            cells.problem("valid_to", ENDS_BEFORE_START)
        if status != AgreementStatus.DRAFT and fields["signed_on"] is None:
            cells.problem("signed_on", SIGN_NEEDS_DATE)
    key = _key(forum_number, fields["number"], fields["title"])
    return AgreementRow(raw.sheet, raw.row, key, fields, status, parties, ok=cells.ok)


def parse_commitment(raw: RawRow, problems: list[Problem], lookups: Lookups) -> CommitmentRow | None:
    cells = _Cells(raw, problems, lookups)
    forum_number, _event = cells.forum("forum")
    number = cells.text("number", max_length=field_max_length(Agreement, "number"))
    title = cells.text("title", max_length=field_max_length(Agreement, "title"), required=not number)
    sides = cells.responsible("responsible")
    sides += [(None, None)] * (2 - len(sides))
    (region, organisation), (counterpart_region, counterpart_organisation) = sides
    fields: dict[str, Any] = {
        "title": cells.text("commitment", max_length=field_max_length(Commitment, "title"), required=True),
        "responsible_region": region,
        "responsible_organisation": organisation,
        "counterpart_region": counterpart_region,
        "counterpart_organisation": counterpart_organisation,
        "deadline": cells.date("deadline"),
        "report_every": cells.choice("report_every", lookups.schedules, ReportEvery.NONE),
        "indicator_unit": cells.text(
            "indicator_unit", max_length=field_max_length(Commitment, "indicator_unit")
        ),
        "planned_value": cells.decimal("planned_value"),
        "weight": cells.weight("weight"),
    }
    if not cells.ok:
        return None
    return CommitmentRow(raw.sheet, raw.row, _key(forum_number, number, title), fields)


def check_across_rows(
    agreements: list[AgreementRow], commitments: list[CommitmentRow], problems: list[Problem]
) -> tuple[list[AgreementRow], list[CommitmentRow], set[AgreementKey]]:
    """Rows that contradict each other: the later one of two is a problem and is not applied.
    Returns the agreement and commitment rows to apply, and the keys of the agreement rows that
    are not applied (their plan rows are left out silently: the agreement's row has the problem)."""
    first: dict[AgreementKey, AgreementRow] = {}
    kept_agreements: list[AgreementRow] = []
    for row in agreements:
        earlier = first.get(row.key)
        if earlier is not None:
            message = DUPLICATE_IN_FILE if row.key[1] else DUPLICATE_TITLE_IN_FILE
            column = "number" if row.key[1] else "title"
            problems.append(Problem(row.sheet, row.row, column, str(message % {"row": earlier.row})))
            continue
        first[row.key] = row
        if row.ok:
            kept_agreements.append(row)
    refused = {key for key, row in first.items() if not row.ok}
    seen: dict[tuple[AgreementKey, str], CommitmentRow] = {}
    kept_commitments: list[CommitmentRow] = []
    for commitment in commitments:
        key = (commitment.key, commitment.fields["title"])
        if key in seen:
            duplicate = DUPLICATE_COMMITMENT % {"row": seen[key].row}
            problems.append(Problem(commitment.sheet, commitment.row, "commitment", str(duplicate)))
            continue
        seen[key] = commitment
        agreement = first.get(commitment.key)
        deadline = commitment.fields["deadline"]
        signed_on = agreement.fields["signed_on"] if agreement is not None else None
        if deadline is not None and signed_on is not None and deadline < signed_on:
            too_early = DEADLINE_BEFORE_SIGNING % {"signed": signed_on.isoformat()}
            problems.append(Problem(commitment.sheet, commitment.row, "deadline", str(too_early)))
            continue
        kept_commitments.append(commitment)
    return kept_agreements, kept_commitments, refused

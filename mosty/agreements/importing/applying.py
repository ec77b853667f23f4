"""Applying the parsed rows through the services, each row in a savepoint."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction

from mosty.accounts.models import User
from mosty.agreements import access, selectors, services
from mosty.agreements.importing.messages import (
    AMBIGUOUS_AGREEMENT,
    AMBIGUOUS_COMMITMENT,
    NO_SUCH_AGREEMENT,
    PARTY_NOT_REMOVED,
    SIGNATORY_NOT_CHANGED,
)
from mosty.agreements.importing.parsing import (
    AgreementKey,
    AgreementRow,
    CommitmentRow,
)
from mosty.agreements.importing.report import (
    Change,
    ImportReport,
    Problem,
)
from mosty.agreements.importing.template import (
    AGREEMENT_KEYS,
    PLAN_KEYS,
    RECORD_AGREEMENT,
    RECORD_COMMITMENT,
)
from mosty.agreements.models import (
    CURRENCY_WITH_AMOUNT,
    DUPLICATE_NUMBER,
    ENDS_BEFORE_START,
    ONE_PARTY_KIND,
    SIGNED_WITHOUT_DATE,
    SOURCE_KIND,
    TRANSITIONS,
    Agreement,
    AgreementParty,
)
from mosty.agreements.models import NEGATIVE_AMOUNT as MODEL_NEGATIVE_AMOUNT
from mosty.agreements.services import (
    DEADLINE_BEFORE_SIGNING,
    MAY_NOT_EDIT,
    PARTY_TWICE,
    TOO_FEW_PARTIES,
    PartyInput,
)
from mosty.commitments import services as commitment_services
from mosty.commitments.models import Commitment
from mosty.core.errors import ApplicationError


class _RowRefused(Exception):
    """Problems found while applying a row; raised inside the row's savepoint to undo its writes."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


# Messages of the models' constraints, which full_clean() reports for no field: the column they are about.
def _message_columns() -> dict[str, str]:
    return {
        str(ENDS_BEFORE_START): "valid_to",
        str(CURRENCY_WITH_AMOUNT): "currency",
        str(MODEL_NEGATIVE_AMOUNT): "amount",
        str(SIGNED_WITHOUT_DATE): "signed_on",
        str(DUPLICATE_NUMBER): "number",
        str(ONE_PARTY_KIND): "parties",
        str(PARTY_TWICE): "parties",
        str(TOO_FEW_PARTIES): "parties",
    }


_AGREEMENT_FIELD_COLUMNS = {"event": "forum", "sectors": "sectors", "parties": "parties"}
_COMMITMENT_FIELD_COLUMNS = {
    "title": "commitment",
    "responsible_organisation": "responsible",
    "responsible_region": "responsible",
    "counterpart_organisation": "responsible",
    "counterpart_region": "responsible",
}


def _error_problems(
    error: ValidationError, field_columns: dict[str, str], keys: Sequence[str]
) -> list[tuple[str, str]]:
    """A service's ValidationError as (column, message) pairs."""
    by_message = _message_columns()
    found: list[tuple[str, str]] = []
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                column = field_columns.get(name) or (name if name in keys else "")
                if name == NON_FIELD_ERRORS or not column:
                    column = by_message.get(message, "")
                found.append((column, message))
    else:
        found.extend((by_message.get(message, ""), message) for message in error.messages)
    return found


def _status_path(current: str, target: str) -> list[str]:
    """The statuses to go through from `current` to `target` as TRANSITIONS allows (shortest way);
    just [target] when there is none, so that the service says why."""
    queue: deque[tuple[str, list[str]]] = deque([(current, [])])
    seen = {current}
    while queue:
        status, path = queue.popleft()
        for following in sorted(TRANSITIONS.get(status, frozenset())):
            if following == target:
                return [*path, following]
            if following not in seen:
                seen.add(following)
                queue.append((following, [*path, following]))
    return [target]


def _party_key(party: AgreementParty) -> tuple[str, int | None]:
    if party.organisation_id:
        return ("organisation", party.organisation_id)
    if party.settlement_id:
        return ("settlement", party.settlement_id)
    return ("region", party.region_id)


def _party_label(party: AgreementParty | PartyInput) -> str:
    from mosty.agreements.exporting import party_reference

    return party_reference(party)


_FOREIGN_KEYS = frozenset(
    {"responsible_region", "responsible_organisation", "counterpart_region", "counterpart_organisation"}
)


def _stored(commitment: Commitment, name: str) -> Any:
    """The commitment's stored value (a foreign key's id, without loading the object)."""
    return getattr(commitment, f"{name}_id" if name in _FOREIGN_KEYS else name)


class Importer:
    def __init__(self, actor: User, report: ImportReport, refused: Iterable[AgreementKey] = ()) -> None:
        self.actor = actor
        self.report = report
        # Agreements applied from this file, by key; None for a row that was refused.
        self.applied: dict[AgreementKey, Agreement | None] = dict.fromkeys(refused)

    def _problem(self, sheet: str, row: int, column: str, message: Any) -> None:
        self.report.problems.append(Problem(sheet, row, column, str(message)))

    def find_agreement(self, key: AgreementKey) -> Agreement | None:
        """The recorded agreement the key names, among those the importer may see."""
        forum, number, title = key
        agreements = access.visible_agreements(self.actor).filter(number=number)
        if forum is None:
            agreements = agreements.filter(event=None)
        else:
            agreements = agreements.filter(event__forum_number=forum)
        if not number:
            agreements = agreements.filter(title=title)
        pks = list(agreements.order_by("pk").values_list("pk", flat=True)[:2])
        if len(pks) > 1:
            raise _RowRefused([("number", str(AMBIGUOUS_AGREEMENT))])
        return selectors.agreement_detail(pks[0]) if pks else None

    # Agreements

    def apply_agreement(self, row: AgreementRow) -> Change:
        existing = self.find_agreement(row.key)
        if existing is None:
            try:
                agreement = services.agreement_create(
                    actor=self.actor, parties=row.parties, status=row.status, **row.fields
                )
            except PermissionDenied as error:
                raise _RowRefused([("parties", str(error) or str(MAY_NOT_EDIT))]) from None
            self.applied[row.key] = selectors.agreement_detail(agreement.pk)
            return Change(row.sheet, row.row, RECORD_AGREEMENT, "created", row.label)
        changed = self._update_agreement(existing, row)
        self.applied[row.key] = selectors.agreement_detail(existing.pk) if changed else existing
        return Change(
            row.sheet,
            row.row,
            RECORD_AGREEMENT,
            "updated" if changed else "unchanged",
            row.label,
            tuple(changed),
        )

    def _update_agreement(self, agreement: Agreement, row: AgreementRow) -> list[str]:
        """Bring the recorded agreement to the row; the columns changed."""
        changed: dict[str, Any] = {}
        for name, value in row.fields.items():
            if name == "sectors":
                if {sector.pk for sector in value} != {sector.pk for sector in agreement.sectors.all()}:
                    changed[name] = value
            elif name == "event":
                if (value.pk if value else None) != agreement.event_id:
                    changed[name] = value
            elif getattr(agreement, name) != value:
                changed[name] = value
        recorded = {_party_key(party): party for party in agreement.parties.all()}
        wanted = {party.key: party for party in row.parties}
        refusals = [
            ("parties", str(PARTY_NOT_REMOVED % {"value": _party_label(party)}))
            for key, party in recorded.items()
            if key not in wanted
        ]
        refusals += [
            ("parties", str(SIGNATORY_NOT_CHANGED % {"value": _party_label(party)}))
            for key, party in wanted.items()
            if key in recorded
            and (party.signatory_name, party.signatory_position)
            != (recorded[key].signatory_name, recorded[key].signatory_position)
        ]
        if refusals:
            raise _RowRefused(refusals)
        added = [party for key, party in wanted.items() if key not in recorded]
        columns = [_AGREEMENT_FIELD_COLUMNS.get(name, name) for name in changed]
        if not (changed or added or row.status != agreement.status):
            return columns
        if not access.may_edit(self.actor, agreement):
            raise _RowRefused([("", str(MAY_NOT_EDIT))])
        if changed:
            services.agreement_update(
                actor=self.actor, agreement=agreement, expected_version=agreement.version, **changed
            )
        if row.status != agreement.status:
            columns.append("status")
            for status in _status_path(agreement.status, row.status):
                try:
                    services.agreement_set_status(
                        actor=self.actor,
                        agreement=agreement,
                        status=status,
                        expected_version=agreement.version,
                    )
                except ApplicationError as error:
                    raise _RowRefused([("status", error.message)]) from None
        for party in added:
            services.agreement_add_party(
                actor=self.actor, agreement=agreement, party=party, expected_version=agreement.version
            )
        if added:
            columns.append("parties")
        return columns

    # Commitments

    def agreement_for(self, row: CommitmentRow) -> Agreement | None:
        if row.key in self.applied:
            return self.applied[row.key]
        agreement = self.find_agreement(row.key)
        if agreement is None:
            raise _RowRefused([("number" if row.key[1] else "title", str(NO_SUCH_AGREEMENT))])
        self.applied[row.key] = agreement
        return agreement

    def apply_commitment(self, row: CommitmentRow) -> Change | None:
        agreement = self.agreement_for(row)
        if agreement is None:
            return None  # its agreement's row was refused; its problems are listed there
        fields = row.fields
        label = f"{agreement} — {fields['title']}"[:300]
        deadline = fields["deadline"]
        if deadline is not None and agreement.signed_on is not None and deadline < agreement.signed_on:
            message = DEADLINE_BEFORE_SIGNING % {"signed": agreement.signed_on.isoformat()}
            raise _RowRefused([("deadline", str(message))])
        matches = list(
            Commitment.objects.filter(
                source_kind=SOURCE_KIND, source_id=agreement.pk, title=fields["title"]
            ).order_by("pk")[:2]
        )
        if len(matches) > 1:
            raise _RowRefused([("commitment", str(AMBIGUOUS_COMMITMENT))])
        if not matches:
            services.agreement_add_commitment(actor=self.actor, agreement=agreement, **fields)
            return Change(row.sheet, row.row, RECORD_COMMITMENT, "created", label)
        commitment = matches[0]
        changed = {
            name: value
            for name, value in fields.items()
            if name != "title"
            and _stored(commitment, name) != (value.pk if name in _FOREIGN_KEYS and value else value)
        }
        if not changed:
            return Change(row.sheet, row.row, RECORD_COMMITMENT, "unchanged", label)
        if not access.may_edit(self.actor, agreement):
            raise _RowRefused([("", str(MAY_NOT_EDIT))])
        commitment_services.commitment_update(
            actor=self.actor,
            commitment=commitment,
            expected_version=commitment.version,
            # The actor may edit the agreement, so its action plan (as agreement_add_commitment says).
            may_manage=True,
            **changed,
        )
        columns = tuple(dict.fromkeys(_COMMITMENT_FIELD_COLUMNS.get(name, name) for name in changed))
        return Change(row.sheet, row.row, RECORD_COMMITMENT, "updated", label, columns)

    def run(self, agreements: Iterable[AgreementRow], commitments: Iterable[CommitmentRow]) -> None:
        for agreement_row in agreements:
            self._apply(agreement_row, AGREEMENT_KEYS, _AGREEMENT_FIELD_COLUMNS, "parties")
        for commitment_row in commitments:
            self._apply(commitment_row, PLAN_KEYS, _COMMITMENT_FIELD_COLUMNS, "")

    def _apply(
        self,
        row: AgreementRow | CommitmentRow,
        keys: Sequence[str],
        field_columns: dict[str, str],
        permission_column: str,
    ) -> None:
        problems: list[tuple[str, str]] = []
        try:
            with transaction.atomic():  # a savepoint: a refused row leaves nothing behind
                if isinstance(row, AgreementRow):
                    change: Change | None = self.apply_agreement(row)
                else:
                    change = self.apply_commitment(row)
        except _RowRefused as refused:
            problems = refused.problems
        except ValidationError as error:
            problems = _error_problems(error, field_columns, keys)
        except PermissionDenied as error:
            problems = [(permission_column, str(error) or str(MAY_NOT_EDIT))]
        except ApplicationError as error:
            problems = [("", error.message)]
        else:
            if change is not None:
                self.report.changes.append(change)
            return
        if isinstance(row, AgreementRow):
            self.applied[row.key] = None
        for column, message in problems:
            self._problem(row.sheet, row.row, column, message)

"""The agreement services: the lifecycle table, refusals of bad input (nothing saved), optimistic
locking, the action plan and its visibility, and the audit rows."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import override

from mosty import factories
from mosty.accounts.models import User
from mosty.agreements import services
from mosty.agreements.models import (
    DUPLICATE_NUMBER,
    TRANSITIONS,
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Visibility,
)
from mosty.agreements.services import PartyInput
from mosty.commitments.access import visible_commitments
from mosty.commitments.models import Commitment
from mosty.core.audit import history_for
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.events.models import Event
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

from .conftest import SIGNED

PDF = b"%PDF-1.4 test document"


@pytest.fixture(autouse=True)
def _messages_in_english() -> Iterator[None]:
    """Refusals are compared with their English wording; page tests check the reader's language."""
    with translation.override("en"):
        yield


def _create(actor: User, region_ru: Region, region_by: Region, **fields: Any) -> Agreement:
    defaults: dict[str, Any] = {
        "title": "Соглашение",
        "kind": AgreementKind.BETWEEN_REGIONS,
        "parties": [PartyInput(region=region_ru), PartyInput(region=region_by)],
    }
    return services.agreement_create(actor=actor, **{**defaults, **fields})


def _counts() -> tuple[int, int, int, int]:
    return (
        Agreement.objects.count(),
        AgreementParty.objects.count(),
        AgreementDocument.objects.count(),
        AuditEntry.objects.count(),
    )


# --- The lifecycle table ------------------------------------------------------------------------------

ALL_PAIRS = [(current, new) for current in AgreementStatus.values for new in AgreementStatus.values]


@pytest.mark.parametrize(("current", "new"), ALL_PAIRS)
def test_status_changes_follow_the_table(
    commission_member: User, region_ru: Region, region_by: Region, current: str, new: str
) -> None:
    agreement = _create(commission_member, region_ru, region_by, signed_on=SIGNED)
    Agreement.objects.filter(pk=agreement.pk).update(status=current)
    agreement.refresh_from_db()
    allowed = new in TRANSITIONS[current]
    if allowed:
        services.agreement_set_status(
            actor=commission_member, agreement=agreement, status=new, expected_version=agreement.version
        )
        agreement.refresh_from_db()
        assert agreement.status == new
    else:
        with pytest.raises(ApplicationError) as error:
            services.agreement_set_status(
                actor=commission_member, agreement=agreement, status=new, expected_version=agreement.version
            )
        assert error.value.code == "transition_not_allowed"
        agreement.refresh_from_db()
        assert agreement.status == current


def test_lifecycle_runs_from_draft_to_completed_with_an_audit_row_each_step(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    agreement = _create(commission_member, region_ru, region_by, signed_on=SIGNED)
    for status in (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED):
        services.agreement_set_status(
            actor=commission_member, agreement=agreement, status=status, expected_version=agreement.version
        )
    statuses = [entry.changes.get("status") for entry in history_for(agreement) if entry.action == "update"]
    assert statuses == [["in_force", "completed"], ["signed", "in_force"], ["draft", "signed"]]


def test_a_draft_without_a_date_cannot_be_signed(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    agreement = _create(commission_member, region_ru, region_by)
    with pytest.raises(ApplicationError) as error:
        services.agreement_set_status(
            actor=commission_member, agreement=agreement, status="signed", expected_version=agreement.version
        )
    assert error.value.message == str(services.SIGN_NEEDS_DATE)


# --- Bad input: refused with a message, nothing saved ---------------------------------------------------


def _message(error: ValidationError, field: str | None = None) -> str:
    if field is not None:
        return " ".join(error.message_dict[field])
    return " ".join(error.messages)


@pytest.mark.parametrize(
    ("fields", "field", "expected"),
    [
        ({"amount": Decimal("-1"), "currency": "RUB"}, "amount", services.NEGATIVE_AMOUNT),
        ({"amount": Decimal("5"), "currency": "XYZ"}, "currency", "“XYZ” is not a currency"),
        ({"amount": Decimal("5")}, "currency", services.CURRENCY_NEEDED),
        ({"currency": "BYN"}, "amount", services.AMOUNT_NEEDED),
        (
            {"valid_from": datetime.date(2026, 1, 1), "valid_to": datetime.date(2025, 1, 1)},
            "__all__",
            "cannot be valid until a date before",
        ),
        ({"status": "signed"}, "signed_on", services.SIGN_NEEDS_DATE),
    ],
)
def test_bad_agreement_fields_are_refused_and_nothing_is_saved(
    commission_member: User,
    region_ru: Region,
    region_by: Region,
    fields: dict[str, Any],
    field: str,
    expected: Any,
) -> None:
    before = _counts()
    with override("en"), pytest.raises(ValidationError) as error:
        _create(commission_member, region_ru, region_by, **fields)
        pytest.fail("not refused")
    with override("en"):
        assert str(expected) in _message(error.value, field)
    assert _counts() == before


def test_a_party_that_does_not_exist_is_refused(commission_member: User, region_ru: Region) -> None:
    ghost = Region(pk=987_654, code="RU-XX", name_ru="Нет такой")
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _create(
            commission_member,
            region_ru,
            region_ru,
            parties=[PartyInput(region=region_ru), PartyInput(region=ghost)],
        )
    assert error.value.code == "party_not_found"
    assert "Нет такой" in _message(error.value)
    assert _counts() == before


def test_one_party_or_a_party_named_twice_is_refused(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    with pytest.raises(ValidationError) as error:
        _create(commission_member, region_ru, region_by, parties=[PartyInput(region=region_ru)])
    assert error.value.messages == [str(services.TOO_FEW_PARTIES)]
    with pytest.raises(ValidationError) as error:
        _create(
            commission_member,
            region_ru,
            region_by,
            parties=[PartyInput(region=region_ru), PartyInput(region=region_ru)],
        )
    assert error.value.messages == [str(services.PARTY_TWICE)]
    with pytest.raises(ValidationError):
        _create(
            commission_member,
            region_ru,
            region_by,
            parties=[
                PartyInput(region=region_ru, organisation=factories.OrganisationFactory()),
                PartyInput(region=region_by),
            ],
        )
    assert not Agreement.objects.exists()


def test_duplicate_number_within_one_forum_is_refused(
    agreement: Agreement, forum: Event, commission_member: User, region_ru: Region, region_by: Region
) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _create(commission_member, region_ru, region_by, number="12-01", event=forum)
    assert str(DUPLICATE_NUMBER) in _message(error.value)
    assert _counts() == before
    # The same number at another forum, or without a forum, is another agreement.
    other = factories.EventFactory(kind="forum", forum_number=11, year=2024)
    _create(commission_member, region_ru, region_by, number="12-01", event=other)
    _create(commission_member, region_ru, region_by, number="12-01")


def test_an_event_that_is_not_a_forum_is_refused(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    with pytest.raises(ValidationError) as error:
        _create(commission_member, region_ru, region_by, event=factories.EventFactory(kind="round_table"))
    assert _message(error.value, "event") == str(services.NOT_A_FORUM)


def test_a_deadline_before_signing_is_refused(
    agreement: Agreement, commission_member: User, region_ru: Region
) -> None:
    with pytest.raises(ValidationError) as error:
        services.agreement_add_commitment(
            actor=commission_member,
            agreement=agreement,
            title="Провести ярмарку",
            responsible_region=region_ru,
            deadline=SIGNED - datetime.timedelta(days=1),
        )
    assert "A deadline before signing" in _message(error.value, "deadline")
    assert not Commitment.objects.exists()


def test_moving_signing_after_a_deadline_is_refused(
    agreement: Agreement, commission_member: User, region_ru: Region
) -> None:
    services.agreement_add_commitment(
        actor=commission_member,
        agreement=agreement,
        title="Ярмарка",
        responsible_region=region_ru,
        deadline=SIGNED,
    )
    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            actor=commission_member,
            agreement=agreement,
            expected_version=agreement.version,
            signed_on=SIGNED + datetime.timedelta(days=1),
        )
    assert "A deadline before signing" in _message(error.value, "signed_on")
    agreement.refresh_from_db()
    assert agreement.signed_on == SIGNED


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("report.exe", b"MZ\x90\x00", "file_type_not_allowed"),
        ("report.pdf", b"MZ\x90\x00 not a pdf", "file_content_mismatch"),
        ("big.pdf", PDF + b"x" * 2048, "file_too_large"),
    ],
)
def test_a_forbidden_or_too_large_file_is_refused(
    agreement: Agreement, commission_member: User, settings: Any, name: str, content: bytes, code: str
) -> None:
    settings.MOSTY_MAX_UPLOAD_BYTES = 1024
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.agreement_add_document(
            actor=commission_member, agreement=agreement, file=SimpleUploadedFile(name, content)
        )
    assert error.value.error_dict["file"][0].code == code
    assert _counts() == before


def test_a_document_is_stored_under_an_unguessable_name(
    agreement: Agreement, commission_member: User, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    document = services.agreement_add_document(
        actor=commission_member, agreement=agreement, file=SimpleUploadedFile("Текст соглашения.pdf", PDF)
    )
    assert document.original_name == "Текст соглашения.pdf"
    assert document.title == "Текст соглашения.pdf"
    assert document.content_type == "application/pdf"
    assert "Текст" not in document.file.name
    assert history_for(document)[0].action == AuditEntry.Action.CREATE


# --- Optimistic locking ---------------------------------------------------------------------------------


def test_second_editor_of_the_same_version_gets_a_conflict(
    agreement: Agreement, commission_member: User, coordinator: User
) -> None:
    seen = agreement.version
    first = Agreement.objects.get(pk=agreement.pk)
    second = Agreement.objects.get(pk=agreement.pk)
    services.agreement_update(
        actor=commission_member, agreement=first, expected_version=seen, title="Первая правка"
    )
    with pytest.raises(ApplicationError) as error:
        services.agreement_update(
            actor=coordinator, agreement=second, expected_version=seen, title="Вторая правка"
        )
    assert error.value.code == "conflict"
    assert error.value.message == str(services.CONFLICT)
    agreement.refresh_from_db()
    assert agreement.title == "Первая правка"
    assert agreement.version == seen + 1


def test_update_writes_one_audit_row_with_what_changed(agreement: Agreement, commission_member: User) -> None:
    sector = factories.SectorFactory(code="A")
    services.agreement_update(
        actor=commission_member,
        agreement=agreement,
        expected_version=agreement.version,
        title="<b>Новое</b> название",
        amount=Decimal("1000000"),
        currency="BYN",
        sectors=[sector],
    )
    agreement.refresh_from_db()
    assert agreement.title == "Новое название"
    entry = history_for(agreement)[0]
    assert entry.action == "update"
    assert set(entry.changes) >= {"title", "amount", "currency", "sectors", "version"}


def test_coordinator_of_another_region_may_not_create_or_edit(
    agreement: Agreement, other_region: Region, region_ru: Region, region_by: Region
) -> None:
    stranger = factories.UserFactory(role="coordinator", region=other_region)
    with pytest.raises(PermissionDenied):
        _create(stranger, region_ru, region_by)
    with pytest.raises(PermissionDenied):
        services.agreement_update(
            actor=stranger, agreement=agreement, expected_version=agreement.version, title="x"
        )


def test_coordinator_records_an_agreement_with_their_region_as_a_party(
    coordinator: User, region_ru: Region, region_by: Region
) -> None:
    agreement = _create(coordinator, region_ru, region_by)
    assert agreement.created_by == coordinator
    assert [party.region for party in agreement.parties.all()] == [region_ru, region_by]


# --- The action plan ------------------------------------------------------------------------------------


def test_restricted_agreement_commitments_are_visible_to_parties_only(
    restricted: Agreement,
    commission_member: User,
    coordinator: User,
    party_representative: User,
    citizen: User,
    region_ru: Region,
    organisation: Organisation,
    other_region: Region,
) -> None:
    commitment = services.agreement_add_commitment(
        actor=coordinator,
        agreement=restricted,
        title="Поставить оборудование",
        responsible_organisation=organisation,
    )
    assert not commitment.is_public
    stranger = factories.UserFactory(role="coordinator", region=other_region)
    for user, sees in [
        (coordinator, True),
        (party_representative, True),
        (commission_member, True),
        (citizen, False),
        (stranger, False),
    ]:
        assert visible_commitments(user).filter(pk=commitment.pk).exists() is sees


def test_making_an_agreement_public_makes_its_commitments_public(
    restricted: Agreement, commission_member: User, region_ru: Region, citizen: User
) -> None:
    commitment = services.agreement_add_commitment(
        actor=commission_member, agreement=restricted, title="Ярмарка", responsible_region=region_ru
    )
    services.agreement_update(
        actor=commission_member,
        agreement=restricted,
        expected_version=restricted.version,
        visibility=Visibility.PUBLIC,
    )
    commitment.refresh_from_db()
    assert commitment.is_public
    assert visible_commitments(citizen).filter(pk=commitment.pk).exists()


def test_a_new_party_of_a_restricted_agreement_sees_its_commitments(
    restricted: Agreement, commission_member: User, region_ru: Region, other_region: Region
) -> None:
    commitment = services.agreement_add_commitment(
        actor=commission_member, agreement=restricted, title="Ярмарка", responsible_region=region_ru
    )
    newcomer = factories.UserFactory(role="coordinator", region=other_region)
    assert not visible_commitments(newcomer).filter(pk=commitment.pk).exists()
    services.agreement_add_party(
        actor=commission_member, agreement=restricted, party=PartyInput(region=other_region)
    )
    assert visible_commitments(newcomer).filter(pk=commitment.pk).exists()
    with pytest.raises(ValidationError) as error:
        services.agreement_add_party(
            actor=commission_member, agreement=restricted, party=PartyInput(region=other_region)
        )
    assert error.value.messages == [str(services.PARTY_TWICE)]


def test_party_coordinator_may_add_a_commitment_for_the_other_side(
    agreement: Agreement, coordinator: User, region_by: Region
) -> None:
    commitment = services.agreement_add_commitment(
        actor=coordinator, agreement=agreement, title="Принять делегацию", responsible_region=region_by
    )
    assert (commitment.source_kind, commitment.source_id) == ("agreement", agreement.pk)

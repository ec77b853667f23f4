"""What the organisation services write: audit rows, validated and plain-text values, nothing half-done."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from mosty import factories
from mosty.accounts.models import User
from mosty.core.models import AuditEntry
from mosty.organisations import services
from mosty.organisations.models import SETTLEMENT_NOT_IN_REGION, Organisation, OrganisationKind
from mosty.sectors.models import Sector
from mosty.territories.models import Region


def _entries(organisation: Organisation) -> list[AuditEntry]:
    content_type = ContentType.objects.get_for_model(Organisation)
    return list(AuditEntry.objects.filter(content_type=content_type, object_id=str(organisation.pk)))


@pytest.fixture
def section(db: None) -> Sector:
    return factories.SectorFactory(code="C", name_ru="Обрабатывающие производства", name_en="Manufacturing")


@pytest.fixture
def division(section: Sector) -> Sector:
    return factories.SectorFactory(code="13", parent=section, name_ru="Текстиль", name_en="Textiles")


def test_create_writes_an_audit_row_with_every_field_and_the_sectors(
    coordinator: User, region_ru: Region, section: Sector, division: Sector
) -> None:
    settlement = factories.SettlementFactory(region=region_ru)
    organisation = services.organisation_create(
        actor=coordinator,
        kind=OrganisationKind.ENTERPRISE,
        region=region_ru,
        settlement=settlement,
        name_ru="Льнокомбинат",
        sectors=[section, division],
        website="https://flax.example",
    )
    [entry] = _entries(organisation)
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == coordinator
    assert entry.changes["name_ru"] == [None, "Льнокомбинат"]
    assert entry.changes["region"] == [None, region_ru.pk]
    assert entry.changes["settlement"] == [None, settlement.pk]
    assert entry.changes["sectors"] == [None, sorted([section.pk, division.pk])]
    assert entry.changes["website"] == [None, "https://flax.example"]


def test_update_audits_only_the_changed_fields_old_to_new_including_sectors(
    commission_member: User, region_ru: Region, section: Sector, division: Sector
) -> None:
    organisation = services.organisation_create(
        actor=commission_member,
        kind=OrganisationKind.NGO,
        region=region_ru,
        name_ru="Фонд",
        sectors=[section],
    )
    services.organisation_update(
        actor=commission_member,
        organisation=organisation,
        name_ru="Фонд «Мосты»",
        kind=OrganisationKind.NGO,
        sectors=[division],
    )
    update = _entries(organisation)[0]
    assert update.action == AuditEntry.Action.UPDATE
    assert update.actor == commission_member
    assert update.changes == {"name_ru": ["Фонд", "Фонд «Мосты»"], "sectors": [[section.pk], [division.pk]]}


def test_update_that_changes_nothing_writes_no_audit_row(commission_member: User, region_ru: Region) -> None:
    organisation = services.organisation_create(
        actor=commission_member, kind=OrganisationKind.NGO, region=region_ru, name_ru="Фонд"
    )
    services.organisation_update(actor=commission_member, organisation=organisation, name_ru="Фонд")
    assert [entry.action for entry in _entries(organisation)] == [AuditEntry.Action.CREATE]


def test_verify_and_unverify_are_audited_with_who_and_when(moderator: User, region_ru: Region) -> None:
    organisation = factories.OrganisationFactory(region=region_ru)
    services.organisation_verify(actor=moderator, organisation=organisation)
    services.organisation_verify(actor=moderator, organisation=organisation, verified=False)
    unverify, verify = _entries(organisation)
    assert verify.changes["is_verified"] == [False, True]
    assert verify.changes["verified_by"] == [None, moderator.pk]
    assert unverify.changes["is_verified"] == [True, False]
    organisation.refresh_from_db()
    assert organisation.verified_at is None
    assert organisation.verified_by is None


def test_adding_a_representative_is_audited(
    commission_member: User, citizen: User, region_ru: Region
) -> None:
    organisation = factories.OrganisationFactory(region=region_ru)
    services.organisation_add_representative(actor=commission_member, organisation=organisation, user=citizen)
    services.organisation_add_representative(actor=commission_member, organisation=organisation, user=citizen)
    [entry] = _entries(organisation)
    assert entry.changes == {"representatives": [[], [citizen.pk]]}


def test_delete_writes_an_audit_row_with_what_was_deleted(administrator: User, region_ru: Region) -> None:
    organisation = factories.OrganisationFactory(region=region_ru, name_ru="Закрытое общество")
    pk = organisation.pk
    services.organisation_delete(actor=administrator, organisation=organisation)
    entry = AuditEntry.objects.get(object_id=str(pk), action=AuditEntry.Action.DELETE)
    assert entry.actor == administrator
    assert entry.object_repr == "Закрытое общество"
    assert entry.changes["name_ru"] == ["Закрытое общество", None]
    assert not Organisation.objects.filter(pk=pk).exists()


def test_settlement_outside_the_region_is_refused_and_nothing_is_saved(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    elsewhere = factories.SettlementFactory(region=region_by)
    with pytest.raises(ValidationError) as refused:
        services.organisation_create(
            actor=commission_member,
            kind=OrganisationKind.NGO,
            region=region_ru,
            settlement=elsewhere,
            name_ru="Фонд",
        )
    assert refused.value.message_dict == {"settlement": [str(SETTLEMENT_NOT_IN_REGION)]}
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_refused_update_leaves_the_stored_organisation_and_the_callers_object_unchanged(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    organisation = factories.OrganisationFactory(region=region_ru, name_ru="Фонд")
    elsewhere = factories.SettlementFactory(region=region_by)
    with pytest.raises(ValidationError):
        services.organisation_update(
            actor=commission_member, organisation=organisation, name_ru="Другое имя", settlement=elsewhere
        )
    assert organisation.name_ru == "Фонд"
    assert Organisation.objects.get().name_ru == "Фонд"
    assert not AuditEntry.objects.exists()


def test_description_longer_than_the_limit_is_refused(commission_member: User, region_ru: Region) -> None:
    with pytest.raises(ValidationError) as refused:
        services.organisation_create(
            actor=commission_member,
            kind=OrganisationKind.NGO,
            region=region_ru,
            name_ru="Фонд",
            description="а" * 10_001,
        )
    assert "description" in refused.value.message_dict
    assert not Organisation.objects.exists()


def test_html_tags_are_stripped_from_plain_text_fields(commission_member: User, region_ru: Region) -> None:
    organisation = services.organisation_create(
        actor=commission_member,
        kind=OrganisationKind.NGO,
        region=region_ru,
        name_ru="<b>Фонд</b> «Мосты» & партнёры",
        description=(
            'Первая строка<script>alert("x")</script>\r\nВторая <img src=x onerror=alert(1)>строка, 2 < 3'
        ),
        address="<a href='javascript:alert(1)'>ул. Мира</a>",
        phone="&lt;b&gt; is text, not a tag",
    )
    organisation.refresh_from_db()
    assert organisation.name_ru == "Фонд «Мосты» & партнёры"
    assert organisation.description == "Первая строка\nВторая строка, 2 < 3"
    assert organisation.address == "ул. Мира"
    assert organisation.phone == "&lt;b&gt; is text, not a tag"


def test_unknown_fields_are_a_programming_error(commission_member: User, region_ru: Region) -> None:
    organisation = factories.OrganisationFactory(region=region_ru)
    with pytest.raises(TypeError):
        services.organisation_update(actor=commission_member, organisation=organisation, is_verified=True)


def test_search_key_follows_the_names(region_ru: Region) -> None:
    organisation = factories.OrganisationFactory(
        region=region_ru, name_ru="Смоленский Льнозавод", name_be="", name_en="Flax Mill"
    )
    assert "смоленскии льнозавод" in organisation.search_key
    assert "flax mill" in organisation.search_key

"""What the tie services write and refuse: two countries, settlements in their regions, no twin ties."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from mosty import factories
from mosty.accounts.models import User
from mosty.core.models import AuditEntry
from mosty.territories.models import Region
from mosty.ties import services
from mosty.ties.models import DUPLICATE_TIE, SAME_COUNTRY, SETTLEMENT_NOT_IN_REGION, Tie, TieKind, TieStatus


def _entries(tie: Tie) -> list[AuditEntry]:
    content_type = ContentType.objects.get_for_model(Tie)
    return list(AuditEntry.objects.filter(content_type=content_type, object_id=str(tie.pk)))


def test_create_stores_the_russian_side_first_and_audits_every_field(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    vitebsk = factories.SettlementFactory(region=region_by, name_ru="Витебск")
    smolensk = factories.SettlementFactory(region=region_ru, name_ru="Смоленск")
    tie = services.tie_create(
        actor=commission_member,
        kind=TieKind.TWIN_CITIES,
        region_a=region_by,
        settlement_a=vitebsk,
        region_b=region_ru,
        settlement_b=smolensk,
        since=datetime.date(1998, 6, 1),
        basis="Соглашение о побратимстве",
        activity="Дни города",
    )
    assert (tie.region_a, tie.settlement_a, tie.region_b, tie.settlement_b) == (
        region_ru,
        smolensk,
        region_by,
        vitebsk,
    )
    [entry] = _entries(tie)
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == commission_member
    assert entry.changes["settlement_a"] == [None, smolensk.pk]
    assert entry.changes["since"] == [None, "1998-06-01"]
    assert entry.changes["basis"] == [None, "Соглашение о побратимстве"]


def test_update_audits_the_changed_fields_old_to_new(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    tie = services.tie_create(
        actor=commission_member, kind=TieKind.PARTNER_REGIONS, region_a=region_ru, region_b=region_by
    )
    services.tie_update(actor=commission_member, tie=tie, status=TieStatus.DORMANT, activity="Перерыв")
    update = _entries(tie)[0]
    assert update.action == AuditEntry.Action.UPDATE
    assert update.changes == {"status": ["active", "dormant"], "activity": ["", "Перерыв"]}


def test_delete_is_audited(administrator: User, region_ru: Region, region_by: Region) -> None:
    tie = factories.TieFactory(region_a=region_ru, region_b=region_by)
    pk = tie.pk
    services.tie_delete(actor=administrator, tie=tie)
    entry = AuditEntry.objects.get(object_id=str(pk), action=AuditEntry.Action.DELETE)
    assert entry.actor == administrator
    assert entry.changes["region_a"] == [region_ru.pk, None]
    assert not Tie.objects.exists()


def test_two_territories_of_one_country_are_refused(commission_member: User, region_ru: Region) -> None:
    kaluga = factories.RegionFactory(code="RU-KLU")
    with pytest.raises(ValidationError) as refused:
        services.tie_create(
            actor=commission_member, kind=TieKind.PARTNER_REGIONS, region_a=region_ru, region_b=kaluga
        )
    assert refused.value.messages == [str(SAME_COUNTRY)]
    assert not Tie.objects.exists()
    assert not AuditEntry.objects.exists()


def test_settlement_outside_its_region_is_refused(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    smolensk = factories.SettlementFactory(region=region_ru)
    with pytest.raises(ValidationError) as refused:
        services.tie_create(
            actor=commission_member,
            kind=TieKind.TWIN_CITIES,
            region_a=region_ru,
            region_b=region_by,
            settlement_b=smolensk,
        )
    assert refused.value.message_dict == {"settlement_b": [str(SETTLEMENT_NOT_IN_REGION)]}
    assert not Tie.objects.exists()


def test_an_active_twin_tie_is_refused_in_either_order(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    services.tie_create(
        actor=commission_member, kind=TieKind.PARTNER_REGIONS, region_a=region_ru, region_b=region_by
    )
    for first, second in ((region_ru, region_by), (region_by, region_ru)):
        with pytest.raises(ValidationError) as refused:
            services.tie_create(
                actor=commission_member, kind=TieKind.PARTNER_REGIONS, region_a=first, region_b=second
            )
        assert refused.value.messages == [str(DUPLICATE_TIE)]
    assert Tie.objects.count() == 1


def test_ties_of_another_kind_other_settlements_or_ended_ones_may_coexist(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    services.tie_create(
        actor=commission_member, kind=TieKind.PARTNER_REGIONS, region_a=region_ru, region_b=region_by
    )
    services.tie_create(
        actor=commission_member, kind=TieKind.COOPERATION, region_a=region_ru, region_b=region_by
    )
    smolensk = factories.SettlementFactory(region=region_ru)
    vitebsk = factories.SettlementFactory(region=region_by)
    services.tie_create(
        actor=commission_member,
        kind=TieKind.PARTNER_REGIONS,
        region_a=region_ru,
        region_b=region_by,
        settlement_a=smolensk,
        settlement_b=vitebsk,
    )
    services.tie_create(
        actor=commission_member,
        kind=TieKind.PARTNER_REGIONS,
        region_a=region_ru,
        region_b=region_by,
        status=TieStatus.ENDED,
    )
    assert Tie.objects.count() == 4


def test_reviving_an_ended_tie_next_to_an_active_twin_is_refused(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    services.tie_create(
        actor=commission_member, kind=TieKind.PARTNER_REGIONS, region_a=region_ru, region_b=region_by
    )
    ended = services.tie_create(
        actor=commission_member,
        kind=TieKind.PARTNER_REGIONS,
        region_a=region_ru,
        region_b=region_by,
        status=TieStatus.ENDED,
    )
    with pytest.raises(ValidationError):
        services.tie_update(actor=commission_member, tie=ended, status=TieStatus.ACTIVE)
    assert ended.status == TieStatus.ENDED
    ended.refresh_from_db()
    assert ended.status == TieStatus.ENDED


def test_the_database_refuses_a_twin_active_tie_too(region_ru: Region, region_by: Region) -> None:
    from django.db import IntegrityError, transaction

    factories.TieFactory(kind=TieKind.PARTNER_REGIONS, region_a=region_ru, region_b=region_by)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.TieFactory(kind=TieKind.PARTNER_REGIONS, region_a=region_ru, region_b=region_by)


def test_activity_notes_are_kept_as_plain_text(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    tie = services.tie_create(
        actor=commission_member,
        kind=TieKind.PARTNER_REGIONS,
        region_a=region_ru,
        region_b=region_by,
        activity="<b>Ярмарка</b><script>alert(1)</script>\r\nФорум",
        basis="<i>Соглашение</i>",
    )
    assert tie.activity == "Ярмарка\nФорум"
    assert tie.basis == "Соглашение"


def test_activity_longer_than_the_limit_is_refused(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.tie_create(
            actor=commission_member,
            kind=TieKind.PARTNER_REGIONS,
            region_a=region_ru,
            region_b=region_by,
            activity="а" * 10_001,
        )
    assert "activity" in refused.value.message_dict

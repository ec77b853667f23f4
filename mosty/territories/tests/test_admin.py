"""The staff admin of the territories and sectors: lists, search in any spelling, audited edits."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.core.models import AuditEntry
from mosty.territories.models import Region, Settlement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


@pytest.fixture
def staff(administrator: User) -> Client:
    client = Client()
    client.force_login(administrator)
    return client


@pytest.fixture
def mogilev(region_by: Region) -> Settlement:
    return factories.SettlementFactory(
        region=region_by,
        name_ru="Могилёв",
        name_be="Магілёў",
        name_en="Mogilev",
        search_key="mahiliou | mahilyow | mogilev | магілеу | могилев",
    )


@pytest.mark.parametrize("model", ["country", "region", "district", "settlement"])
def test_staff_open_every_territory_list(staff: Client, region_by: Region, model: str) -> None:
    response = staff.get(reverse(f"admin:territories_{model}_changelist"))
    assert response.status_code == 200


def test_sector_list_filters_sections(staff: Client) -> None:
    section = factories.SectorFactory(code="J", name_ru="Деятельность в области информации и связи")
    factories.SectorFactory(
        code="62", parent=section, name_ru="Разработка компьютерного программного обеспечения"
    )
    page = staff.get(reverse("admin:sectors_sector_changelist"), {"level": "section"}).content.decode()
    assert "Деятельность в области информации и связи" in page
    assert "Разработка компьютерного программного обеспечения" not in page


def test_settlement_admin_search_finds_any_spelling(staff: Client, mogilev: Settlement) -> None:
    page = staff.get(reverse("admin:territories_settlement_changelist"), {"q": "Mahilioŭ"}).content.decode()
    assert reverse("admin:territories_settlement_change", args=[mogilev.pk]) in page


def test_settlement_admin_edit_keeps_spellings_adds_the_new_name_and_is_audited(
    staff: Client, mogilev: Settlement
) -> None:
    data: dict[str, Any] = {
        "geonameid": mogilev.geonameid,
        "name_ru": mogilev.name_ru,
        "name_be": "Магілеў",
        "name_en": mogilev.name_en,
        "region": mogilev.region_id,
        "population": mogilev.population,
        "latitude": mogilev.latitude,
        "longitude": mogilev.longitude,
    }
    response = staff.post(reverse("admin:territories_settlement_change", args=[mogilev.pk]), data)
    assert response.status_code == 302
    mogilev.refresh_from_db()
    assert mogilev.name_be == "Магілеў"
    assert {"mahilyow", "магілеу", "mogilev"} <= set(mogilev.search_key.split(" | "))
    entry = AuditEntry.objects.get(object_id=str(mogilev.pk))
    assert entry.changes == {"name_be": ["Магілёў", "Магілеў"]}

"""A small reference set for seed_scale: regions and towns of both countries, OKVED divisions, a forum."""

from __future__ import annotations

import datetime

import pytest

from mosty import factories
from mosty.events.models import EventKind
from mosty.territories.models import Region


@pytest.fixture
def reference(region_ru: Region, region_by: Region) -> None:
    other_ru = factories.RegionFactory.create(
        code="RU-BRY", name_ru="Брянская область", country=region_ru.country
    )
    other_by = factories.RegionFactory.create(
        code="BY-MA", name_ru="Могилёвская область", country=region_by.country
    )
    towns = {
        region_ru: [("Смоленск", 320_000), ("Вязьма", 50_000), ("Рославль", 48_000)],
        other_ru: [("Брянск", 380_000), ("Клинцы", 60_000)],
        region_by: [("Витебск", 360_000), ("Орша", 110_000), ("Полоцк", 80_000)],
        other_by: [("Могилёв", 380_000), ("Бобруйск", 210_000)],
    }
    for region, names in towns.items():
        for name, population in names:
            factories.SettlementFactory.create(region=region, name_ru=name, population=population)
    section = factories.SectorFactory.create(code="A", name_ru="Сельское хозяйство")
    for code in ("01", "02", "03"):
        factories.SectorFactory.create(code=code, parent=section, name_ru=f"Раздел {code}")
    factories.EventFactory.create(
        kind=EventKind.FORUM, forum_number=11, title_ru="XI Форум регионов", year=2024,
        start_date=datetime.date(2024, 6, 27),
    )  # fmt: skip

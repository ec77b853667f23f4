"""The national map draws one line per pair of tied regions, read as pairs, not as every tie."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mosty import factories
from mosty.territories.models import Region
from mosty.ties.models import TieKind, TieStatus
from mosty.ties.selectors import active_region_pairs

pytestmark = pytest.mark.django_db


def test_active_region_pairs_are_each_pair_once_and_only_active_ones(
    region_ru: Region, region_by: Region
) -> None:
    other = factories.RegionFactory.create(code="RU-BRY")
    for kind in (TieKind.PARTNER_REGIONS, TieKind.TWIN_CITIES, TieKind.COOPERATION):
        factories.TieFactory.create(
            region_a=region_ru, region_b=region_by, kind=kind, status=TieStatus.ACTIVE
        )
    factories.TieFactory.create(region_a=other, region_b=region_by, status=TieStatus.ENDED)

    assert active_region_pairs() == [(region_ru.pk, region_by.pk)]


def test_the_home_page_query_count_does_not_grow_with_the_ties(
    client: Client, region_ru: Region, region_by: Region, django_assert_num_queries: Any
) -> None:
    factories.TieFactory.create(region_a=region_ru, region_b=region_by)
    client.get("/")
    with django_assert_num_queries(9) as few:
        client.get("/")
    for number in range(20):
        partner = factories.RegionFactory.create(code=f"RU-X{number:02d}", latitude=55, longitude=30 + number)
        factories.TieFactory.create(region_a=partner, region_b=region_by, kind=TieKind.COOPERATION)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/")

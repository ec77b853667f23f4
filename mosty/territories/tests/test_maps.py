"""The server-drawn point maps: escaped names, accessible markup, points, lines and highlight."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from mosty import factories
from mosty.territories.maps import regions_map_svg, settlements_map_svg
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db


def test_region_map_links_every_placed_region_and_escapes_names(region_ru: Region) -> None:
    hostile = factories.RegionFactory(name_ru='<script>alert("x")</script>', latitude=56.0, longitude=40.0)
    unplaced = factories.RegionFactory(latitude=None, longitude=None)
    svg = str(regions_map_svg([region_ru, hostile, unplaced]))
    assert svg.startswith('<svg class="map"') and 'role="img"' in svg and 'aria-label="' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert f'href="{reverse("region_detail", args=[region_ru.code])}"' in svg
    assert f'href="{reverse("region_detail", args=[hostile.code])}"' in svg
    assert reverse("region_detail", args=[unplaced.code]) not in svg
    assert svg.count("<circle") == 2
    assert 'class="region-point border"' in svg  # Smolensk Oblast borders Belarus


def test_region_map_draws_ties_and_marks_the_highlighted_region(region_ru: Region, region_by: Region) -> None:
    region_by.latitude, region_by.longitude = 55.19, 30.2
    tie = factories.TieFactory(region_a=region_ru, region_b=region_by)
    svg = str(
        regions_map_svg(
            [region_ru, region_by], ties=[tie, ((30.2, 55.19), (37.6, 55.75))], highlight=region_ru
        )
    )
    assert svg.count('class="tie-line"') == 2
    assert 'class="highlight-ring"' in svg
    assert re.search(r"<text [^>]*>Смоленская область</text>", svg)
    assert "Смоленская область" in re.search(r'aria-label="([^"]*)"', svg).group(1)  # type: ignore[union-attr]


def test_zoomed_region_map_leaves_out_far_regions(region_ru: Region) -> None:
    far = factories.RegionFactory(latitude=43.1, longitude=131.9)  # Vladivostok
    svg = str(regions_map_svg([region_ru, far], highlight=region_ru, zoom=True))
    assert reverse("region_detail", args=[far.code]) not in svg
    assert reverse("region_detail", args=[region_ru.code]) in svg


def test_settlement_map_fits_the_settlements_and_marks_one(region_ru: Region) -> None:
    town = factories.SettlementFactory(region=region_ru, name_ru="Вязьма", latitude=55.21, longitude=34.3)
    city = factories.SettlementFactory(region=region_ru, name_ru="Смоленск", latitude=54.78, longitude=32.05)
    svg = str(settlements_map_svg([city, town], highlight=town))
    assert f'href="{reverse("settlement_detail", args=[city.pk])}"' in svg
    assert re.search(r"<text [^>]*>Вязьма</text>", svg)
    assert 'viewBox="0 0 480 ' in svg

"""The server-drawn maps: well-formed SVG, what each page's map names, the land layer kept small and
cached, escaping, and the geometry underneath (projection across 180°, clipping, labels, paths)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mosty import factories
from mosty.lib.svgmap import Conic, Frame, Labels, dots_path
from mosty.territories.maps import (
    NationalLayout,
    map_regions,
    national_map_svg,
    region_places,
    regions_map_svg,
    territory_map_svg,
)
from mosty.territories.models import Region, Settlement

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: object) -> ET.Element:
    """A map as XML: a failure to parse is a failure of the test."""
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, checked for being well-formed


def svg_of(html: str) -> ET.Element:
    """The page's map, parsed."""
    found = re.search(r'<svg class="map.*?</svg>', html, re.S)
    assert found, "no map on the page"
    return parse(found.group(0))


def labels_of(svg: ET.Element, css: str = "map-label") -> list[str]:
    return [text.text or "" for text in svg.iter(f"{SVG}text") if css in text.get("class", "").split()]


def page_map(client: Client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    return svg_of(response.content.decode())


@pytest.fixture
def smolensk_oblast(region_ru: Region) -> Region:
    """Smolensk Oblast where it is, with its centre and the two next largest towns."""
    Region.objects.filter(pk=region_ru.pk).update(
        latitude=54.78, longitude=32.05, centre_ru="Смоленск", centre_be="Смаленск", centre_en="Smolensk"
    )
    region_ru.refresh_from_db()
    for name_ru, name_be, population, latitude, longitude, centre in (
        ("Смоленск", "Смаленск", 330025, 54.78, 32.05, True),
        ("Вязьма", "Вязьма", 53000, 55.21, 34.30, False),
        ("Рославль", "Рослаўль", 50000, 53.95, 32.86, False),
        ("Демидов", "Дзямідаў", 7000, 55.27, 31.51, False),
    ):
        factories.SettlementFactory(
            region=region_ru, name_ru=name_ru, name_be=name_be, population=population,
            latitude=latitude, longitude=longitude, is_regional_centre=centre,
        )  # fmt: skip
    return region_ru


@pytest.fixture
def vitebsk_region(region_by: Region) -> Region:
    Region.objects.filter(pk=region_by.pk).update(
        latitude=55.19, longitude=30.20, centre_ru="Витебск", centre_be="Віцебск", centre_en="Vitebsk"
    )
    region_by.refresh_from_db()
    factories.SettlementFactory(
        region=region_by, name_ru="Витебск", population=360000, latitude=55.19, longitude=30.20,
        is_regional_centre=True,
    )  # fmt: skip
    factories.SettlementFactory(
        region=region_by, name_ru="Орша", population=115000, latitude=54.51, longitude=30.42
    )
    return region_by


# --- A region's page -----------------------------------------------------------------------------


def test_region_map_labels_its_centre_largest_towns_and_a_near_partner(
    client: Client, smolensk_oblast: Region, vitebsk_region: Region
) -> None:
    factories.TieFactory(region_a=smolensk_oblast, region_b=vitebsk_region)
    svg = page_map(client, reverse("region_detail", args=["RU-SMO"]))

    assert svg.get("role") == "img"
    assert "Смоленская область" in svg.get("aria-label", "")
    assert svg.find(f"{SVG}title") is not None and "Витебская область" in (svg.find(f"{SVG}title").text or "")
    assert "Смоленск" in labels_of(svg, "strong")  # the administrative centre, marked
    assert {"Вязьма", "Рославль"} <= set(labels_of(svg))  # the largest towns
    assert "Витебск" in labels_of(svg)  # the partner's centre, inside the frame
    partner = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "partner-point"]
    assert [c.findtext(f"{SVG}title") for c in partner] == ["Витебская область"]
    assert len([line for line in svg.iter(f"{SVG}line") if line.get("class") == "tie-line"]) == 1
    assert not [p for p in svg.iter(f"{SVG}polygon") if p.get("class") == "tie-arrow"]


def test_region_map_points_to_a_far_partner_with_an_arrow_at_the_edge(
    client: Client, smolensk_oblast: Region
) -> None:
    siberia = factories.RegionFactory(
        code="BY-T99", country=factories.CountryFactory(code="BY"), latitude=55.03, longitude=82.92,
        name_ru="Далёкая область", centre_ru="Далёкий",
    )  # fmt: skip
    factories.TieFactory(region_a=smolensk_oblast, region_b=siberia)
    svg = page_map(client, reverse("region_detail", args=["RU-SMO"]))

    assert len([p for p in svg.iter(f"{SVG}polygon") if p.get("class") == "tie-arrow"]) == 1
    assert "Далёкий" in labels_of(svg)
    assert not [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "partner-point"]
    width = float(svg.get("viewBox", "").split()[2])
    assert width == 900  # the frame stays on the region, not stretched to Siberia


def test_region_map_draws_other_regions_towns_faint_and_names_neighbouring_centres(
    client: Client, smolensk_oblast: Region
) -> None:
    neighbour = factories.RegionFactory(
        name_ru="Соседняя область", centre_ru="Соседний", latitude=55.0, longitude=31.4
    )
    factories.SettlementFactory(
        region=neighbour, name_ru="Соседний", population=40000, latitude=55.0, longitude=31.4
    )
    factories.SettlementFactory(
        region=neighbour, name_ru="Хутор", population=900, latitude=54.2, longitude=31.6
    )
    svg = page_map(client, reverse("region_detail", args=["RU-SMO"]))
    own = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "town"]
    assert sorted(c.findtext(f"{SVG}title") or "" for c in own) == [
        "Вязьма",
        "Демидов",
        "Рославль",
        "Смоленск",
    ]
    faint = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "map-town"]
    assert sum(p.get("d", "").count("h0") for p in faint) == 2  # the neighbour's two towns, one path per size
    marks = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "region-centre"]
    assert [c.findtext(f"{SVG}title") for c in marks] == ["Соседняя область"]
    assert "Соседний" in labels_of(svg, "muted")


def test_region_map_names_places_in_the_readers_language(client: Client, smolensk_oblast: Region) -> None:
    client.cookies["mosty_language"] = "be"
    svg = page_map(client, reverse("region_detail", args=["RU-SMO"]))
    assert "Смаленск" in labels_of(svg, "strong")
    assert "Рослаўль" in labels_of(svg)
    assert "Смаленская вобласць" in svg.get("aria-label", "")


def test_region_map_escapes_names(client: Client, smolensk_oblast: Region) -> None:
    factories.SettlementFactory(
        region=smolensk_oblast,
        name_ru='<script>alert("x")</script>',
        population=900000,
        latitude=54.9,
        longitude=33.0,
    )
    html = client.get(reverse("region_detail", args=["RU-SMO"])).content.decode()
    assert "<script>alert" not in html
    assert '<script>alert("x")</script>' in labels_of(svg_of(html))  # parsed back from &lt;script&gt;


def test_region_places_reads_the_region_and_its_surroundings_in_one_query(
    smolensk_oblast: Region, vitebsk_region: Region, django_assert_num_queries: Any
) -> None:
    far = factories.SettlementFactory(name_ru="Далёкий", latitude=43.1, longitude=131.9)
    with django_assert_num_queries(1):
        places = region_places(smolensk_oblast)
        names = {place.name for place in places} | {place.region.name for place in places}
    assert {"Смоленск", "Демидов", "Витебск", "Орша", "Витебская область"} <= names
    assert far.name not in names
    assert [place.population for place in places] == sorted(
        (place.population for place in places), reverse=True
    )


def test_region_without_towns_is_drawn_around_its_centre(region_ru: Region) -> None:
    svg = parse(territory_map_svg(region_ru, region_places(region_ru)))
    assert labels_of(svg, "strong") == [region_ru.centre]


# --- A settlement's page -------------------------------------------------------------------------


def test_settlement_map_marks_and_names_the_settlement_among_its_regions_towns(
    client: Client, smolensk_oblast: Region
) -> None:
    town = Settlement.objects.get(name_ru="Демидов")
    svg = page_map(client, reverse("settlement_detail", args=[town.pk]))
    assert labels_of(svg, "strong") == ["Демидов"]
    assert "Смоленск" in labels_of(svg)  # the administrative centre
    assert [
        c.findtext(f"{SVG}title") for c in svg.iter(f"{SVG}circle") if c.get("class") == "highlight-point"
    ] == ["Демидов"]
    assert svg.get("viewBox", "").startswith("0 0 480 ")
    assert "Демидов" in svg.get("aria-label", "")


# --- The home page -------------------------------------------------------------------------------


def _spread_towns(region: Region, count: int) -> None:
    """`count` towns over Belarus and western Russia, none on the same spot."""
    Settlement.objects.bulk_create(
        Settlement(
            geonameid=8_000_000 + n, region=region, name_ru=f"Город {n}", population=1000 + n,
            latitude=52.0 + (n % 40) * 0.1, longitude=24.0 + (n // 40) * 0.6,
        )
        for n in range(count)
    )  # fmt: skip


def test_home_map_labels_capitals_and_belarusian_centres_and_draws_ties(client: Client) -> None:
    by = factories.CountryFactory(code="BY")
    places = (
        ("RU-MOW", "Москва", 55.75, 37.62, False, None),
        ("RU-SPE", "Санкт-Петербург", 59.94, 30.31, False, None),
        ("BY-HM", "Минск", 53.90, 27.57, False, by),
        ("BY-BR", "Брест", 52.11, 23.72, True, by),
        ("RU-SMO", "Смоленск", 54.78, 32.05, True, None),
        ("RU-NVS", "Новосибирск", 55.03, 82.92, False, None),
    )
    regions = {
        code: factories.RegionFactory(
            code=code, centre_ru=centre, latitude=lat, longitude=lon, borders_other_country=border,
            **({"country": country} if country else {}),
        )
        for code, centre, lat, lon, border, country in places
    }  # fmt: skip
    factories.TieFactory(region_a=regions["RU-SMO"], region_b=regions["BY-BR"])
    factories.TieFactory(region_a=regions["RU-NVS"], region_b=regions["BY-HM"])
    _spread_towns(regions["BY-BR"], 50)

    svg = page_map(client, reverse("home"))
    assert {"Москва", "Санкт-Петербург", "Минск"} <= set(labels_of(svg, "strong"))
    assert "Брест" in labels_of(svg)
    assert "Новосибирск" in labels_of(svg, "muted")  # at the arrow of a tie leaving the large map
    assert "Новосибирск" in labels_of(svg, "small")  # and in the inset, where the tie is whole
    lines = [line for line in svg.iter(f"{SVG}line") if line.get("class") == "tie-line"]
    assert len(lines) == 2 + 2 + 1  # both ties on the large map and in the inset, and the legend's
    assert len([p for p in svg.iter(f"{SVG}polygon") if p.get("class") == "tie-arrow"]) == 1
    assert [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "region-point border"]
    assert svg.find(f"{SVG}title") is not None and svg.get("aria-label")


@pytest.mark.parametrize("count", [10, 400])
def test_home_land_layer_is_one_path_whatever_the_number_of_towns(region_ru: Region, count: int) -> None:
    _spread_towns(region_ru, count)
    svg = parse(national_map_svg(map_regions()))
    land = [path for path in svg.iter(f"{SVG}path") if path.get("class") == "map-land"]
    assert len(land) == 3  # the large map, the inset and the legend's sample
    assert len(list(svg.iter())) < 60
    detail = land[0].get("d", "")
    assert detail.count("h1") == count  # every town a mark, none lost
    assert all(re.fullmatch(r"-?\d*(\.\d)?", n) for n in re.findall(r"-?[\d.]+", detail))  # one decimal


def test_home_land_layer_is_drawn_once_then_served_from_the_cache(client: Client, region_ru: Region) -> None:
    _spread_towns(region_ru, 30)
    client.get(reverse("home"))  # warms what any running server has warm
    cache.clear()
    with CaptureQueriesContext(connection) as drawing:
        first = svg_of(client.get(reverse("home")).content.decode())
    with CaptureQueriesContext(connection) as cached:
        second = svg_of(client.get(reverse("home")).content.decode())
    assert len(cached) == len(drawing) - 1
    assert ET.tostring(first) == ET.tostring(second)
    assert first.find(f"{SVG}path").get("d", "").count("h1") == 30  # type: ignore[union-attr]


def test_home_land_layer_is_drawn_again_when_a_town_is_added(region_ru: Region) -> None:
    _spread_towns(region_ru, 30)
    before = parse(national_map_svg(map_regions()))
    factories.SettlementFactory(region=region_ru, latitude=56.5, longitude=38.5)
    after = parse(national_map_svg(map_regions()))
    count = [svg.find(f"{SVG}path").get("d", "").count("h1") for svg in (before, after)]  # type: ignore[union-attr]
    assert count == [30, 31]


def test_home_map_without_fingerprinted_regions_has_no_land_layer(
    region_ru: Region, region_by: Region
) -> None:
    svg = parse(national_map_svg(Region.objects.all()))
    assert not [path for path in svg.iter(f"{SVG}path") if path.get("class") == "map-land"]


# --- The region list -----------------------------------------------------------------------------


def test_region_list_map_links_placed_regions_and_names_the_capitals(
    client: Client, region_ru: Region
) -> None:
    moscow = factories.RegionFactory(code="RU-MOW", centre_ru="Москва", latitude=55.75, longitude=37.62)
    unplaced = factories.RegionFactory(latitude=None, longitude=None)
    html = client.get(reverse("territories:region_list")).content.decode()
    svg = svg_of(html)
    links = {a.get("href") for a in svg.iter(f"{SVG}a")}
    assert links == {reverse("region_detail", args=[code]) for code in (region_ru.code, moscow.code)}
    assert reverse("region_detail", args=[unplaced.code]) not in links
    assert labels_of(svg, "strong") == ["Москва"]


def test_regions_map_marks_the_highlighted_region(region_ru: Region, region_by: Region) -> None:
    region_by.latitude, region_by.longitude = 55.19, 30.2
    svg = parse(regions_map_svg([region_ru, region_by], highlight=region_ru))
    assert [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "highlight-ring"]
    assert "Смоленская область" in labels_of(svg, "strong")
    assert "Смоленская область" in svg.get("aria-label", "")


# --- The drawing parts ---------------------------------------------------------------------------


def test_chukotka_across_the_180th_meridian_stays_in_one_piece() -> None:
    frame = Frame.fit([(lon, lat) for lon in (166.0, -170.0) for lat in (62.0, 68.5)], width=900)
    anadyr, uelen, bilibino = frame(177.5, 64.7), frame(-169.8, 66.2), frame(166.4, 68.1)
    assert bilibino[0] < anadyr[0] < uelen[0]
    assert all(frame.contains(point) for point in (anadyr, uelen, bilibino))


def test_conic_keeps_north_up_in_the_middle_and_parallels_curved() -> None:
    conic = Conic.between(50.0, 60.0, 32.0)
    assert conic(32.0, 60.0)[1] < conic(32.0, 50.0)[1]
    assert conic(20.0, 55.0)[1] < conic(32.0, 55.0)[1]  # a parallel rises towards its ends


def test_clipping_keeps_the_part_of_a_line_inside_the_frame() -> None:
    frame = Frame.fit([(30.0, 54.0), (32.0, 56.0)], width=400, ratios=(1.0, 1.0))
    inside, outside = (200.0, 200.0), (2000.0, 200.0)
    start, end = frame.clip(inside, outside)  # type: ignore[misc]
    assert start == inside and end == (400.0, 200.0)
    assert frame.clip((-50.0, -50.0), (-10.0, -80.0)) is None


def test_dots_path_marks_each_point_once_with_short_relative_moves() -> None:
    points = [(10.04, 20.0), (15.5, 20.0), (10.0, 20.0), (12.26, 7.5)]
    d = dots_path(points)
    assert d == "M12.3 7.5h1m-3.3 12.5h1m4.5 0h1"
    # Back to absolute positions: each move is relative to the end of the previous mark.
    x = y = 0.0
    marks = []
    for command, dx, dy in re.findall(r"([Mm])(-?[\d.]+) ?(-?[\d.]+)h1", d):
        x, y = (float(dx), float(dy)) if command == "M" else (x + 1 + float(dx), y + float(dy))
        marks.append((round(x, 1), round(y, 1)))
    assert marks == [(12.3, 7.5), (10.0, 20.0), (15.5, 20.0)]


def test_labels_take_a_free_side_and_leave_out_what_does_not_fit() -> None:
    labels = Labels((0, 0, 300, 100))
    assert labels.add((150, 50), "Витебск")
    assert labels.add((150, 50), "Орша")  # the right side is taken: another side
    assert labels.add((150, 50), "Полоцк") and labels.add((150, 50), "Глубокое")
    assert not labels.add((150, 50), "Лепель")  # no side left
    assert not labels.add((295, 50), "Новополоцк", sides=("right",))  # would leave the frame
    assert not labels.add((150, 52), "Витебск")  # already written there
    anchors = re.findall(r'text-anchor="(\w+)"', str(labels.render()))
    assert anchors == ["start", "end", "middle", "middle"]


def test_national_layout_is_fixed_and_keeps_the_inset_off_belarus() -> None:
    layout = NationalLayout.make()
    assert layout.signature == NationalLayout.make().signature
    for lon, lat in ((23.72, 52.11), (27.57, 53.90), (28.33, 57.82), (30.31, 59.94), (20.51, 54.71)):
        assert layout.open(layout.detail(lon, lat)), (
            lon,
            lat,
        )  # Brest, Minsk, Pskov, St Petersburg, Kaliningrad

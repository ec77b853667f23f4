"""The platform's maps, drawn on the server as SVG: no tiles, no shapes, no script, no request
elsewhere. The drawing parts (projection, frame, marks, labels) are in `mosty.lib.svgmap`.

What we ship and may draw are points: the regions' administrative centres from the reference
data and the towns and cities of GeoNames (CC BY 4.0). Region boundaries are not drawn (the
licences of ready-made shape sets forbid it or the files are large); instead every town is a tiny
faint mark, and together they show the populated land of both countries. Pages put a caption
under each map and list the same places as text beside it.

- `national_map_svg` (home page): Belarus and western Russia large, where most ties are, with
  the whole of both countries small in an inset; region centres (border regions in the accent
  colour), active ties (an arrow where the partner lies outside), the capitals and the Belarusian
  regional centres labelled first, a legend. Its land layer is drawn once per version of the
  settlements and kept in the cache.
- `territory_map_svg` (a region's or a settlement's page): the region's own towns sized by
  population, the administrative centre or the settlement marked, the towns around faint, the
  largest towns and the neighbouring regions' centres labelled, lines to the partners of the
  region's ties, brought into the frame when near and shown by an arrow at the edge when far.
- `regions_map_svg` (region list): region centres fitted to the regions listed.
`mosty.ties.maps` draws the map of ties with the same parts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.cache import cache
from django.db.models import Count, FloatField, Max, Min, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mosty.lib.svgmap import (
    SIDES,
    Box,
    Conic,
    Coordinates,
    Frame,
    Labels,
    Point,
    arrow,
    circle,
    document,
    dots_path,
    extent,
    join,
    line,
    overlaps,
    radius,
    rect,
    unwrap,
)
from mosty.territories.models import Region, Settlement

WIDTH = 900
SMALL_WIDTH = 480  # for maps shown in half a page column
LAND_CACHE_SECONDS = 24 * 60 * 60  # keys carry the data version; this only clears old versions
CAPITALS = ("RU-MOW", "BY-HM", "RU-SPE")  # Moscow, Minsk, St Petersburg: labelled first, in bold


class TieLike(Protocol):
    region_a: Region
    region_b: Region
    settlement_a: Settlement | None
    settlement_b: Settlement | None


def region_point(region: Region) -> Coordinates | None:
    if region.latitude is None or region.longitude is None:
        return None
    return (region.longitude, region.latitude)


def region_css(region: Region) -> str:
    return "region-point border" if region.borders_other_country else "region-point"


# --- The land layer and its cache ----------------------------------------------------------------


def map_regions() -> QuerySet[Region]:
    """Every region with what its map needs and a fingerprint of its settlements (count, last id,
    sums of coordinates): one query, and the cached land layer is checked without another."""
    return Region.objects.only(
        "code", "name_ru", "name_be", "name_en", "centre_ru", "centre_be", "centre_en",
        "latitude", "longitude", "population", "borders_other_country",
    ).annotate(
        land_count=Count("settlements"),
        land_last=Max("settlements__id"),
        land_latitudes=Sum("settlements__latitude"),
        land_longitudes=Sum("settlements__longitude"),
    )  # fmt: skip


def land_version(regions: Iterable[Region]) -> str | None:
    """The version of the settlements' coordinates, from `map_regions()`: it changes when a
    settlement is added, removed or moved. None when the regions carry no fingerprint."""
    count, last, latitudes, longitudes = 0, 0, 0.0, 0.0
    for region in regions:
        if getattr(region, "land_count", None) is None:
            return None
        count += getattr(region, "land_count", 0)
        last = max(last, getattr(region, "land_last", None) or 0)
        latitudes += getattr(region, "land_latitudes", None) or 0.0
        longitudes += getattr(region, "land_longitudes", None) or 0.0
    return f"{count}-{last}-{latitudes:.3f}-{longitudes:.3f}"


def cached_layer(name: str, version: str, draw: Callable[[list[Coordinates]], Any]) -> Any:
    """`draw(coordinates of every settlement)`, kept in the cache under `name` and the data
    `version`: one query when the version is new, none after."""

    def compute() -> Any:
        return draw(list(Settlement.objects.order_by().values_list("longitude", "latitude")))

    return cache.get_or_set(f"mosty:maps:{name}:{version}", compute, LAND_CACHE_SECONDS)


# --- The home page: Belarus and western Russia, and both countries in an inset -------------------

NATIONAL_WIDTH = 1000
# Belarus and western Russia drawn large, where most ties are: Kaliningrad to the Volga, Belgorod
# to St Petersburg (degrees).
DETAIL_WEST, DETAIL_EAST, DETAIL_SOUTH, DETAIL_NORTH = 17.0, 47.0, 50.2, 60.6
# Both countries drawn small over the Baltic (no town of either country is there), and the
# legend over Poland and northern Ukraine: in the corners of the large map.
INSET_LEFT, INSET_TOP, INSET_WIDTH, INSET_TITLE = 8.0, 8.0, 300.0, 18.0
LEGEND_WIDTH, LEGEND_HEIGHT, LEGEND_COLUMN, LEGEND_ROW = 470.0, 46.0, 235.0, 18.0
# The far points of both countries, so the inset does not move when the data changes: Kaliningrad,
# the Kola Peninsula, Cape Chelyuskin, Cape Dezhnev, Primorye, Kamchatka, Dagestan, Brest.
NATIONAL_EXTENT: tuple[Coordinates, ...] = (
    (19.6, 54.6), (32.0, 69.9), (104.3, 77.7), (-169.7, 66.1),
    (131.0, 42.4), (156.7, 50.9), (47.8, 41.2), (23.2, 51.5),
)  # fmt: skip


def _detail_outline(steps: int = 12) -> list[Coordinates]:
    """The large map's box as a ring of coordinates, for its outline in the inset."""
    west, east, south, north = DETAIL_WEST, DETAIL_EAST, DETAIL_SOUTH, DETAIL_NORTH
    along = [west + (east - west) * i / steps for i in range(steps + 1)]
    return [(lon, south) for lon in along] + [(lon, north) for lon in reversed(along)] + [(west, south)]


@dataclass(frozen=True)
class NationalLayout:
    """The home map's two frames and the boxes of its inset and legend. Fixed, so the cached land
    layer fits them; `signature` goes into the cache key in case the constants change."""

    detail: Frame
    overview: Frame
    inset: Box
    legend: Box

    @classmethod
    def make(cls) -> NationalLayout:
        # Fitted to the box's middle parallel and meridian: the corners, where the parallels
        # curve up, are cut rather than the map made taller for them.
        middle_lon, middle_lat = (DETAIL_WEST + DETAIL_EAST) / 2, (DETAIL_SOUTH + DETAIL_NORTH) / 2
        cross = [(DETAIL_WEST, middle_lat), (DETAIL_EAST, middle_lat)]
        cross += [(middle_lon, DETAIL_SOUTH), (middle_lon, DETAIL_NORTH)]
        detail = Frame.fit(
            cross,
            width=NATIONAL_WIDTH,
            conic=Conic.between(DETAIL_SOUTH, DETAIL_NORTH, middle_lon),
            ratios=(0.1, 10),
        )
        overview = Frame.fit(
            NATIONAL_EXTENT,
            width=INSET_WIDTH,
            left=INSET_LEFT,
            top=INSET_TOP + INSET_TITLE,
            conic=Conic.between(41.2, 77.7, 100.0),
            ratios=(0.1, 10),
        )
        inset = (INSET_LEFT, INSET_TOP, INSET_LEFT + INSET_WIDTH, overview.top + overview.height)
        legend = (8.0, detail.height - 8 - LEGEND_HEIGHT, 8 + LEGEND_WIDTH, detail.height - 8.0)
        return cls(detail=detail, overview=overview, inset=inset, legend=legend)

    @property
    def signature(self) -> str:
        return hashlib.sha256(repr(self).encode()).hexdigest()[:12]

    def open(self, point: Point) -> bool:
        """Whether a point of the large map is drawn: inside it and not under the inset or legend."""
        spot = (point[0], point[1], point[0], point[1])
        return self.detail.contains(point, inset=2) and not (
            overlaps(spot, self.inset) or overlaps(spot, self.legend)
        )


def _national_land(coordinates: list[Coordinates]) -> tuple[str, str]:
    """The `d` of the land path of the large map and of the inset (its marks merged in a finer grid)."""
    layout = NationalLayout.make()
    detail = (layout.detail(lon, lat) for lon, lat in coordinates)
    overview = (layout.overview(lon, lat) for lon, lat in coordinates)
    return dots_path(point for point in detail if layout.open(point)), dots_path(overview, grid=6)


def _land(d: str, css: str = "map-land", stroke_width: float | None = None) -> SafeString:
    """One path of marks (see `dots_path`); `stroke_width` sets the size of round dots."""
    if not d:
        return mark_safe("")  # a constant empty string
    if stroke_width is None:
        return format_html('<path class="{}" d="{}"/>', css, d)
    return format_html('<path class="{}" stroke-width="{}" d="{}"/>', css, stroke_width, d)


def _legend(box: Box, *, land: bool) -> SafeString:
    """The legend's items in two columns inside `box`."""
    rows: list[tuple[SafeString, str]] = [
        (circle((6, 0), 4.5, "region-point"), _("centre of a region")),
        (circle((6, 0), 4.5, "region-point border"), _("centre of a border region")),
        (line((0, 0), (12, 0)), _("active tie")),
    ]
    if land:
        rows.append((_land("M1 -1.5h1m2 2h1m1 -2h1m1 2h1m1 -1h1"), _("town or city (GeoNames)")))
    items = [
        format_html(
            '<g transform="translate({} {})">{}<text class="map-label muted" x="18" y="3.5">{}</text></g>',
            box[0] + 10 + (index % 2) * LEGEND_COLUMN,
            box[1] + 14 + (index // 2) * LEGEND_ROW,
            mark,
            text,
        )
        for index, (mark, text) in enumerate(rows)
    ]
    return format_html('<g class="map-legend">{}{}</g>', rect(box, "map-panel"), join(items))


def _tie_pairs(
    region_pairs: Iterable[tuple[int, int]], placed: dict[int, Region]
) -> list[tuple[Region, Region]]:
    """The pairs of placed regions among `region_pairs` (region ids, either order), each once."""
    keys = {(min(a, b), max(a, b)) for a, b in region_pairs if a in placed and b in placed}
    return [(placed[a], placed[b]) for a, b in sorted(keys)]


def national_map_svg(
    regions: Iterable[Region], *, region_pairs: Iterable[tuple[int, int]] = ()
) -> SafeString:
    """The home page's map of `regions` and a line between the centres of each pair of
    `region_pairs` (the ids of two regions tied together: one line however many ties they share).
    With regions from `map_regions()` the land layer comes from the cache (a query only when the
    settlements changed since it was drawn)."""
    regions = list(regions)
    placed = {region.pk: region for region in regions if region_point(region) is not None}
    layout = NationalLayout.make()
    detail, overview = layout.detail, layout.overview
    version = land_version(regions)
    land = cached_layer(f"home-{layout.signature}", version, _national_land) if version else ("", "")
    pairs = _tie_pairs(region_pairs, placed)
    largest = max((region.population or 0 for region in placed.values()), default=0)

    def at(region: Region, frame: Frame = detail) -> Point:
        return frame(*region_point(region))  # type: ignore[misc]

    labels = Labels(detail.box(4))
    labels.reserve(layout.inset)
    labels.reserve(layout.legend)
    # The large map: ties, with an arrow where the partner lies outside.
    lines, arrows = [], []
    outside: dict[Region, Point] = {}
    for a, b in pairs:
        clipped = detail.clip(at(a), at(b), inset=3)
        if clipped is not None:
            lines.append(line(*clipped))
            for region, tip, tail in ((a, clipped[0], clipped[1]), (b, clipped[1], clipped[0])):
                if not layout.open(at(region)):
                    arrows.append(arrow(tail, tip))
                    outside[region] = tip
    # Region centres, the largest below; then labels: capitals, Belarus and the border, the rest.
    shown = sorted(
        (region for region in placed.values() if layout.open(at(region))), key=lambda r: -(r.population or 0)
    )
    size = {region.pk: radius(region.population, largest, low=2.5, high=9.0) for region in shown}
    points = []
    for region in shown:
        url = reverse("region_detail", args=[region.code])
        points.append(circle(at(region), size[region.pk], region_css(region), region.name, url))
        labels.block(at(region), size[region.pk])

    def rank(region: Region) -> int:
        if region.code in CAPITALS:
            return 0
        return 1 if region.code[:2] == "BY" or region.borders_other_country else 2

    for region in sorted(shown, key=rank):  # the largest first within a rank
        css = ("strong", "", "muted")[rank(region)]
        labels.add(at(region), region.centre, size=size[region.pk], css=css)
    for region, tip in outside.items():
        labels.add(tip, region.centre, size=4, css="muted", sides=detail.sides_inwards(tip))

    # The inset: all towns, all centres and ties, the large map's outline, far partners named.
    inset_labels = Labels(overview.box(2))
    for region in outside:
        inset_labels.add(at(region, overview), region.centre, size=2, css="small")
    outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in (overview(lon, lat) for lon, lat in _detail_outline()))
    inset = format_html(
        '<g class="map-overview">{}<text class="map-title" x="{}" y="{}">{}</text>{}'
        '<polyline class="map-inset" points="{}"/>{}{}{}</g>',
        rect(layout.inset, "map-panel"),
        INSET_LEFT + 8,
        INSET_TOP + 14,
        _("Both countries"),
        _land(land[1]),
        outline,
        join(line(at(a, overview), at(b, overview)) for a, b in pairs),
        join(circle(at(region, overview), 2, region_css(region), region.name) for region in placed.values()),
        inset_labels.render(),
    )
    body = format_html(
        '{}<g class="map-lines">{}{}</g><g class="map-points">{}</g>{}{}{}',
        _land(land[0]),
        join(lines),
        join(arrows),
        join(points),
        labels.render(),
        inset,
        _legend(layout.legend, land=bool(land[1])),
    )
    label = _("Map of the regions of Belarus and Russia and the active ties between them")
    return document(NATIONAL_WIDTH, detail.height, label, body, "national")


# --- A region's page and a settlement's page ------------------------------------------------------

LARGEST_LABELLED = 7  # a region's largest towns labelled on its page (fewer on a small map)
OTHERS_LABELLED = 5  # and the largest towns of other regions around, where room is left
# A region page reads the towns within this reach around the region's own (a share of its extent
# plus degrees); partners within it are brought into the frame, farther ones get an arrow.
REACH_SHARE, REACH_LATITUDE, REACH_LONGITUDE = 0.35, 0.8, 1.4
# The frame's margin around the region's own towns: a share of their extent plus degrees.
FRAME_SHARE, FRAME_LATITUDE, FRAME_LONGITUDE = 0.08, 0.12, 0.2


def region_places(region: Region) -> list[Settlement]:
    """The settlements a region's map draws, largest first, each with its region: the region's own
    and every other within the reach around them. One query: the region's extent is computed by
    subqueries (its centre when GeoNames lists no town of it)."""
    own = Settlement.objects.filter(region=region).order_by().values("region")

    def edge(aggregate: Min | Max, fallback: float | None) -> Coalesce:
        found = Subquery(own.annotate(edge=aggregate).values("edge"))
        return Coalesce(found, Value(fallback, output_field=FloatField()), output_field=FloatField())

    south, north = edge(Min("latitude"), region.latitude), edge(Max("latitude"), region.latitude)
    west, east = edge(Min("longitude"), region.longitude), edge(Max("longitude"), region.longitude)
    reach_latitude = (north - south) * REACH_SHARE + REACH_LATITUDE
    reach_longitude = (east - west) * REACH_SHARE + REACH_LONGITUDE
    places = (
        Settlement.objects.select_related("region")
        .only(
            "name_ru", "name_be", "name_en", "population", "latitude", "longitude", "is_regional_centre",
            "region__code", "region__name_ru", "region__name_be", "region__name_en", "region__centre_ru",
            "region__centre_be", "region__centre_en", "region__latitude", "region__longitude",
        )
        .filter(
            latitude__gte=south - reach_latitude,
            latitude__lte=north + reach_latitude,
            longitude__gte=west - reach_longitude,
            longitude__lte=east + reach_longitude,
        )
        .order_by("-population", "pk")
    )  # fmt: skip
    return list(places)


@dataclass(frozen=True)
class Partner:
    """The far end of one of a region's ties and the near end it starts from. `name` labels it on
    the map (the town, or the partner region's centre); `title` names it on hover."""

    start: Coordinates
    end: Coordinates
    name: str
    title: str
    url: str


def partners_of(region: Region, ties: Iterable[TieLike]) -> list[Partner]:
    """The other ends of `ties` seen from `region`: a settlement where the tie names one, else
    the partner region's centre."""
    partners = []
    for tie in ties:
        side_a, side_b = (tie.region_a, tie.settlement_a), (tie.region_b, tie.settlement_b)
        if region.pk not in (tie.region_a.pk, tie.region_b.pk):
            continue
        near, far = (side_a, side_b) if tie.region_a.pk == region.pk else (side_b, side_a)
        (own, own_place), (other, other_place) = near, far
        start = (own_place.longitude, own_place.latitude) if own_place else region_point(own)
        if other_place is not None:
            end: Coordinates | None = (other_place.longitude, other_place.latitude)
            name = title = other_place.name
            url = reverse("settlement_detail", args=[other_place.pk])
        else:
            end, name, title = region_point(other), other.centre, other.name
            url = reverse("region_detail", args=[other.code])
        if start is not None and end is not None:
            partners.append(Partner(start=start, end=end, name=name, title=title, url=url))
    return partners


def _territory_frame(own: Sequence[Coordinates], partners: Sequence[Partner], width: int) -> Frame:
    """The region's own towns with a margin, and the partners within reach of them."""
    west, south, east, north = extent(own)
    reach = (
        west - (east - west) * REACH_SHARE - REACH_LONGITUDE,
        south - (north - south) * REACH_SHARE - REACH_LATITUDE,
        east + (east - west) * REACH_SHARE + REACH_LONGITUDE,
        north + (north - south) * REACH_SHARE + REACH_LATITUDE,
    )
    pad_x = (east - west) * FRAME_SHARE + FRAME_LONGITUDE
    pad_y = (north - south) * FRAME_SHARE + FRAME_LATITUDE
    fit = [(lon, lat) for lon in (west - pad_x, east + pad_x) for lat in (south - pad_y, north + pad_y)]
    for partner in partners:
        lon, lat = unwrap(partner.end[0]), partner.end[1]
        if reach[0] <= lon <= reach[2] and reach[1] <= lat <= reach[3]:
            fit += [(lon - 0.25, lat - 0.12), (lon + 0.25, lat + 0.12)]
    ratios = (0.6, 1.0) if width < WIDTH else (0.5, 0.72)
    return Frame.fit(fit, width=width, ratios=ratios, min_span=1.0)


def territory_map_svg(
    region: Region,
    places: Sequence[Settlement],
    *,
    ties: Iterable[TieLike] = (),
    highlight: Settlement | None = None,
    width: int = WIDTH,
) -> SafeString:
    """The map of a region (`places` from `region_places`): its towns sized by population, its
    administrative centre (or the `highlight`ed settlement) marked, the towns of other regions
    around faint, the neighbouring regions' centres, and lines to the partners of `ties`."""
    own = [place for place in places if place.region_id == region.pk]
    others = [place for place in places if place.region_id != region.pk]
    centre_point = region_point(region)
    anchors = [(place.longitude, place.latitude) for place in own] or ([centre_point] if centre_point else [])
    if not anchors:
        return mark_safe("")  # nothing of the region is placed; the page lists what is known
    partners = partners_of(region, ties)
    frame = _territory_frame(anchors, partners, width)
    largest = max((place.population for place in own or places), default=0)
    high = 8.0 if width < WIDTH else 10.0

    def size(place: Settlement) -> float:
        return radius(place.population, largest, low=2.0, high=high)

    def at(place: Settlement) -> Point:
        return frame(place.longitude, place.latitude)

    labels = Labels(frame.box(3))
    # Other regions' towns: faint, sized like the region's own, one path per size.
    faint: dict[float, list[Point]] = {}
    for place in others:
        if frame.contains(at(place)):
            faint.setdefault(size(place), []).append(at(place))
    land = [
        _land(dots_path(points, length=0), "map-town", stroke_width=round(2 * dot, 1))
        for dot, points in sorted(faint.items(), reverse=True)
    ]
    # Neighbouring regions' centres inside the frame.
    neighbours = {place.region_id: place.region for place in others}
    neighbour_marks, neighbour_labels = [], []
    for neighbour in sorted(neighbours.values(), key=lambda r: r.code):
        coordinates = region_point(neighbour)
        if coordinates is not None and coordinates != centre_point and frame.contains(frame(*coordinates), 3):
            url = reverse("region_detail", args=[neighbour.code])
            neighbour_marks.append(circle(frame(*coordinates), 3.2, "region-centre", neighbour.name, url))
            neighbour_labels.append((frame(*coordinates), neighbour.centre))
    # Lines to partners: to their mark when inside the frame, else to an arrow at the edge.
    lines, arrows, partner_marks = [], [], []
    partner_labels: list[tuple[Point, str, Sequence[str]]] = []
    for partner in partners:
        start, end = frame(*partner.start), frame(*partner.end)
        clipped = frame.clip(start, end, inset=4)
        if clipped is None:
            continue
        lines.append(line(*clipped))
        if frame.contains(end, inset=4):
            partner_marks.append(circle(end, 4.5, "partner-point", partner.title, partner.url))
            partner_labels.append((end, partner.name, SIDES))
        else:
            arrows.append(arrow(*clipped))
            partner_labels.append((clipped[1], partner.name, frame.sides_inwards(clipped[1])))
    # The region's own towns, largest first so the small stay visible on top.
    own_marks = [
        circle(at(place), size(place), "town", place.name, reverse("settlement_detail", args=[place.pk]))
        for place in own
        if frame.contains(at(place))
    ]
    centre = next((place for place in own if place.is_regional_centre), None)
    marked = highlight or centre
    highlight_part = mark_safe("")  # a constant empty string
    if marked is not None:
        ring = size(marked) + 3.5
        highlight_part = format_html(
            '<g class="map-highlight"><circle class="highlight-ring" cx="{}" cy="{}" r="{}"/>{}</g>',
            *at(marked),
            ring,
            circle(at(marked), size(marked), "highlight-point", marked.name),
        )
        labels.block(at(marked), ring)
        labels.add(at(marked), marked.name, size=ring, css="strong")
    elif centre_point is not None:  # GeoNames lists no town of the region: its centre stands for it
        highlight_part = circle(frame(*centre_point), 4.5, "highlight-point", region.centre)
        labels.add(frame(*centre_point), region.centre, size=5, css="strong")

    # Labels after the marked place, the most telling first: partners, the centre, the largest
    # towns, the neighbouring centres, the largest towns around.
    for point, _name, _sides in partner_labels:
        labels.block(point, 4.5)
    for point, name, sides in partner_labels:
        labels.add(point, name, size=4.5, sides=sides)
    named = [place for place in own if place != marked]
    if centre is not None and centre in named:
        named.insert(0, named.pop(named.index(centre)))
    for place in named[: LARGEST_LABELLED - (3 if width < WIDTH else 0)]:
        labels.add(at(place), place.name, size=size(place))
    for point, name in neighbour_labels:
        labels.add(point, name, size=3.2, css="muted")
    for place in [place for place in others if frame.contains(at(place))][:OTHERS_LABELLED]:
        labels.add(at(place), place.name, size=size(place), css="muted")

    body = format_html(
        '<g class="map-land">{}</g><g class="map-lines">{}{}</g><g class="map-points">{}{}{}</g>{}{}',
        join(land),
        join(lines),
        join(arrows),
        join(neighbour_marks),
        join(own_marks),
        join(partner_marks),
        highlight_part,
        labels.render(),
    )
    if highlight is not None:
        label = _("Map of %(region)s with its towns and cities, %(name)s marked") % {
            "region": region.name,
            "name": highlight.name,
        }
    elif partners:
        label = _("Map of %(region)s with its towns and cities and lines to its partners: %(partners)s") % {
            "region": region.name,
            "partners": ", ".join(dict.fromkeys(partner.title for partner in partners)),
        }
    else:
        label = _("Map of %(region)s with its towns and cities") % {"region": region.name}
    return document(frame.width, frame.height, label, body, "territory")


# --- The region list and the map of ties ---------------------------------------------------------


def tie_lines(ties: Iterable[Any]) -> list[tuple[Coordinates, Coordinates]]:
    """Lines for ties: each tie's settlements where it joins settlements, else its regions' centres.
    Items may also be ready pairs of coordinates."""
    lines = []
    for tie in ties:
        if isinstance(tie, tuple):
            lines.append(tie)
            continue
        a = (
            (tie.settlement_a.longitude, tie.settlement_a.latitude)
            if tie.settlement_a
            else region_point(tie.region_a)
        )
        b = (
            (tie.settlement_b.longitude, tie.settlement_b.latitude)
            if tie.settlement_b
            else region_point(tie.region_b)
        )
        if a is not None and b is not None:
            lines.append((a, b))
    return lines


def regions_map_svg(
    regions: Iterable[Region],
    *,
    ties: Iterable[TieLike | tuple[Coordinates, Coordinates]] = (),
    highlight: Region | None = None,
    label: str | None = None,
    width: int = WIDTH,
) -> SafeString:
    """The regions' centres (linked to their pages, sized by population, border regions in the
    accent colour) fitted to them, lines for `ties`, the `highlight`ed region marked, and the
    capitals' and then the largest centres' names where there is room."""
    placed = sorted(
        (region for region in regions if region_point(region) is not None), key=lambda r: -(r.population or 0)
    )
    lines = tie_lines(ties)
    fit = [region_point(region) for region in placed] + [end for pair in lines for end in pair]
    frame = Frame.fit(fit, width=width, ratios=(0.4, 0.85))  # type: ignore[arg-type]
    largest = max((region.population or 0 for region in placed), default=0)
    size = {region.pk: radius(region.population, largest, low=2.5, high=9.0) for region in placed}

    def at(region: Region) -> Point:
        return frame(*region_point(region))  # type: ignore[misc]

    labels = Labels(frame.box(3))
    highlight_part = mark_safe("")  # a constant empty string
    if highlight is not None and region_point(highlight) is not None:
        highlight_part = format_html(
            '<g class="map-highlight"><circle class="highlight-ring" cx="{}" cy="{}" r="9"/></g>',
            *at(highlight),
        )
        labels.add(at(highlight), highlight.name, size=9, css="strong")
    capitals = [region for region in placed if region.code in CAPITALS]
    for region in capitals:  # before the other dots take their room
        labels.add(at(region), region.centre, size=size[region.pk], css="strong")
    for region in placed:
        labels.block(at(region), size[region.pk])
    for region in placed:
        if region not in capitals:
            labels.add(at(region), region.centre, size=size[region.pk], css="muted")
    points = [
        circle(
            at(region),
            size[region.pk],
            region_css(region),
            region.name,
            reverse("region_detail", args=[region.code]),
        )
        for region in placed
    ]
    body = format_html(
        '<g class="map-lines">{}</g><g class="map-points">{}</g>{}{}',
        join(line(frame(*a), frame(*b)) for a, b in lines),
        join(points),
        highlight_part,
        labels.render(),
    )
    if label is None:
        label = (
            _("Map of the regions of Belarus and Russia, %(name)s marked") % {"name": highlight.name}
            if highlight is not None
            else _("Map of the regions of Belarus and Russia")
        )
    return document(frame.width, frame.height, label, body, "regions")

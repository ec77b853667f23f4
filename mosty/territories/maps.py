"""Point maps drawn on the server as SVG: no tiles, no shapes, no script, no request elsewhere.

Region boundaries are not shipped (the licences of ready-made shape sets forbid it or the files
are large), so a map shows points: region centres sized by population, border regions
highlighted, optional lines for ties, and the current region or settlement marked. Pages put a
caption saying so under the map, and list the same places as text.

Projection: equirectangular, with longitudes shrunk by the cosine of the middle latitude, fitted
to the points drawn. At the latitudes of Russia and Belarus that keeps shapes recognisable.

Every value written into the SVG passes through `format_html`, so names are escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mosty.territories.models import Region, Settlement

Coordinates = tuple[float, float]  # (longitude, latitude), as in GeoJSON and ties.selectors.tie_lines

WIDTH = 900
PADDING = 18
MIN_RADIUS = 2.5
MAX_RADIUS = 11.0
ZOOM_DEGREES = 6.0  # half the height of a zoomed frame, in degrees of latitude
SMALL_WIDTH = 480  # for maps shown in half a page column


class TieLike(Protocol):
    region_a: Region
    region_b: Region
    settlement_a: Settlement | None
    settlement_b: Settlement | None


@dataclass(frozen=True)
class MapPoint:
    latitude: float
    longitude: float
    label: str
    url: str = ""
    radius: float = MIN_RADIUS
    css_class: str = "region-point"


@dataclass(frozen=True)
class _Projection:
    west: float
    north: float
    shrink: float
    scale: float
    width: int
    height: int

    @classmethod
    def fit(cls, coordinates: Sequence[Coordinates], width: int) -> _Projection:
        longitudes = [lon for lon, _lat in coordinates] or [0.0]
        latitudes = [lat for _lon, lat in coordinates] or [0.0]
        south, north = min(latitudes), max(latitudes)
        west, east = min(longitudes), max(longitudes)
        shrink = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * shrink, 0.5)
        span_y = max(north - south, 0.5)
        # Very tall or very flat sets of points keep a readable frame.
        scale = (width - 2 * PADDING) / max(span_x, span_y / 1.2)
        height = max(int(span_y * scale + 2 * PADDING), 160)
        return cls(west=west, north=north, shrink=shrink, scale=scale, width=width, height=height)

    def __call__(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = PADDING + (longitude - self.west) * self.shrink * self.scale
        y = PADDING + (self.north - latitude) * self.scale
        return round(x, 1), round(y, 1)

    def shows(self, x: float, y: float) -> bool:
        return 0 <= x <= self.width and 0 <= y <= self.height


def _radius(population: int | None, largest: int) -> float:
    if not population or largest <= 0:
        return MIN_RADIUS
    return round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(population / largest), 1)


def points_map_svg(
    points: Iterable[MapPoint],
    *,
    label: str,
    lines: Iterable[tuple[Coordinates, Coordinates]] = (),
    highlight: MapPoint | None = None,
    fit_to: Iterable[Coordinates] | None = None,
    width: int = WIDTH,
) -> SafeString:
    """An SVG map of `points` (links when they have a url), `lines` between coordinates and one
    highlighted point with its name written beside it. The frame fits `fit_to` (default: all
    points); points outside it are left out. `width` is in SVG units: a smaller one draws
    relatively larger dots and text for a map shown small."""
    points = list(points)
    lines = list(lines)
    frame = list(fit_to) if fit_to is not None else [(p.longitude, p.latitude) for p in points]
    if highlight is not None:
        frame.append((highlight.longitude, highlight.latitude))
    project = _Projection.fit(frame, width)

    line_parts = []
    for (lon_a, lat_a), (lon_b, lat_b) in lines:
        x1, y1 = project(lon_a, lat_a)
        x2, y2 = project(lon_b, lat_b)
        line_parts.append(
            format_html('<line class="tie-line" x1="{}" y1="{}" x2="{}" y2="{}"/>', x1, y1, x2, y2)
        )

    point_parts = []
    # Large circles first, so small ones stay visible and clickable on top of them.
    for point in sorted(points, key=lambda p: -p.radius):
        x, y = project(point.longitude, point.latitude)
        if not project.shows(x, y):
            continue
        circle = format_html(
            '<circle class="{}" cx="{}" cy="{}" r="{}"><title>{}</title></circle>',
            point.css_class,
            x,
            y,
            point.radius,
            point.label,
        )
        if point.url:
            # Out of the tab order: the map is an image for assistive technology, and the page
            # lists the same places as ordinary links next to it.
            circle = format_html('<a href="{}" tabindex="-1">{}</a>', point.url, circle)
        point_parts.append(circle)

    highlight_part = mark_safe("")  # a constant empty string
    if highlight is not None:
        x, y = project(highlight.longitude, highlight.latitude)
        anchor = "end" if x > project.width * 0.75 else "start"
        offset = -(highlight.radius + 6) if anchor == "end" else highlight.radius + 6
        highlight_part = format_html(
            '<g class="map-highlight"><circle class="highlight-ring" cx="{}" cy="{}" r="{}"/>'
            '<circle class="highlight-point" cx="{}" cy="{}" r="{}"/>'
            '<text x="{}" y="{}" text-anchor="{}">{}</text></g>',
            x,
            y,
            round(highlight.radius + 5, 1),
            x,
            y,
            highlight.radius,
            round(x + offset, 1),
            round(y + 4, 1),
            anchor,
            highlight.label,
        )

    return format_html(
        '<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<g class="map-lines">{}</g><g class="map-points">{}</g>{}</svg>',
        project.width,
        project.height,
        label,
        mark_safe("".join(line_parts)),  # built with format_html above
        mark_safe("".join(point_parts)),  # built with format_html above
        highlight_part,
    )


def _region_coordinates(region: Region) -> Coordinates | None:
    if region.latitude is None or region.longitude is None:
        return None
    return (region.longitude, region.latitude)


def _side(region: Region, settlement: Settlement | None) -> Coordinates | None:
    if settlement is not None:
        return (settlement.longitude, settlement.latitude)
    return _region_coordinates(region)


def tie_lines(ties: Iterable[Any]) -> list[tuple[Coordinates, Coordinates]]:
    """Lines for ties: each tie's settlements where it joins settlements, else its regions.
    Items may also be ready pairs of coordinates."""
    lines = []
    for tie in ties:
        if isinstance(tie, tuple):
            lines.append(tie)
            continue
        a = _side(tie.region_a, tie.settlement_a)
        b = _side(tie.region_b, tie.settlement_b)
        if a is not None and b is not None:
            lines.append((a, b))
    return lines


def regions_map_svg(
    regions: Iterable[Region],
    *,
    ties: Iterable[TieLike | tuple[Coordinates, Coordinates]] = (),
    highlight: Region | Settlement | None = None,
    label: str | None = None,
    zoom: bool = False,
) -> SafeString:
    """The regions' centres (linked to their pages, sized by population, border regions in the
    accent colour), lines for `ties`, and the `highlight`ed region or settlement. With `zoom`, the
    frame is the neighbourhood of the highlighted place and the far ends of its ties."""
    regions = [region for region in regions if _region_coordinates(region) is not None]
    lines = tie_lines(ties)
    largest = max((region.population or 0 for region in regions), default=0)
    points = [
        MapPoint(
            latitude=region.latitude,  # type: ignore[arg-type]
            longitude=region.longitude,  # type: ignore[arg-type]
            label=region.name,
            url=reverse("region_detail", args=[region.code]),
            radius=_radius(region.population, largest),
            css_class="region-point border" if region.borders_other_country else "region-point",
        )
        for region in regions
    ]
    marked = None
    if isinstance(highlight, Region) and _region_coordinates(highlight) is not None:
        marked = MapPoint(
            latitude=highlight.latitude,  # type: ignore[arg-type]
            longitude=highlight.longitude,  # type: ignore[arg-type]
            label=highlight.name,
            radius=_radius(highlight.population, largest),
        )
    elif isinstance(highlight, Settlement):
        marked = MapPoint(
            latitude=highlight.latitude, longitude=highlight.longitude, label=highlight.name, radius=4
        )
    if label is None:
        label = (
            _("Map of the regions of Belarus and Russia, %(name)s marked") % {"name": marked.label}
            if marked is not None
            else _("Map of the regions of Belarus and Russia")
        )
    frame = None
    if zoom and marked is not None:
        reach = ZOOM_DEGREES / max(math.cos(math.radians(marked.latitude)), 0.3)
        frame = [
            (marked.longitude - reach * 1.6, marked.latitude - ZOOM_DEGREES),
            (marked.longitude + reach * 1.6, marked.latitude + ZOOM_DEGREES),
            *(end for line in lines for end in line),
        ]
    return points_map_svg(points, label=label, lines=lines, highlight=marked, fit_to=frame)


def settlements_map_svg(
    settlements: Iterable[Settlement], *, highlight: Settlement | None = None, label: str | None = None
) -> SafeString:
    """The settlements (dots sized by population, linked to their pages) fitted to their own extent,
    with the `highlight`ed one marked: the map of one region."""
    settlements = list(settlements)
    largest = max((settlement.population for settlement in settlements), default=0)
    points = [
        MapPoint(
            latitude=settlement.latitude,
            longitude=settlement.longitude,
            label=settlement.name,
            url=reverse("settlement_detail", args=[settlement.pk]),
            radius=_radius(settlement.population, largest),
            css_class="settlement-point",
        )
        for settlement in settlements
    ]
    marked = None
    if highlight is not None:
        marked = MapPoint(
            latitude=highlight.latitude, longitude=highlight.longitude, label=highlight.name, radius=4
        )
    if label is None:
        label = (
            _("Map of settlements, %(name)s marked") % {"name": highlight.name}
            if highlight is not None
            else _("Map of settlements")
        )
    return points_map_svg(points, label=label, highlight=marked, width=SMALL_WIDTH)

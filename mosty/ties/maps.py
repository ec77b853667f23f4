"""The map of ties: a line per tie between its two ends, drawn over the region centres nearby."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from mosty.lib.svgmap import Frame, Labels, Point, circle, document, extent, join, line
from mosty.territories.maps import WIDTH, region_css, region_point, tie_lines
from mosty.territories.models import Region
from mosty.ties.models import Tie

# Room around the ties' ends, in degrees, so that the nearest regions show as landmarks.
MARGIN_LONGITUDE = 2.0
MARGIN_LATITUDE = 1.0
REGION_RADIUS = 4.0
END_RADIUS = 3.5


def tie_map_svg(ties: Iterable[Tie], regions: Iterable[Region]) -> SafeString | None:
    """The SVG map of `ties` (with both sides loaded), framed on their ends; `regions` are drawn as
    landmarks where they fall inside the frame. The ends are named (the settlement, or the
    region's centre), then the landmarks where room is left. None when no tie has a known position."""
    ties = list(ties)
    lines = tie_lines(ties)
    if not lines:
        return None
    west, south, east, north = extent([end for pair in lines for end in pair])
    fit = [
        (lon, lat)
        for lon in (west - MARGIN_LONGITUDE, east + MARGIN_LONGITUDE)
        for lat in (south - MARGIN_LATITUDE, north + MARGIN_LATITUDE)
    ]
    frame = Frame.fit(fit, width=WIDTH, ratios=(0.45, 0.8))
    labels = Labels(frame.box(3))

    ends: dict[Point, tuple[str, str, str]] = {}  # where each end is drawn: its name, title and page
    for tie in ties:
        for region, settlement in ((tie.region_a, tie.settlement_a), (tie.region_b, tie.settlement_b)):
            if settlement is not None:
                point = frame(settlement.longitude, settlement.latitude)
                url = reverse("settlement_detail", args=[settlement.pk])
                ends[point] = (settlement.name, settlement.name, url)
            elif (coordinates := region_point(region)) is not None:
                url = reverse("region_detail", args=[region.code])
                ends.setdefault(frame(*coordinates), (region.centre, region.name, url))

    landmarks, landmark_labels = [], []
    for region in regions:
        coordinates = region_point(region)
        if coordinates is not None and frame.contains(frame(*coordinates), inset=3):
            point = frame(*coordinates)
            url = reverse("region_detail", args=[region.code])
            landmarks.append(circle(point, REGION_RADIUS, region_css(region), region.name, url))
            labels.block(point, REGION_RADIUS)
            if point not in ends:
                landmark_labels.append((point, region.centre))
    end_marks = []
    for point, (_name, title, url) in ends.items():
        end_marks.append(circle(point, END_RADIUS, "settlement-point", title, url))
        labels.block(point, END_RADIUS)
    for point, (name, _title, _url) in ends.items():
        labels.add(point, name, size=END_RADIUS)
    for point, name in landmark_labels:
        labels.add(point, name, size=REGION_RADIUS, css="muted")

    body = format_html(
        '<g class="map-lines">{}</g><g class="map-points">{}{}</g>{}',
        join(line(frame(*a), frame(*b)) for a, b in lines),
        join(landmarks),
        join(end_marks),
        labels.render(),
    )
    return document(
        frame.width, frame.height, _("Map of ties between territories of Russia and Belarus"), body, "ties"
    )

"""The map of ties: a line per tie between its two ends, drawn over the region centres nearby."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from mosty.territories import maps
from mosty.territories.models import Region
from mosty.ties.models import Tie

# Room around the ties' ends, in degrees, so that the nearest regions show as landmarks.
MARGIN_LONGITUDE = 2.0
MARGIN_LATITUDE = 1.0
REGION_RADIUS = 5.0
SETTLEMENT_RADIUS = 3.5


def tie_map_svg(ties: Iterable[Tie], regions: Iterable[Region]) -> SafeString | None:
    """The SVG map of `ties` (with both sides loaded), framed on their ends; `regions` are drawn as
    landmarks where they fall inside the frame. None when no tie has a known position."""
    ties = list(ties)
    lines = maps.tie_lines(ties)
    if not lines:
        return None
    ends = [end for line in lines for end in line]
    longitudes = [lon for lon, _lat in ends]
    latitudes = [lat for _lon, lat in ends]
    frame = [
        (min(longitudes) - MARGIN_LONGITUDE, min(latitudes) - MARGIN_LATITUDE),
        (max(longitudes) + MARGIN_LONGITUDE, max(latitudes) + MARGIN_LATITUDE),
    ]
    points = [
        maps.MapPoint(
            latitude=region.latitude,
            longitude=region.longitude,
            label=region.name,
            url=reverse("region_detail", args=[region.code]),
            radius=REGION_RADIUS,
            css_class="region-point border" if region.borders_other_country else "region-point",
        )
        for region in regions
        if region.latitude is not None and region.longitude is not None
    ]
    settlements = {
        settlement.pk: settlement
        for tie in ties
        for settlement in (tie.settlement_a, tie.settlement_b)
        if settlement is not None
    }
    points += [
        maps.MapPoint(
            latitude=settlement.latitude,
            longitude=settlement.longitude,
            label=settlement.name,
            url=reverse("settlement_detail", args=[settlement.pk]),
            radius=SETTLEMENT_RADIUS,
            css_class="settlement-point",
        )
        for settlement in settlements.values()
    ]
    label = _("Map of ties between territories of Russia and Belarus")
    return maps.points_map_svg(points, label=label, lines=lines, fit_to=frame)

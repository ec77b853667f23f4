"""Maps in templates: {% load territory_maps %}{% regions_map regions ties=ties highlight=region %}."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString

from mosty.territories import maps
from mosty.territories.models import Region

register = template.Library()


@register.simple_tag
def regions_map(
    regions: Iterable[Region],
    ties: Iterable[Any] = (),
    highlight: Region | None = None,
    label: str | None = None,
) -> SafeString:
    return maps.regions_map_svg(regions, ties=ties, highlight=highlight, label=label)

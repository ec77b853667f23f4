"""Maps in templates: {% load territory_maps %}{% regions_map regions ties=ties highlight=region %}."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString

from mosty.territories import maps
from mosty.territories.models import Region, Settlement

register = template.Library()


@register.simple_tag
def regions_map(
    regions: Iterable[Region],
    ties: Iterable[Any] = (),
    highlight: Region | Settlement | None = None,
    label: str | None = None,
) -> SafeString:
    return maps.regions_map_svg(regions, ties=ties, highlight=highlight, label=label)


@register.simple_tag
def settlements_map(
    settlements: Iterable[Settlement], highlight: Settlement | None = None, label: str | None = None
) -> SafeString:
    return maps.settlements_map_svg(settlements, highlight=highlight, label=label)

"""The real reference data the seeded rows hang on: regions, settlements, sectors and forums."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cached_property

from mosty.events.models import Event, EventKind
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement


@dataclass(frozen=True)
class Place:
    settlement_id: int
    region_id: int
    country: str  # "RU" or "BY"
    name: str


class Reference:
    """Loaded once per run; picks places weighted by population so big towns get more of everything."""

    @cached_property
    def places(self) -> dict[str, list[Place]]:
        rows = Settlement.objects.values_list(
            "pk", "region_id", "region__country__code", "name_ru", "population"
        )
        places: dict[str, list[Place]] = {"RU": [], "BY": []}
        self._weights: dict[str, list[float]] = {"RU": [], "BY": []}
        for pk, region_id, country, name, population in rows.order_by("pk"):
            places[country].append(Place(pk, region_id, country, name))
            self._weights[country].append(max(population, 500) ** 0.5)
        if not places["RU"] or not places["BY"]:
            raise RuntimeError("load_reference_data first: settlements of both countries are needed")
        return places

    def place(self, rng: random.Random, country: str) -> Place:
        places = self.places[country]
        return rng.choices(places, weights=self._weights[country])[0]

    @cached_property
    def regions(self) -> dict[str, list[int]]:
        regions: dict[str, list[int]] = {"RU": [], "BY": []}
        for pk, country in Region.objects.values_list("pk", "country__code").order_by("pk"):
            regions[country].append(pk)
        return regions

    @cached_property
    def region_country(self) -> dict[int, str]:
        return {pk: country for country, pks in self.regions.items() for pk in pks}

    @cached_property
    def region_names(self) -> dict[int, str]:
        return dict(Region.objects.values_list("pk", "name_ru"))

    @cached_property
    def sectors(self) -> list[int]:
        """Divisions of OKVED 2 (the sections are their parents)."""
        return list(Sector.objects.filter(parent__isnull=False).order_by("pk").values_list("pk", flat=True))

    @cached_property
    def forums(self) -> list[int]:
        return list(Event.objects.filter(kind=EventKind.FORUM).order_by("pk").values_list("pk", flat=True))


def country_of(rng: random.Random) -> str:
    """Two thirds of everything is Russian, as the two countries' populations and regions suggest."""
    return "RU" if rng.random() < 0.66 else "BY"

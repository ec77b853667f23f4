"""A region's page and a settlement's page.

They show what every layer holds about a territory (its settlements and districts, and the
organisations, ties and events of higher apps), so they are composed here, in the top layer,
and the territories app imports nothing above itself. URL names: `region_detail`,
`settlement_detail` (registered in mosty/home/urls.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mosty.agreements import access as agreement_access
from mosty.agreements import selectors as agreement_selectors
from mosty.core.pagination import paginate
from mosty.events.selectors import public_events
from mosty.organisations.models import Organisation
from mosty.territories import selectors
from mosty.territories.maps import SMALL_WIDTH, region_places, territory_map_svg
from mosty.territories.models import Region, Settlement
from mosty.ties.models import Tie

LATEST = 10  # organisations, ties and events listed on a territory's page; the count links to all
LATEST_AGREEMENTS = 5
SETTLEMENTS_PER_PAGE = 20


@dataclass
class Listing:
    """The first few objects of a list and how many there are in all."""

    items: list[Any]
    count: int


def _listing(queryset: QuerySet[Any]) -> Listing:
    return Listing(items=list(queryset[:LATEST]), count=queryset.count())


def region_organisations(region: Region) -> Listing:
    """The region's organisations, the latest added first: two queries."""
    return _listing(
        Organisation.objects.filter(region=region).select_related("settlement").order_by("-created_at", "-pk")
    )


def region_ties(region: Region) -> Listing:
    """Ties with the region on either side, the most recent first: two queries."""
    return _listing(
        Tie.objects.filter(Q(region_a=region) | Q(region_b=region))
        .select_related("region_a", "region_b", "settlement_a", "settlement_b")
        .order_by(F("since").desc(nulls_last=True), "-pk")
    )


def region_events(region: Region) -> Listing:
    """Public events the region hosts (workspace events stay on their page), latest first: two queries."""
    events = public_events().filter(regions=region)
    return _listing(events.select_related("settlement").order_by("-year", "-start_date", "-pk"))


def region_agreements(request: HttpRequest, region: Region) -> Listing:
    """The region's latest agreements the reader may see, with their progress: two queries."""
    items, count = agreement_selectors.region_agreements(
        agreement_access.visible_agreements(request.user), region.pk, limit=LATEST_AGREEMENTS
    )
    return Listing(items=items, count=count)


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        region = selectors.region_by_code(code)
    except Region.DoesNotExist:
        raise Http404 from None
    settlements = paginate(request, selectors.region_settlements(region), per_page=SETTLEMENTS_PER_PAGE)
    ties = region_ties(region)
    context = {
        "region": region,
        "settlements": settlements,
        "districts": list(region.districts.order_by("name_ru")),
        "organisations": region_organisations(region),
        "ties": ties,
        "events": region_events(region),
        "agreements": region_agreements(request, region),
        "map_svg": territory_map_svg(region, region_places(region), ties=ties.items),
    }
    return render(request, "home/region_detail.html", context)


def settlement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        settlement = Settlement.objects.select_related("region__country").get(pk=pk)
    except Settlement.DoesNotExist:
        raise Http404 from None
    context = {
        "settlement": settlement,
        "organisations": _listing(
            Organisation.objects.filter(settlement=settlement).order_by("-created_at", "-pk")
        ),
        "events": _listing(
            public_events().filter(settlement=settlement).order_by("-year", "-start_date", "-pk")
        ),
        "map_svg": territory_map_svg(
            settlement.region, region_places(settlement.region), highlight=settlement, width=SMALL_WIDTH
        ),
    }
    return render(request, "home/settlement_detail.html", context)

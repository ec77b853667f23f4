"""The region list and the settlement search. A region's and a settlement's own pages show what
higher apps hold about them (organisations, ties, events), so they live in mosty/home/regions.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mosty.core.http import HtmxHttpRequest
from mosty.core.pagination import paginate
from mosty.territories import selectors
from mosty.territories.forms import RegionFilterForm, SettlementSearchForm


def region_list(request: HttpRequest) -> HttpResponse:
    form = RegionFilterForm(request.GET or None)
    filters = form.filters()
    regions = selectors.region_list(filters)
    return render(
        request,
        "territories/region_list.html",
        {"form": form, "regions": regions, "filtered": filters != selectors.RegionFilters()},
    )


def settlement_list(request: HtmxHttpRequest) -> HttpResponse:
    form = SettlementSearchForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.settlement_search(filters))
    context = {"form": form, "page": page, "filters": filters}
    template = "territories/_settlement_results.html" if request.htmx else "territories/settlement_list.html"
    return render(request, template, context)

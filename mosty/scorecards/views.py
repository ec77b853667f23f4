from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mosty.core.http import HtmxHttpRequest
from mosty.events.models import Event
from mosty.organisations.models import Organisation
from mosty.scorecards import exports, selectors
from mosty.scorecards.selectors import COLUMNS, KIND_LABELS, KINDS, Kind, Row
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement

ROWS_PER_PAGE = 50


def _kind(request: HttpRequest) -> Kind:
    by = request.GET.get("by", "region")
    return next((kind for kind in KINDS if kind == by), "region")


def _sort(request: HttpRequest) -> str:
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    return sort if sort.lstrip("-") in selectors.SORTS else selectors.DEFAULT_SORT


def detail_url(row: Row) -> str:
    return reverse(f"scorecards:{row.kind}", args=[row.key])


def _headings(kind: Kind, sort: str) -> list[dict[str, Any]]:
    """The table's column headings, each with the sort it links to and its aria-sort state."""
    headings = []
    for name, label in (("name", _("Name")), *COLUMNS):
        current = sort.lstrip("-") == name
        descending = sort.startswith("-")
        # A figure is sorted largest first on the first click, a name A to Z.
        first = name if name == "name" else f"-{name}"
        target = (name if descending else f"-{name}") if current else first
        state = ("descending" if descending else "ascending") if current else ""
        headings.append({"name": name, "label": label, "sort": target, "aria_sort": state})
    return headings


@require_GET
def index(request: HtmxHttpRequest) -> HttpResponse:
    """One table per kind (region, settlement, organisation, forum, sector), sortable by any column."""
    kind, sort = _kind(request), _sort(request)
    rows = selectors.scorecard_table(request.user, kind, sort=sort)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "tabs": [(value, KIND_LABELS[value]) for value in KINDS],
        "sort": sort,
        "headings": _headings(kind, sort),
        "page": page,
        "items": [(row, detail_url(row)) for row in page.object_list],
        "columns": [name for name, _label in COLUMNS],
    }
    template = "scorecards/_table.html" if request.htmx else "scorecards/index.html"
    return render(request, template, context)


@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The whole table of one kind, as the page sorts it, in CSV or XLSX."""
    if fmt not in exports.FORMATS:
        raise Http404
    kind = _kind(request)
    rows = selectors.scorecard_table(request.user, kind, sort=_sort(request))
    return exports.export(kind, rows, fmt)


def _detail(
    request: HttpRequest, kind: Kind, obj: Any, *, page_url: str, agreements_url: str
) -> HttpResponse:
    row = selectors.scorecard_row(request.user, kind, obj.pk)
    context = {
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "obj": obj,
        "name": obj.title if isinstance(obj, Event) else obj.name,
        "row": row,
        "page_url": page_url,
        "agreements_url": agreements_url,
        "index_url": f"{reverse('scorecards:index')}?by={kind}",
    }
    return render(request, "scorecards/detail.html", context)


@require_GET
def region(request: HttpRequest, code: str) -> HttpResponse:
    obj = get_object_or_404(Region, code=code.upper())
    return _detail(
        request,
        "region",
        obj,
        page_url=reverse("region_detail", args=[obj.code]),
        agreements_url=f"{reverse('agreements:list')}?region={obj.code}",
    )


@require_GET
def settlement(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Settlement, pk=pk)
    return _detail(
        request,
        "settlement",
        obj,
        page_url=reverse("settlement_detail", args=[obj.pk]),
        agreements_url=f"{reverse('agreements:list')}?settlement={obj.pk}",
    )


@require_GET
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Organisation, pk=pk)
    return _detail(
        request,
        "organisation",
        obj,
        page_url=reverse("organisations:detail", args=[obj.pk]),
        agreements_url="",  # the agreement list has no organisation filter
    )


@require_GET
def forum(request: HttpRequest, event_pk: int) -> HttpResponse:
    obj = get_object_or_404(Event, pk=event_pk, kind="forum")
    return _detail(
        request,
        "forum",
        obj,
        page_url=reverse("events:detail", args=[obj.pk]),
        agreements_url=reverse("agreements:forum", args=[obj.pk]),
    )


@require_GET
def sector(request: HttpRequest, code: str) -> HttpResponse:
    obj = get_object_or_404(Sector, code=code.upper(), parent__isnull=True)
    return _detail(
        request,
        "sector",
        obj,
        page_url="",
        agreements_url=f"{reverse('agreements:list')}?sector={obj.code}",
    )

"""One way to paginate a list page: two queries (count and page) whatever the size."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet[Any], *, per_page: int | None = None) -> Page[Any]:
    paginator = Paginator(queryset, per_page or settings.MOSTY_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))

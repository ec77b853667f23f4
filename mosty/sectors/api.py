"""Sectors of the economy (OKVED 2 sections and divisions) in the JSON API, mounted at /api/v1/."""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the view's string
# annotations in its own module, where the filter schemas are unknown, and the request fails.

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.sectors.models import Sector

router = Router(tags=["sectors"])


class Names(Schema):
    """A name in Russian, Belarusian and English; Russian stands in for a missing translation."""

    ru: str
    be: str
    en: str


class SectorOut(Schema):
    code: str = Field(description="A section letter (A-U) or a two-digit division")
    parent: str | None = Field(description="The section of a division; null for a section")
    names: Names

    @staticmethod
    def resolve_parent(obj: Sector) -> str | None:
        return obj.parent.code if obj.parent else None


class SectorFilters(Schema):
    level: Literal["section", "division"] | None = None
    parent: str | None = Field(None, max_length=4, description="A section's code: its divisions")


@router.get("sectors", response=list[SectorOut])
@paginate(PageNumberPagination, page_size=50)
def sector_list(request: HttpRequest, filters: Query[SectorFilters]) -> QuerySet[Sector]:
    """OKVED 2 sections and divisions, by code."""
    sectors = Sector.objects.select_related("parent").order_by("code")
    if filters.level == "section":
        sectors = sectors.filter(parent__isnull=True)
    elif filters.level == "division":
        sectors = sectors.filter(parent__isnull=False)
    if filters.parent:
        sectors = sectors.filter(parent__code=filters.parent.upper())
    return sectors


@router.get("sectors/{code}", response=SectorOut)
def sector_detail(request: HttpRequest, code: str) -> Sector:
    """One section or division by its code, e.g. C or 10."""
    return get_object_or_404(Sector.objects.select_related("parent"), code=code.upper())

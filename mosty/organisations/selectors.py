"""Reads of organisations whose speed matters: the list (page and API) and the sector tree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Expression, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from mosty.core.i18n import current_language
from mosty.lib.text import normalize
from mosty.organisations.models import Organisation
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement


@dataclass(frozen=True)
class OrganisationFilters:
    country: str = ""
    region: str = ""
    kind: str = ""
    sector: str = ""
    verified: bool | None = None  # True: verified only; False: not yet verified only
    q: str = ""


def name_order(prefix: str = "") -> Expression:
    """Order by the name in the reader's language, falling back to Russian where it is missing."""
    language = current_language()
    if language == "ru":
        return F(f"{prefix}name_ru").asc()
    return Coalesce(NullIf(F(f"{prefix}name_{language}"), Value("")), F(f"{prefix}name_ru")).asc()


def organisation_list(filters: OrganisationFilters) -> QuerySet[Organisation]:
    """Organisations matching the filters, by name, with what a list row shows: three queries for
    any page (count, rows with region and settlement, sectors)."""
    organisations = (
        Organisation.objects.select_related("region__country", "settlement")
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by("code")))
        .order_by(name_order(), "pk")
    )
    if filters.country:
        organisations = organisations.filter(region__country__code=filters.country.upper())
    if filters.region:
        organisations = organisations.filter(region__code=filters.region.upper())
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.sector:
        # A section (a letter) takes in its divisions; a division (two digits) is itself.
        code = filters.sector.upper()
        sectors = Sector.objects.filter(Q(code=code) | Q(parent__code=code)).values("pk")
        tagged = Organisation.sectors.through.objects.filter(sector__in=sectors).values("organisation_id")
        organisations = organisations.filter(pk__in=tagged)
    if filters.verified is not None:
        organisations = organisations.filter(is_verified=filters.verified)
    if filters.q and (key := normalize(filters.q)):
        organisations = organisations.filter(search_key__contains=key)
    return organisations


def organisation_detail(pk: int) -> Organisation:
    """One organisation with everything its page shows; raises Organisation.DoesNotExist."""
    return (
        Organisation.objects.select_related("region__country", "settlement", "verified_by")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.select_related("parent").order_by("code")),
            "representatives",
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class SectorGroup:
    section: Sector
    divisions: list[Sector]


def sector_tree() -> list[SectorGroup]:
    """OKVED 2 sections, each with its divisions: two queries."""
    sections = Sector.objects.filter(parent__isnull=True).prefetch_related(
        Prefetch("divisions", queryset=Sector.objects.order_by("code"))
    )
    return [SectorGroup(section, list(section.divisions.all())) for section in sections.order_by("code")]


def regions_by_country(regions: QuerySet[Region]) -> list[tuple[str, list[Region]]]:
    """Regions grouped under their country's name, each group ordered by name: one query."""
    groups: dict[str, list[Region]] = {}
    for region in regions.select_related("country").order_by("country__code", name_order(), "code"):
        groups.setdefault(region.country.name, []).append(region)
    return list(groups.items())


def settlements_of(region_id: int | None) -> QuerySet[Settlement]:
    """The settlements a form offers for a region: the largest first."""
    if region_id is None:
        return Settlement.objects.none()
    return Settlement.objects.filter(region_id=region_id).order_by("-population", "name_ru", "pk")


def organisation_matches(q: str, *, limit: int, exclude: Iterable[int] = ()) -> list[Organisation]:
    """At most `limit` organisations whose name in any language contains `q` (normalised as the list
    does), by name in the reader's language: the options of an organisation search box. Nothing for an
    empty query, so a box never lists the registry."""
    key = normalize(q)
    if not key:
        return []
    found = Organisation.objects.filter(search_key__contains=key).exclude(pk__in=list(exclude))
    return list(found.order_by(name_order(), "pk")[:limit])

"""Staff admin of the territories. Reference rows come from the data files (load_reference_data):
an edit made here is audited, and the next load sets the file's value back (also audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mosty.core.admin import AuditedModelAdmin
from mosty.lib.text import SEPARATOR, normalize, search_key
from mosty.territories.models import Country, District, Region, Settlement

NAME_FIELDS = ["name_ru", "name_be", "name_en"]


@admin.register(Country)
class CountryAdmin(AuditedModelAdmin):
    list_display = ["code", *NAME_FIELDS]
    search_fields = ["code", *NAME_FIELDS]


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = [
        "code",
        "name_ru",
        "name_be",
        "name_en",
        "country",
        "kind",
        "federal_district",
        "borders_other_country",
        "population",
        "population_year",
    ]
    list_filter = ["country", "kind", "federal_district", "borders_other_country", "iso_assigned"]
    search_fields = ["code", *NAME_FIELDS, "centre_ru", "centre_be", "centre_en"]
    list_select_related = ["country"]
    fieldsets = [
        (None, {"fields": ["code", "iso_assigned", "country", "kind", *NAME_FIELDS]}),
        (
            _("Administrative centre"),
            {"fields": ["centre_ru", "centre_be", "centre_en", "latitude", "longitude"]},
        ),
        (
            _("Facts"),
            {
                "fields": [
                    "federal_district",
                    "borders_other_country",
                    "population",
                    "population_year",
                    "population_source",
                ]
            },
        ),
    ]


@admin.register(District)
class DistrictAdmin(AuditedModelAdmin):
    list_display = ["code", *NAME_FIELDS, "region", "centre_ru"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", *NAME_FIELDS, "centre_ru", "centre_be", "centre_en"]
    list_select_related = ["region"]


@admin.register(Settlement)
class SettlementAdmin(AuditedModelAdmin):
    list_display = [*NAME_FIELDS, "region", "population", "is_regional_centre", "geonameid"]
    list_filter = ["is_regional_centre", "region__country", "region"]
    search_fields = [*NAME_FIELDS, "=geonameid"]
    list_select_related = ["region"]
    readonly_fields = ["search_key"]
    fields = [
        "geonameid",
        *NAME_FIELDS,
        "region",
        "population",
        "latitude",
        "longitude",
        "is_regional_centre",
        "search_key",
    ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        """Also any spelling, as on the public search: "Mahilioŭ" finds Могилёв."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = normalize(search_term)
        if key:
            results = results | queryset.filter(search_key__contains=key)
        return results, may_have_duplicates

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Keep every spelling known so far and add the names as edited.
        known = [part for part in obj.search_key.split(SEPARATOR) if part]
        obj.search_key = search_key(
            [*known, obj.name_en], ru=[obj.name_ru], be=[obj.name_be] if obj.name_be else []
        )
        super().save_model(request, obj, form, change)

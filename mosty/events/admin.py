from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mosty.core.admin import AuditedModelAdmin
from mosty.events import access
from mosty.events.models import Event


@admin.register(Event)
class EventAdmin(AuditedModelAdmin):
    list_display = [
        "title_ru",
        "kind",
        "forum_number",
        "year",
        "start_date",
        "end_date",
        "format",
        "place_ru",
    ]
    list_filter = ["kind", "format", "year", "regions__country"]
    search_fields = ["title_ru", "title_be", "title_en", "place_ru", "place_en", "theme_ru"]
    date_hierarchy = "start_date"
    ordering = ["-year", "-start_date"]
    # Thousands of settlements and organisations: ids with a lookup pop-up rather than huge selects.
    raw_id_fields = ["settlement", "organisers"]
    filter_horizontal = ["regions"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        # A workspace's events are for its members only, staff included.
        return access.visible_events(request.user, super().get_queryset(request))

    fieldsets = [
        (None, {"fields": ["kind", "title_ru", "title_be", "title_en"]}),
        (
            _("Dates"),
            {"fields": ["start_date", "end_date", "year", "date_note_ru", "date_note_be", "date_note_en"]},
        ),
        (
            _("Place"),
            {"fields": ["format", "place_ru", "place_be", "place_en", "settlement", "regions", "online_url"]},
        ),
        (None, {"fields": ["organisers", "description"]}),
        (
            _("Forum of Regions"),
            {
                "fields": [
                    "forum_number",
                    "theme_ru",
                    "theme_be",
                    "theme_en",
                    "agreements_count",
                    "contracts_amount",
                    "contracts_currency",
                    "results_ru",
                    "results_be",
                    "results_en",
                    "sources",
                ]
            },
        ),
        (None, {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

from __future__ import annotations

from django.contrib import admin

from mosty.core.admin import AuditedModelAdmin
from mosty.ties.models import Tie


@admin.register(Tie)
class TieAdmin(AuditedModelAdmin):
    list_display = ["__str__", "kind", "status", "since", "region_a", "region_b"]
    list_filter = ["kind", "status", "region_a", "region_b"]
    search_fields = [
        "region_a__name_ru",
        "region_b__name_ru",
        "settlement_a__name_ru",
        "settlement_b__name_ru",
        "region_a__code",
        "region_b__code",
        "basis",
    ]
    list_select_related = ["region_a", "region_b", "settlement_a", "settlement_b"]
    raw_id_fields = ["region_a", "region_b", "settlement_a", "settlement_b"]
    date_hierarchy = "since"
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fields = [
        "kind",
        ("region_a", "settlement_a"),
        ("region_b", "settlement_b"),
        "since",
        "basis",
        "status",
        "activity",
        "created_by",
        "created_at",
        "updated_at",
    ]

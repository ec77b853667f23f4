"""Staff admin of the OKVED 2 sectors. Reference rows come from data/okved2.csv
(load_reference_data): an edit made here is audited, and the next load sets the file's value back."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mosty.core.admin import AuditedModelAdmin
from mosty.sectors.models import Sector


class LevelFilter(admin.SimpleListFilter):
    title = _("level")
    parameter_name = "level"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("section", _("sections (A–U)")), ("division", _("divisions (01–99)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "section":
            return queryset.filter(parent__isnull=True)
        if self.value() == "division":
            return queryset.filter(parent__isnull=False)
        return queryset


@admin.register(Sector)
class SectorAdmin(AuditedModelAdmin):
    list_display = ["code", "name_ru", "name_be", "name_en", "parent"]
    list_filter = [LevelFilter, ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name_ru", "name_be", "name_en"]
    list_select_related = ["parent"]

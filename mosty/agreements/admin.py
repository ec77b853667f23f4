from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mosty.agreements.models import Agreement, AgreementDocument, AgreementParty
from mosty.core.admin import AuditedModelAdmin


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["region", "organisation"]
    raw_id_fields = ["settlement"]


@admin.register(Agreement)
class AgreementAdmin(AuditedModelAdmin):
    list_display = ["__str__", "kind", "status", "signed_on", "event", "visibility"]
    list_filter = ["status", "kind", "visibility", "event"]
    search_fields = ["number", "title"]
    date_hierarchy = "signed_on"
    list_select_related = ["event"]
    filter_horizontal = ["sectors"]
    inlines = [PartyInline]


@admin.register(AgreementParty)
class AgreementPartyAdmin(AuditedModelAdmin):
    list_display = ["agreement", "region", "settlement", "organisation", "signatory_name"]
    list_select_related = ["agreement", "region", "settlement", "organisation"]
    raw_id_fields = ["agreement", "settlement", "organisation"]


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(AuditedModelAdmin):
    list_display = ["title", "agreement", "original_name", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["agreement", "uploaded_by"]
    raw_id_fields = ["agreement"]
    readonly_fields = ["file", "original_name", "size", "content_type", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # Files come in through the agreement's page, where their size and type are checked.
        return False

"""The admin: the collection rule of each category is edited here; initiatives themselves change only
through the services (the pages), so the admin shows them read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mosty.core.admin import AuditedModelAdmin
from mosty.initiatives.models import CategoryRule, Initiative


@admin.register(CategoryRule)
class CategoryRuleAdmin(AuditedModelAdmin):
    list_display = ["category", "threshold", "collection_days"]
    list_editable = ["threshold", "collection_days"]
    ordering = ["category"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # every category keeps a rule


@admin.register(Initiative)
class InitiativeAdmin(AuditedModelAdmin):
    list_display = ["title", "status", "category", "support_count", "body", "answer_due", "answered_on"]
    list_filter = ["status", "category", "youth"]
    search_fields = ["title"]
    list_select_related = ["body"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

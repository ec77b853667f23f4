from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mosty.core.admin import AuditedModelAdmin
from mosty.money.models import CurrencyRate


@admin.register(CurrencyRate)
class CurrencyRateAdmin(AuditedModelAdmin):
    """The commission keeps the rate table here; each row is audited like any other change."""

    list_display = ["currency", "valid_from", "rate_to_rub", "source", "created_by"]
    list_filter = ["currency"]
    date_hierarchy = "valid_from"
    readonly_fields = ["created_by", "created_at"]
    list_select_related = ["created_by"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

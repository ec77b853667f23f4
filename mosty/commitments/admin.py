from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mosty.commitments.models import Commitment, Evidence, ProgressReport, Reminder
from mosty.core.admin import AuditedModelAdmin, RoleAccessMixin


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["original_name", "size", "content_type", "created_at"]
    readonly_fields = ["original_name", "size", "content_type", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # evidence comes with a report, through the checked upload of the report form


@admin.register(Commitment)
class CommitmentAdmin(AuditedModelAdmin):
    list_display = [
        "title",
        "status",
        "deadline",
        "responsible_organisation",
        "responsible_region",
        "counterpart_organisation",
        "counterpart_region",
        "source_kind",
    ]
    list_filter = ["status", "source_kind", "report_every", "is_public"]
    search_fields = ["title", "description"]
    list_select_related = [
        "responsible_organisation",
        "responsible_region",
        "counterpart_organisation",
        "counterpart_region",
    ]
    raw_id_fields = [
        "responsible_organisation",
        "responsible_region",
        "counterpart_organisation",
        "counterpart_region",
        "co_executors",
        "audience_organisations",
    ]
    filter_horizontal = ["audience_regions"]
    date_hierarchy = "deadline"
    readonly_fields = ["next_report_due", "version", "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # An admin edit is an edit too: an editor holding the previous version gets a conflict.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(ProgressReport)
class ProgressReportAdmin(AuditedModelAdmin):
    list_display = ["commitment", "reported_on", "author", "status", "reviewed_by"]
    list_filter = ["status"]
    search_fields = ["text", "commitment__title"]
    list_select_related = ["commitment", "author", "reviewed_by"]
    raw_id_fields = ["commitment", "author", "reviewed_by"]
    # Verification goes through the pages (the services), which change the commitment with it.
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "created_at"]
    inlines = [EvidenceInline]


@admin.register(Reminder)
class ReminderAdmin(RoleAccessMixin, admin.ModelAdmin):
    """The log of reminders sent: read-only."""

    list_display = ["sent_at", "kind", "commitment", "recipient", "due_date", "step"]
    list_filter = ["kind"]
    list_select_related = ["commitment", "recipient"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

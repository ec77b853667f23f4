from __future__ import annotations

from django.contrib import admin

from mosty.consultations.models import Answer, Consultation, Version
from mosty.core.admin import AuditedModelAdmin


@admin.register(Consultation)
class ConsultationAdmin(AuditedModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "answered_at", "organiser"]
    search_fields = ["title"]
    raw_id_fields = ["organiser", "organisation"]
    date_hierarchy = "opens_at"


@admin.register(Version)
class VersionAdmin(AuditedModelAdmin):
    list_display = ["consultation", "number", "published_at"]
    raw_id_fields = ["consultation", "published_by"]
    readonly_fields = ["source"]


@admin.register(Answer)
class AnswerAdmin(AuditedModelAdmin):
    list_display = ["comment", "consultation", "decision", "answered_at"]
    list_filter = ["decision"]
    raw_id_fields = ["comment", "consultation", "answered_by"]

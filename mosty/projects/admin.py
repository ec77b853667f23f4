from __future__ import annotations

from django.contrib import admin

from mosty.core.admin import AuditedModelAdmin
from mosty.projects.models import Project, ProjectPartner


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["region", "organisation"]
    raw_id_fields = ["settlement"]


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ["title", "kind", "status", "period_start", "period_end", "visibility"]
    list_filter = ["status", "kind", "visibility"]
    search_fields = ["title"]
    date_hierarchy = "period_start"
    filter_horizontal = ["sectors"]
    raw_id_fields = ["related_agreements"]
    inlines = [PartnerInline]


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(AuditedModelAdmin):
    list_display = ["project", "region", "settlement", "organisation", "role"]
    list_filter = ["role"]
    list_select_related = ["project", "region", "settlement", "organisation"]
    raw_id_fields = ["project", "settlement", "organisation"]

from __future__ import annotations

from django.contrib import admin

from mosty.core.admin import AuditedModelAdmin
from mosty.workspaces.models import Membership, Workspace


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Workspace)
class WorkspaceAdmin(AuditedModelAdmin):
    """For the platform administrators' support work; members use the pages."""

    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]

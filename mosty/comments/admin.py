"""Comments in the staff admin. Comments on private targets (workspace threads) are listed only to
staff who may see those targets, as everywhere else."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from mosty.comments.models import Comment, CommentReport
from mosty.comments.registry import registered_kinds
from mosty.core.admin import AuditedModelAdmin


def _visible_filter(request: HttpRequest) -> Q:
    """Comments of public kinds, and of private kinds only on targets the user may see."""
    private = [kind for kind in registered_kinds() if kind.private]
    condition = ~Q(kind__in=[kind.kind for kind in private])
    for kind in private:
        assert kind.visible_ids is not None
        condition |= Q(kind=kind.kind, target_id__in=list(kind.visible_ids(request.user)))
    return condition


class CommentReportInline(admin.TabularInline):
    model = CommentReport
    extra = 0
    fields = ["reporter", "reason", "created_at", "handled_at", "handled_by"]
    readonly_fields = ["reporter", "reason", "created_at", "handled_at", "handled_by"]


@admin.register(Comment)
class CommentAdmin(AuditedModelAdmin):
    list_display = ["__str__", "kind", "target_id", "author", "created_at", "is_official", "is_hidden"]
    list_filter = ["kind", "is_hidden", "is_official"]
    search_fields = ["body", "proposed_text"]
    list_select_related = ["author"]
    raw_id_fields = ["parent", "author", "hidden_by"]
    readonly_fields = ["kind", "target_id", "parent", "author", "body_html", "created_at", "edited_at"]
    date_hierarchy = "created_at"
    inlines = [CommentReportInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(_visible_filter(request))


@admin.register(CommentReport)
class CommentReportAdmin(AuditedModelAdmin):
    list_display = ["comment", "reporter", "reason", "created_at", "handled_at"]
    list_filter = ["handled_at"]
    list_select_related = ["comment", "reporter"]
    raw_id_fields = ["comment", "reporter", "handled_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        return queryset.filter(comment__in=Comment.objects.filter(_visible_filter(request)))

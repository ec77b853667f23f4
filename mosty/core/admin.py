"""The staff admin's base class: every save and delete leaves one audit row; access follows the role.

Apps subclass `AuditedModelAdmin` for their models:

    @admin.register(Organisation)
    class OrganisationAdmin(AuditedModelAdmin):
        list_display = [...]
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, router, transaction
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import STAFF_ROLES, Role
from mosty.core.audit import Snapshot, describe_changes, record, snapshot
from mosty.core.models import AuditEntry

# Who may do what in the admin. Coordinators only look: they edit through the platform's own pages,
# which check the region they coordinate.
ADMIN_EDIT_ROLES = frozenset({Role.ADMIN, Role.COMMISSION, Role.MODERATOR})
ADMIN_DELETE_ROLES = frozenset({Role.ADMIN, Role.COMMISSION})

# The request attribute carrying the pending audit row between save_model and save_related.
_PENDING = "_mosty_admin_audit"


def _role(request: HttpRequest) -> str | None:
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    return getattr(user, "role", None)


def may_view(request: HttpRequest) -> bool:
    return _role(request) in STAFF_ROLES


def may_edit(request: HttpRequest) -> bool:
    return _role(request) in ADMIN_EDIT_ROLES


def may_delete(request: HttpRequest) -> bool:
    return _role(request) in ADMIN_DELETE_ROLES


class RoleAccessMixin:
    """Admin permissions by platform role instead of Django's per-model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_view(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_view(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return may_edit(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_edit(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_delete(request)


class AuditedModelAdmin(RoleAccessMixin, admin.ModelAdmin):
    """Writes one audit row per saved change (fields, many-to-many and inlines done) and per delete.

    The snapshot before an update is read from the database, because the form has already
    written the new values onto `obj` when `save_model` runs. The row is written after
    `save_related`, so many-to-many changes land in the same row as field changes.
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before: Snapshot | None = None
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = snapshot(stored) if stored is not None else None
        action = AuditEntry.Action.UPDATE if before is not None else AuditEntry.Action.CREATE
        setattr(request, _PENDING, (obj, action, before))
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        pending = getattr(request, _PENDING, None)
        if pending is None:
            return
        delattr(request, _PENDING)
        obj, action, before = pending
        self.audit(request, obj, action, before)

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm,
        formset: BaseModelFormSet,
        change: bool,
    ) -> None:
        """Inline rows are objects of their own: each added, changed or deleted one gets its row.
        Rows of an automatic many-to-many table are left out; the parent's row lists the ids."""
        model: Any = formset.model
        if model._meta.auto_created:
            super().save_formset(request, form, formset, change)
            return
        pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk is not None]
        befores = {pk: snapshot(stored) for pk, stored in model._default_manager.in_bulk(pks).items()}
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.audit(request, obj, AuditEntry.Action.DELETE, befores.get(obj.pk) or snapshot(obj))
            obj.delete()
        created = {id(obj) for obj in formset.new_objects}
        for obj in instances:
            obj.save()
        formset.save_m2m()
        for obj in instances:
            if id(obj) in created:
                self.audit(request, obj, AuditEntry.Action.CREATE, None)
            else:
                self.audit(request, obj, AuditEntry.Action.UPDATE, befores.get(obj.pk))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        # Recorded first: deleting clears obj.pk, and the row needs the id.
        self.audit(request, obj, AuditEntry.Action.DELETE, snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic(using=router.db_for_write(self.model)):
            for obj in queryset:
                self.audit(request, obj, AuditEntry.Action.DELETE, snapshot(obj))
            super().delete_queryset(request, queryset)

    def audit(
        self, request: HttpRequest, obj: Any, action: str, before: Snapshot | None
    ) -> AuditEntry | None:
        """Write the row; a subclass may override to leave fields out (see the user admin)."""
        return record(actor=request.user, instance=obj, action=action, before=before)


@admin.register(AuditEntry)
class AuditEntryAdmin(RoleAccessMixin, admin.ModelAdmin):
    """The audit history, read-only for every staff role."""

    list_display = ["created_at", "actor", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "created_at"
    readonly_fields = (
        "created_at",
        "actor",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "what_changed",
    )
    fields = readonly_fields

    @admin.display(description=_("what changed"))
    def what_changed(self, obj: AuditEntry) -> str:
        rows = describe_changes(obj)
        if not rows:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {} → {}</li>", rows))

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

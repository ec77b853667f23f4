from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from mosty.accounts import services
from mosty.accounts.access import may_manage_roles
from mosty.accounts.models import User
from mosty.core.admin import AuditedModelAdmin


class UserAdminForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "role", "region", "is_active"]

    actor: Any = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "role" in data and "region" in data:
            try:
                services.check_role_change(
                    actor=self.actor, user=self.instance, role=data["role"], region=data["region"]
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(User)
class UserAdmin(AuditedModelAdmin):
    """Accounts are created by signing up (or `user_create`); here administrators set roles and block
    accounts. Nobody deletes an account: deactivate it, so its audit history keeps its author."""

    form = UserAdminForm
    list_display = ["email", "full_name", "role", "region", "is_active", "is_staff", "date_joined"]
    list_filter = ["role", "region", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]
    ordering = ["email"]
    fields = [
        "email",
        "full_name",
        "role",
        "region",
        "is_active",
        "is_staff",
        "is_superuser",
        "language",
        "email_frequency",
        "date_joined",
        "last_login",
    ]
    # The language and e-mail frequency are the user's own choice (profile page), shown here read-only.
    readonly_fields = [
        "email",
        "is_staff",
        "is_superuser",
        "language",
        "email_frequency",
        "date_joined",
        "last_login",
    ]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_manage_roles(request.user) and bool(request.user.is_staff)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        # A class of its own per request (as get_form builds anyway), knowing who is acting.
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # One service call saves and audits the change; the generic audit of the base class is not used.
        if not change:
            raise PermissionDenied
        data = form.cleaned_data
        services.user_admin_update(
            actor=request.user,
            user=obj,
            full_name=data["full_name"],
            role=data["role"],
            region=data["region"],
            is_active=data["is_active"],
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # A user has no many-to-many or inlines edited here; nothing else to save or audit.
        pass

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mosty.accounts.models import User
from mosty.core.admin import AuditedModelAdmin
from mosty.organisations import services
from mosty.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name_ru", "kind", "region", "settlement", "is_verified", "created_at"]
    list_filter = ["kind", "is_verified", "region__country", "region"]
    search_fields = ["name_ru", "name_be", "name_en", "email", "website"]
    list_select_related = ["region", "settlement"]
    raw_id_fields = ["region", "settlement", "representatives"]
    filter_horizontal = ["sectors"]
    date_hierarchy = "created_at"
    # Verification goes through the service (the actions below), which stamps who and when.
    readonly_fields = ["is_verified", "verified_at", "verified_by", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name_ru", "name_be", "name_en", "kind", "region", "settlement", "sectors"]}),
        (_("Contacts"), {"fields": ["website", "email", "phone", "address"]}),
        (_("Description"), {"fields": ["description"]}),
        (_("Representatives"), {"fields": ["representatives"]}),
        (
            _("Verification and record"),
            {
                "fields": [
                    "is_verified",
                    "verified_at",
                    "verified_by",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    actions = ["verify", "unverify"]

    @admin.action(description=_("Mark the selected organisations as verified"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        self._set_verified(request, queryset, verified=True)

    @admin.action(description=_("Take the verified mark back from the selected organisations"))
    def unverify(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        self._set_verified(request, queryset, verified=False)

    def _set_verified(
        self, request: HttpRequest, queryset: QuerySet[Organisation], *, verified: bool
    ) -> None:
        actor = request.user
        assert isinstance(actor, User)  # the admin is for signed-in staff only
        done = refused = 0
        for organisation in queryset:
            try:
                services.organisation_verify(actor=actor, organisation=organisation, verified=verified)
            except PermissionDenied:
                refused += 1
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d organisation updated.", "%(count)d organisations updated.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "You may not verify %(count)d of the selected organisations.",
                    "You may not verify %(count)d of the selected organisations.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )

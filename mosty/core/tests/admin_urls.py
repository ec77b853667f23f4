"""A URLconf for the audit tests: a separate admin site with an AuditedModelAdmin on organisations."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from mosty import urls as project_urls
from mosty.core.admin import AuditedModelAdmin
from mosty.organisations.models import Organisation

site = admin.AdminSite(name="audit_test_admin")


class OrganisationTestAdmin(AuditedModelAdmin):
    fields = ["name_ru", "kind", "region", "sectors", "description"]


site.register(Organisation, OrganisationTestAdmin)

urlpatterns = [path("test-admin/", site.urls), *project_urls.urlpatterns]
handler403 = project_urls.handler403
handler404 = project_urls.handler404

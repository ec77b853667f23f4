from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from mosty.accounts import views as accounts_views
from mosty.core import views as core_views

admin.site.site_header = "Mosty"
admin.site.site_title = "Mosty"

urlpatterns = [
    path("", include("mosty.home.urls")),
    path("", include("mosty.territories.urls")),
    path("organisations/", include("mosty.organisations.urls")),
    path("ties/", include("mosty.ties.urls")),
    path("events/", include("mosty.events.urls")),
    path("commitments/", include("mosty.commitments.urls")),
    path("agreements/", include("mosty.agreements.urls")),
    path("scorecards/", include("mosty.scorecards.urls")),
    path("projects/", include("mosty.projects.urls")),
    path("initiatives/", include("mosty.initiatives.urls")),
    path("workspaces/", include("mosty.workspaces.urls")),
    path("consultations/", include("mosty.consultations.urls")),
    path("comments/", include("mosty.comments.urls")),
    path("notifications/", include("mosty.core.urls")),
    path("api/", include("mosty.api.urls")),
    # Django's language switch, which also remembers a signed-in user's choice for their e-mails.
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("mosty.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/login/", core_views.admin_login),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
]

# Uploaded files (evidence, agreement documents) are never served from MEDIA_ROOT directly, not even
# in development: each is reached through a view that asks the object's access function first.

handler404 = "mosty.core.views.not_found"
handler403 = "mosty.core.views.forbidden"

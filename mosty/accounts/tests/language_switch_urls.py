"""The site's URLs with the language switch that also keeps the signed-in user's language mounted
first, as mosty/urls.py is asked to do (`path("i18n/setlang/", accounts_views.set_language, ...)`)."""

from __future__ import annotations

from django.urls import path

from mosty.accounts import views as accounts_views
from mosty.urls import handler403, handler404
from mosty.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    *site_urlpatterns,
]

__all__ = ["handler403", "handler404", "urlpatterns"]

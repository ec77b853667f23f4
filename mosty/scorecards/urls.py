from __future__ import annotations

from django.urls import path

from mosty.scorecards import views

app_name = "scorecards"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("regions/<str:code>/", views.region, name="region"),
    path("settlements/<int:pk>/", views.settlement, name="settlement"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("forums/<int:event_pk>/", views.forum, name="forum"),
    path("sectors/<str:code>/", views.sector, name="sector"),
]

from __future__ import annotations

from django.urls import path

from mosty.territories import views

app_name = "territories"
urlpatterns = [
    path("regions/", views.region_list, name="region_list"),
    path("settlements/", views.settlement_list, name="settlement_list"),
]

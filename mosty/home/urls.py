from __future__ import annotations

from django.urls import path

from mosty.home import regions, views

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<str:code>/", regions.region_detail, name="region_detail"),
    path("settlements/<int:pk>/", regions.settlement_detail, name="settlement_detail"),
]

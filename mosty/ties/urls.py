from __future__ import annotations

from django.urls import path

from mosty.ties import views

app_name = "ties"
urlpatterns = [
    path("", views.tie_list, name="list"),
]

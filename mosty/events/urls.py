from __future__ import annotations

from django.urls import path

from mosty.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
]

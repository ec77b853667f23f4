from __future__ import annotations

from django.urls import path

from mosty.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("forums/", views.forum_list, name="forums"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/delete/", views.event_delete, name="delete"),
]

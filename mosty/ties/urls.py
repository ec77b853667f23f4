from __future__ import annotations

from django.urls import path

from mosty.ties import views

app_name = "ties"
urlpatterns = [
    path("", views.tie_list, name="list"),
    path("new/", views.tie_create, name="create"),
    path("<int:pk>/", views.tie_detail, name="detail"),
    path("<int:pk>/edit/", views.tie_edit, name="edit"),
    path("<int:pk>/delete/", views.tie_delete, name="delete"),
]

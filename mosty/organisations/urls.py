from __future__ import annotations

from django.urls import path

from mosty.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("settlements/", views.settlement_options, name="settlement_options"),
    path("options/", views.organisation_options, name="options"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/verify/", views.organisation_verify, name="verify"),
    path("<int:pk>/delete/", views.organisation_delete, name="delete"),
]

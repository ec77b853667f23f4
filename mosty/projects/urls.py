from __future__ import annotations

from django.urls import path

from mosty.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("export/", views.project_export, name="export"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/status/", views.project_status, name="status"),
    path("<int:pk>/partners/new/", views.partner_add, name="partner_add"),
    path("<int:pk>/milestones/new/", views.milestone_add, name="milestone_add"),
    path("<int:pk>/agreements/", views.agreement_link, name="agreement_link"),
    path("<int:pk>/agreements/<int:agreement_pk>/unlink/", views.agreement_unlink, name="agreement_unlink"),
]

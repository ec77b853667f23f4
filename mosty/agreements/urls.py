from __future__ import annotations

from django.urls import path

from mosty.agreements import import_views, views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_create, name="create"),
    path("import/", import_views.agreement_import, name="import"),
    path("import/template/", import_views.import_template, name="import_template"),
    path("export/", import_views.agreement_export, name="export"),
    path("forum/<int:event_pk>/", views.forum, name="forum"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/status/", views.agreement_status, name="status"),
    path("<int:pk>/parties/new/", views.party_add, name="party_add"),
    path("<int:pk>/documents/new/", views.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
    path("<int:pk>/commitments/new/", views.commitment_add, name="commitment_add"),
]

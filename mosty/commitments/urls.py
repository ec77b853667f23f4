from __future__ import annotations

from django.urls import path

from mosty.commitments import views

app_name = "commitments"
urlpatterns = [
    path("", views.my_commitments, name="mine"),
    path("<int:pk>/", views.commitment_detail, name="detail"),
    path("<int:pk>/edit/", views.commitment_edit, name="edit"),
    path("<int:pk>/status/", views.commitment_status, name="status"),
    path("<int:pk>/report/", views.report_create, name="report"),
    path("<int:pk>/reports/<int:report_pk>/review/", views.report_review, name="review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]

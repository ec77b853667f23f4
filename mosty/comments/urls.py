from __future__ import annotations

from django.urls import path

from mosty.comments import views

app_name = "comments"
urlpatterns = [
    path("moderation/", views.moderation, name="moderation"),
    path("on/<slug:kind>/<int:target_id>/", views.comment_list, name="list"),
    path("on/<slug:kind>/<int:target_id>/new/", views.comment_create, name="create"),
    path("<int:pk>/edit/", views.comment_edit, name="edit"),
    path("<int:pk>/report/", views.comment_report, name="report"),
    path("<int:pk>/hide/", views.comment_hide, name="hide"),
    path("<int:pk>/restore/", views.comment_restore, name="restore"),
    path("<int:pk>/dismiss/", views.comment_dismiss, name="dismiss"),
    path("<int:pk>/support/", views.comment_support, name="support"),
    path("<int:pk>/withdraw-support/", views.comment_withdraw_support, name="withdraw_support"),
]

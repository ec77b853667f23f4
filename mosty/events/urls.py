from __future__ import annotations

from django.urls import path

from mosty.events import manage_views, views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("forums/", views.forum_list, name="forums"),
    path("new/", views.event_create, name="create"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("calendar/<str:code>.ics", views.region_calendar_feed, name="region_calendar"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/delete/", views.event_delete, name="delete"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/cancel/", views.cancel_registration, name="cancel"),
    path("<int:pk>/documents/<int:document_pk>/", views.agenda_document, name="agenda_document"),
    path("<int:pk>/minutes/document/", views.minutes_document, name="minutes_document"),
    # Organisers
    path("<int:pk>/programme/", manage_views.programme, name="programme"),
    path("<int:pk>/programme/<int:item_pk>/delete/", manage_views.agenda_item_delete, name="agenda_delete"),
    path(
        "<int:pk>/programme/<int:item_pk>/documents/",
        manage_views.agenda_document_add,
        name="agenda_document_add",
    ),
    path("<int:pk>/registration/", manage_views.registration_settings, name="registration_settings"),
    path(
        "<int:pk>/registration/questions/<int:question_pk>/delete/",
        manage_views.question_delete,
        name="question_delete",
    ),
    path("<int:pk>/registrations/", manage_views.registrations, name="registrations"),
    path("<int:pk>/registrations.csv", manage_views.registrations_export, {"fmt": "csv"}, name="export_csv"),
    path(
        "<int:pk>/registrations.xlsx", manage_views.registrations_export, {"fmt": "xlsx"}, name="export_xlsx"
    ),
    path(
        "<int:pk>/registrations/<int:registration_pk>/attendance/",
        manage_views.attendance,
        name="attendance",
    ),
    path(
        "<int:pk>/registrations/<int:registration_pk>/<str:action>/",
        manage_views.registration_action,
        name="registration_action",
    ),
    path("<int:pk>/minutes/", manage_views.minutes, name="minutes"),
    path("<int:pk>/decisions/new/", manage_views.decision_add, name="decision_add"),
]

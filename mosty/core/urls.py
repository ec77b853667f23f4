from __future__ import annotations

from django.urls import path

from mosty.core import views

app_name = "core"
urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("read/", views.notifications_read_all, name="notifications_read_all"),
    path("<int:pk>/", views.notification_open, name="notification_open"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]

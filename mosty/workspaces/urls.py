from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from mosty.workspaces import views

app_name = "workspaces"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.workspace_list, name="list"),
    path("new/", views.workspace_create, name="create"),
    path("<int:pk>/", views.workspace_detail, name="detail"),
    path("<int:pk>/edit/", views.workspace_edit, name="edit"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/<int:user_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/members/<int:user_pk>/role/", views.member_role, name="member_role"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/threads/new/", views.thread_create, name="thread_create"),
    path("<int:pk>/threads/<int:thread_pk>/", views.thread_detail, name="thread"),
    path("<int:pk>/documents/new/", views.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
]

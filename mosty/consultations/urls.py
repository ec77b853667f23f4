from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from mosty.consultations import views

app_name = "consultations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_create, name="create"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:pk>/versions/new/", views.version_publish, name="version_publish"),
    path("<int:pk>/diff/", views.version_diff, name="diff"),
    path("<int:pk>/paragraphs/<int:paragraph_pk>/", views.paragraph_detail, name="paragraph"),
    path("<int:pk>/answers/", views.answer_table, name="answers"),
    path("<int:pk>/answers.<str:extension>", views.answer_table_export, name="answers_export"),
    path("<int:pk>/comments/<int:comment_pk>/answer/", views.answer_give, name="answer"),
]

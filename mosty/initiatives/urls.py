from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from mosty.initiatives import views

app_name = "initiatives"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.initiative_list, name="list"),
    path("export.csv", views.initiative_export, name="export"),
    path("new/", views.initiative_create, name="create"),
    path("similar/", views.similar, name="similar"),
    path("mine/", views.my_initiatives, name="mine"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("review/", views.review_queue, name="review"),
    path("inbox/", views.body_inbox, name="inbox"),
    path("statistics/", views.answer_statistics, name="statistics"),
    path("statistics.csv", views.answer_statistics_csv, name="statistics_csv"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/submit/", views.initiative_submit, name="submit"),
    path("<int:pk>/moderate/", views.initiative_moderate, name="moderate"),
    path("<int:pk>/support/", views.initiative_support, name="support"),
    path("<int:pk>/withdraw/", views.initiative_withdraw, name="withdraw"),
    path("<int:pk>/forward/", views.initiative_forward, name="forward"),
    path("<int:pk>/decline/", views.initiative_decline, name="decline"),
    path("<int:pk>/merge/", views.initiative_merge, name="merge"),
    path("<int:pk>/answer/", views.initiative_answer, name="answer"),
    path("<int:pk>/extend/", views.initiative_extend, name="extend"),
    path("<int:pk>/publish-answer/", views.initiative_publish_answer, name="publish_answer"),
    path("<int:pk>/close/", views.initiative_close, name="close"),
    path("<int:pk>/rate/", views.initiative_rate, name="rate"),
    path("<int:pk>/answer/<str:which>/", views.answer_file, name="answer_file"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]

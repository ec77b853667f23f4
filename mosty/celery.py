"""The task queue. Embedded default runs tasks inline; production uses Redis as the broker."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosty.settings")

app = Celery("mosty")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

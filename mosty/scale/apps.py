from __future__ import annotations

from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """The national-scale data generator (`manage.py seed_scale`) and the benchmark's server-side parts."""

    name = "mosty.scale"
    label = "scale"
    default_auto_field = "django.db.models.BigAutoField"

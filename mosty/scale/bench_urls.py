"""The platform's URLs plus /bench/ceiling, only under mosty.scale.bench_settings."""

from __future__ import annotations

from django.urls import path

from mosty.scale.bench import ceiling
from mosty.urls import handler403, handler404
from mosty.urls import urlpatterns as platform_urlpatterns

__all__ = ["handler403", "handler404", "urlpatterns"]

urlpatterns = [path("bench/ceiling", ceiling, name="bench_ceiling"), *platform_urlpatterns]

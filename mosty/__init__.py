"""Mosty: the platform of the public commission on interregional cooperation of Belarus and Russia."""

from mosty.celery import app as celery_app

__all__ = ["celery_app"]

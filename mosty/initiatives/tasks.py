"""Background jobs of initiatives; the schedule is CELERY_BEAT_SCHEDULE in settings."""

from __future__ import annotations

import logging

from celery import shared_task

from mosty.initiatives.services import initiatives_expire

logger = logging.getLogger(__name__)


@shared_task(name="mosty.initiatives.expire_initiatives")
def expire_initiatives() -> int:
    """Daily: initiatives whose support period ended below the threshold expire (each once)."""
    expired = initiatives_expire()
    logger.info("Initiatives expired: %s", expired)
    return expired

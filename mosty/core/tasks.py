"""Background jobs of the core; the schedule is CELERY_BEAT_SCHEDULE in settings."""

from __future__ import annotations

import logging

from celery import shared_task

from mosty.core import notifications

logger = logging.getLogger(__name__)


@shared_task(name="mosty.core.send_digests")
def send_digests() -> dict[str, int]:
    """Daily (08:00 Moscow): one digest e-mail per user who chose it; each notification listed once,
    however many workers run it."""
    counts = notifications.send_digests()
    logger.info("Digests sent: %s", counts)
    return counts

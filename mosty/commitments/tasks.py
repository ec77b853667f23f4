"""Background jobs of the commitment engine; the schedule is CELERY_BEAT_SCHEDULE in settings."""

from __future__ import annotations

import logging

from celery import shared_task

from mosty.commitments.services import commitments_check_deadlines

logger = logging.getLogger(__name__)


@shared_task(name="mosty.commitments.check_commitments")
def check_commitments() -> dict[str, int]:
    """Daily: overdue marking, reminders and escalations (each reminder once, however many workers run it)."""
    counts = commitments_check_deadlines()
    logger.info("Commitments checked: %s", counts)
    return counts

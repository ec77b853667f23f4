"""Background jobs of events; the schedule is CELERY_BEAT_SCHEDULE in settings."""

from __future__ import annotations

import logging

from celery import shared_task

from mosty.events.services import events_send_reminders

logger = logging.getLogger(__name__)


@shared_task(name="mosty.events.send_event_reminders")
def send_event_reminders() -> int:
    """Daily: remind everyone with a confirmed place at an event that starts tomorrow, with the .ics
    (each registration once, however many workers run it)."""
    sent = events_send_reminders()
    logger.info("Event reminders sent: %s", sent)
    return sent

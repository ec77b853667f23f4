"""Telling a user something: one in-app notification row, and an e-mail once the transaction commits.

    notify(recipient=user, title=..., body=..., url=reverse(...))

The row is written in the caller's transaction, so it exists exactly when the change it reports
does; the e-mail leaves only after that transaction commits (never for a change rolled back).
Titles and bodies are rendered by the caller; for messages sent by background jobs, render them
inside `recipient_language()`.

Users have no language of their own yet, so e-mails are written in the platform's default
language (settings.LANGUAGE_CODE); when accounts gain a language field, `recipient_language`
is the one place to change.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from mosty.core.models import Notification

logger = logging.getLogger(__name__)


def recipient_language(recipient: Any) -> AbstractContextManager[None]:
    """The language to write to `recipient` in, as a context manager around the rendering."""
    return translation.override(settings.LANGUAGE_CODE)


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def notify(*, recipient: Any, title: str, body: str = "", url: str = "", email: bool = True) -> Notification:
    """Store an in-app notification for `recipient` and, after commit, e-mail it when they have an address."""
    notification = Notification.objects.create(
        recipient=recipient, title=str(title)[:255], body=str(body), url=str(url)[:500]
    )
    address = getattr(recipient, "email", "")
    if email and address and getattr(recipient, "is_active", True):
        text = "\n\n".join(part for part in (str(body), _absolute(str(url))) if part)
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{title}"

        def send() -> None:
            try:
                send_mail(subject, text, None, [address])
            except Exception:  # a mail server outage must not undo or repeat the committed work
                logger.exception("Could not e-mail notification %s to user %s", notification.pk, recipient.pk)

        transaction.on_commit(send)
    return notification

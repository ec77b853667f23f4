"""Telling a user something: one in-app notification row, and an e-mail as the user chose.

    with recipient_language(user):
        notify(recipient=user, title=..., body=..., url=reverse(...), unsubscribe="initiative:42")

The row is written in the caller's transaction, so it exists exactly when the change it reports
does. What happens by e-mail depends on the recipient's `email_frequency`:

- "immediately": the e-mail leaves after that transaction commits (never for a change rolled back),
  with any attachments (e.g. an .ics file);
- "daily": the row waits (`digest_pending`) for the daily digest (`send_digests`), one e-mail listing
  everything since the last one; attachments are not sent, the digest only lists;
- "never": no e-mail, the row is only in the platform.

Every e-mail is written in the recipient's language (`User.language`) and ends with a one-click
unsubscribe link, also given in the `List-Unsubscribe` / `List-Unsubscribe-Post` headers (RFC 8058).
`unsubscribe` names the scope that link turns off (see mosty.core.unsubscribe); without one it
stops all e-mails. Titles and bodies are rendered by the caller: do it inside
`recipient_language(recipient)`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mosty.core.models import Notification
from mosty.core.unsubscribe import ALL, scope_known, unsubscribe_url

logger = logging.getLogger(__name__)

Attachment = tuple[str, bytes, str]  # filename, content, MIME type

IMMEDIATELY, DAILY, NEVER = "immediately", "daily", "never"  # mosty.accounts.models.EmailFrequency


def language_of(recipient: Any) -> str:
    language = getattr(recipient, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def recipient_language(recipient: Any) -> AbstractContextManager[None]:
    """The language to write to `recipient` in, as a context manager around the rendering."""
    return translation.override(language_of(recipient))


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def _may_email(recipient: Any) -> bool:
    return bool(getattr(recipient, "email", "")) and getattr(recipient, "is_active", True)


def build_email(
    *,
    recipient: Any,
    subject: str,
    text: str,
    scope: str = ALL,
    attachments: Sequence[Attachment] = (),
) -> EmailMultiAlternatives:
    """An e-mail to `recipient` with the unsubscribe footer and headers; `text` is already in their
    language. The footer is rendered here, in the recipient's language. A scope no app has registered
    (a missing register_scope call) falls back to "all", so the footer never promises what it can't do."""
    if scope and not scope_known(scope):
        logger.warning(
            "No unsubscribe handler for the scope %r: the e-mail offers to stop all e-mails", scope
        )
        scope = ALL
    link = unsubscribe_url(recipient, scope or ALL)
    with recipient_language(recipient):
        if scope and scope != ALL:
            footer = _("To stop e-mails like this one, open: %(url)s") % {"url": link}
        else:
            footer = _("To stop all e-mails from Mosty, open: %(url)s") % {"url": link}
        settings_hint = _("Your e-mail settings: %(url)s") % {"url": absolute(reverse("accounts:profile"))}
    body = f"{text}\n\n-- \n{footer}\n{settings_hint}\n" if text else f"-- \n{footer}\n{settings_hint}\n"
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}".replace("\n", " "),
        body=body,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": language_of(recipient),
        },
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def notify(
    *,
    recipient: Any,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    unsubscribe: str = "",
    attachments: Sequence[Attachment] = (),
) -> Notification:
    """Store an in-app notification for `recipient` and e-mail it as they chose (see the module)."""
    frequency = getattr(recipient, "email_frequency", IMMEDIATELY)
    wants_email = email and _may_email(recipient) and frequency != NEVER
    notification = Notification.objects.create(
        recipient=recipient,
        title=str(title)[:255],
        body=str(body),
        url=str(url)[:500],
        digest_pending=wants_email and frequency == DAILY,
        unsubscribe_scope=str(unsubscribe)[:100],
    )
    if not wants_email or frequency == DAILY:
        return notification
    text = "\n\n".join(part for part in (str(body), absolute(str(url))) if part)
    attached = list(attachments)

    def send() -> None:
        try:
            build_email(
                recipient=recipient,
                subject=str(title),
                text=text,
                scope=notification.unsubscribe_scope,
                attachments=attached,
            ).send()
        except Exception:  # a mail server outage must not undo or repeat the committed work
            logger.exception("Could not e-mail notification %s to user %s", notification.pk, recipient.pk)
            return
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())

    transaction.on_commit(send)
    return notification


# --- The daily digest --------------------------------------------------------------------------------


def _digest_text(recipient: Any, notifications: Sequence[Notification]) -> tuple[str, str]:
    with recipient_language(recipient):
        subject = translation.ngettext(
            "%(count)d new notification", "%(count)d new notifications", len(notifications)
        ) % {"count": len(notifications)}
        items = []
        for notification in notifications:
            scope_link = ""
            if notification.unsubscribe_scope and scope_known(notification.unsubscribe_scope):
                scope_link = unsubscribe_url(recipient, notification.unsubscribe_scope)
            items.append(
                {
                    "notification": notification,
                    "url": absolute(notification.url),
                    "unsubscribe_url": scope_link,
                }
            )
        text = render_to_string(
            "core/digest_email.txt",
            {"items": items, "recipient": recipient, "inbox_url": absolute(reverse("core:notifications"))},
        )
    return subject, text


def send_digest(recipient_id: int) -> int:
    """E-mail one user the notifications waiting for their digest, in one message; returns how many
    it listed (0: nothing waiting, or another worker is sending them right now).

    Two workers may run the job at once. The waiting rows are locked with SKIP LOCKED, so the second
    worker finds none of the rows the first one holds; the e-mail is sent while the lock is held and
    the rows are marked in the same transaction. If sending fails, the transaction rolls back and the
    rows wait for the next run: a notification is listed in exactly one digest."""
    from mosty.accounts.models import User

    recipient = User.objects.filter(pk=recipient_id).first()
    if recipient is None:
        return 0
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(recipient_id=recipient_id, digest_pending=True)
            .order_by("created_at", "id")
        )
        if not pending:
            return 0
        if _may_email(recipient) and recipient.email_frequency != NEVER:
            subject, text = _digest_text(recipient, pending)
            build_email(recipient=recipient, subject=subject, text=text).send()
            emailed_at = timezone.now()
        else:
            emailed_at = None  # the user turned e-mails off or lost the address: nothing to send
        Notification.objects.filter(pk__in=[row.pk for row in pending]).update(
            digest_pending=False, emailed_at=emailed_at
        )
    return len(pending) if emailed_at else 0


def send_digests() -> dict[str, int]:
    """The daily job: one digest e-mail per user with notifications waiting. Safe to run twice, and
    in two workers at the same time. Returns counts for the log."""
    recipient_ids = (
        Notification.objects.filter(digest_pending=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    users = notifications = 0
    for recipient_id in list(recipient_ids):
        try:
            listed = send_digest(recipient_id)
        except Exception:  # one bad mailbox must not stop everyone else's digest
            logger.exception("Could not send the digest to user %s", recipient_id)
            continue
        users += bool(listed)
        notifications += listed
    return {"digests_sent": users, "notifications_listed": notifications}


# --- The in-app inbox ------------------------------------------------------------------------------


def notifications_of(user: Any) -> QuerySet[Notification]:
    """A user's notifications, newest first (the inbox index)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_mark_read(*, user: Any, notification: Notification) -> Notification:
    """The recipient has opened it. Another user's notification is not theirs to mark."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: Any) -> int:
    """Everything in the user's inbox is read now; returns how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())

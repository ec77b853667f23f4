"""The messages an event sends to the people registered: an in-app notification and an e-mail (as the
person chose in their settings) with the event's .ics attached where they hold a place (confirmation,
promotion, reminder), through core's `notify`, after the transaction commits.

Everything is rendered in the recipient's language. Events of a workspace are only ever written
about to a member of the workspace. An invitation to an address without an account is a plain
e-mail (there is nobody to notify in the platform), and only for public events.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from mosty.core.notifications import notify, recipient_language
from mosty.events import access, ics
from mosty.events.models import Event, Registration

logger = logging.getLogger(__name__)

ICS_NAME = "event.ics"
ICS_MIME = "text/calendar"


def _send(*, recipient: Any, event: Event, title: str, body: str, with_ics: bool) -> None:
    """In-app and, as the recipient chose, by e-mail after commit; the .ics attached where asked."""
    attachments = [(ICS_NAME, ics.event_bytes(event), ICS_MIME)] if with_ics else []
    notify(
        recipient=recipient,
        title=title,
        body=body,
        url=reverse("events:detail", args=[event.pk]),
        attachments=attachments,
    )


def registration_message(registration: Registration, kind: str) -> None:
    """Tell the registered person what happened: kind is one of confirmed, pending, waiting,
    promoted, declined, cancelled, reminder."""
    event = registration.event
    user = registration.user
    if not access.can_see_event(user, event):
        return  # no longer a member of the event's workspace: not a word about it
    with recipient_language(user):
        name = event.title
        texts: dict[str, tuple[str, str, bool]] = {
            "confirmed": (
                _("Your place at “%(event)s” is confirmed") % {"event": name},
                _("You are registered. The calendar entry is attached."),
                True,
            ),
            "pending": (
                _("Your registration for “%(event)s” awaits approval") % {"event": name},
                _("The organisers will look at your registration and you will be told their answer."),
                False,
            ),
            "waiting": (
                _("You are on the waiting list for “%(event)s”") % {"event": name},
                _(
                    "All places are taken. You will get a place automatically, in the order of "
                    "registration, as soon as one frees up, and you will be told."
                ),
                False,
            ),
            "promoted": (
                _("A place at “%(event)s” has freed up: it is yours") % {"event": name},
                _(
                    "You have moved from the waiting list to a confirmed place. "
                    "The calendar entry is attached."
                ),
                True,
            ),
            "declined": (
                _("Your registration for “%(event)s” was declined") % {"event": name},
                _("The organisers could not accept your registration."),
                False,
            ),
            "cancelled": (
                _("Your registration for “%(event)s” is cancelled") % {"event": name},
                _("Your registration has been cancelled. You may register again while registration is open."),
                False,
            ),
            "reminder": (
                _("Tomorrow: “%(event)s”") % {"event": name},
                _(
                    "A reminder that the event you registered for takes place tomorrow. "
                    "The calendar entry is attached."
                ),
                True,
            ),
        }
        title, body, with_ics = texts[kind]
        _send(recipient=user, event=event, title=str(title), body=str(body), with_ics=with_ics)


def invitation_message(*, event: Event, email: str, user: Any | None) -> None:
    """An invitation: to the user with this address when there is one (in-app and e-mail),
    otherwise an e-mail to the address."""
    url = reverse("events:detail", args=[event.pk])
    if user is not None:
        with recipient_language(user):
            title = _("You are invited to “%(event)s”") % {"event": event.title}
            body = _("The organisers invite you to register for this event.")
            _send(recipient=user, event=event, title=str(title), body=str(body), with_ics=False)
        return
    with recipient_language(None):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("You are invited to “%(event)s”") % {
            "event": event.title
        }
        text = (
            str(
                _(
                    "The organisers invite you to register for this event. "
                    "Sign up with this e-mail address to register."
                )
            )
            + "\n\n"
            + ics.site_url(url)
        )

    def send() -> None:
        try:
            EmailMessage(subject, text, None, [email]).send()
        except Exception:
            logger.exception("Could not e-mail an invitation to event %s", event.pk)

    transaction.on_commit(send)

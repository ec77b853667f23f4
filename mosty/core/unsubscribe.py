"""One-click unsubscribe links: a signed token names a user and a scope of e-mails to stop.

    unsubscribe_url(user, "all")            # stop every e-mail (email_frequency = never)
    unsubscribe_url(user, "initiative:42")  # what the "initiative" app's handler turns off

Apps register the handler of their prefix in AppConfig.ready():

    register_scope("initiative", mute_initiative)   # (user, scope) -> translated confirmation text

The token is signed with the site's SECRET_KEY under its own salt; it does not expire (an old
e-mail's link must still work) and it authenticates its holder for this one action only. Opening
the link (GET) changes nothing (mail scanners prefetch links): it asks to confirm with a button. The
POST of that button, or the RFC 8058 one-click POST of a mail client, applies it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from mosty.accounts.models import User

SALT = "mosty.core.unsubscribe"
ALL = "all"

BAD_LINK = _(
    "This unsubscribe link is not valid. Copy the whole link from the e-mail, "
    "or change your e-mail settings in your profile."
)
UNKNOWN_SCOPE = _("This unsubscribe link no longer applies to anything.")
STOPPED_ALL = _("You will no longer receive e-mails from Mosty. Your notifications stay on the platform.")

Handler = Callable[["User", str], str]
_handlers: dict[str, Handler] = {}


class BadToken(Exception):
    """The token is forged, damaged, or names no active user or no known scope."""

    def __init__(self, message: StrOrPromise | None = None) -> None:
        # Kept lazy: rendered in the reader's language when the page shows it, not at import time.
        self.message = BAD_LINK if message is None else message
        super().__init__(self.message)


@dataclass(frozen=True)
class Unsubscription:
    user: User
    scope: str


def register_scope(prefix: str, handler: Handler) -> None:
    """Let `handler(user, scope)` apply unsubscribe scopes "<prefix>:<anything>"; it returns a
    translated text that confirms what was turned off. Registering a prefix twice replaces it."""
    if not prefix or ":" in prefix or prefix == ALL:
        raise ValueError(f"Invalid unsubscribe scope prefix: {prefix!r}")
    _handlers[prefix] = handler


def scope_known(scope: str) -> bool:
    return scope == ALL or scope.split(":", 1)[0] in _handlers


def make_token(user: User, scope: str) -> str:
    return signing.dumps({"u": user.pk, "s": scope}, salt=SALT, compress=True)


def unsubscribe_url(user: User, scope: str = ALL) -> str:
    """The absolute link that stops the e-mails of `scope` for `user`."""
    if not scope_known(scope):
        raise ValueError(f"No handler registered for the unsubscribe scope {scope!r}")
    path = reverse("core:unsubscribe", args=[make_token(user, scope)])
    return settings.SITE_URL.rstrip("/") + path


def read_token(token: str) -> Unsubscription:
    """The user and scope a token names; BadToken when it is not one of ours or no longer applies."""
    from mosty.accounts.models import User

    try:
        payload = signing.loads(token, salt=SALT)
        user_id, scope = int(payload["u"]), str(payload["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadToken from error
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise BadToken
    if not scope_known(scope):
        raise BadToken(UNKNOWN_SCOPE)
    return Unsubscription(user=user, scope=scope)


def apply(request: Unsubscription) -> str:
    """Turn the e-mails of the request's scope off; returns the confirmation text."""
    if request.scope == ALL:
        from mosty.accounts.models import EmailFrequency
        from mosty.accounts.services import user_set_preferences

        user_set_preferences(actor=request.user, user=request.user, email_frequency=EmailFrequency.NEVER)
        return str(STOPPED_ALL)
    return _handlers[request.scope.split(":", 1)[0]](request.user, request.scope)

"""API tokens: made, looked up and revoked here, and nowhere else.

A token is a random secret of 43 URL-safe characters (256 bits). The database keeps only its
SHA-256 and its first 8 characters (to tell tokens apart in the list); the secret itself is
returned once by api_token_create and shown once on the page, never stored or logged. A request
presents it as `Authorization: Bearer <secret>` (see mosty.api.auth) and then acts as the token's
user, with that user's permissions — no more.

Staff roles must have two-factor authentication on to make a token and to use one: a token must
not be a way around the second factor.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.accounts.access import user_for_actor
from mosty.accounts.models import ApiToken, User
from mosty.accounts.selectors import user_has_totp
from mosty.core.audit import record, snapshot
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.lib.sanitize import plain_text

PREFIX_LENGTH = 8
# A user with more live tokens than this has lost track of them.
MAX_ACTIVE_TOKENS = 20
# last_used_at is written at most this often per token: an exact time is not worth a write per request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)

NEEDS_TWO_FACTOR = _("Turn on two-factor authentication before you make an API token: your role requires it.")
TOO_MANY_TOKENS = _("You have %(limit)d active tokens already. Revoke one you no longer use.")
EXPIRY_IN_PAST = _("The expiry must be in the future.")
ALREADY_REVOKED = _("This token has already been revoked.")
NAME_REQUIRED = _("Give the token a name.")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _two_factor_missing(user: User) -> bool:
    return bool(settings.MOSTY_STAFF_MFA_REQUIRED and user.is_staff_role and not user_has_totp(user))


def _record(*, actor: User, token: ApiToken, action: str, before: dict[str, object] | None = None) -> None:
    """The audit row of a token change: the name, the beginning and the dates; core.audit never
    copies the hash, so nothing in the history helps to find the secret."""
    record(actor=actor, instance=token, action=action, before=before)


def user_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too, marked as such by the page)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


@transaction.atomic
def api_token_create(
    *, actor: User, user: User, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user` (their own, or anyone's for an administrator). Returns the token and
    its secret; the secret cannot be read again afterwards."""
    user_for_actor(actor, user, write=True)
    if _two_factor_missing(user):
        raise ApplicationError(str(NEEDS_TWO_FACTOR), code="two_factor_required", status=403)
    now = timezone.now()
    name = plain_text(name)
    if not name:
        raise ValidationError({"name": ValidationError(NAME_REQUIRED, code="required")})
    if expires_at is not None and expires_at <= now:
        raise ValidationError({"expires_at": ValidationError(EXPIRY_IN_PAST, code="in_past")})
    # The user's row is locked so two requests at once cannot both pass the count below.
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).exclude(expires_at__lte=now)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ApplicationError(str(TOO_MANY_TOKENS % {"limit": MAX_ACTIVE_TOKENS}), code="too_many_tokens")
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=_hash(secret),
        created_at=now,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    _record(actor=actor, token=token, action=AuditEntry.Action.CREATE)
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke the token at once: the next request with it is refused."""
    user_for_actor(actor, token.user, write=True)
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise ApplicationError(str(ALREADY_REVOKED), code="already_revoked")
    before = snapshot(locked)
    locked.revoked_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["revoked_at"])
    _record(actor=actor, token=locked, action=AuditEntry.Action.UPDATE, before=before)
    token.revoked_at = locked.revoked_at
    return token


def api_token_authenticate(secret: str, *, now: datetime.datetime | None = None) -> ApiToken | None:
    """The live token with this secret and its active user, or None: unknown, revoked, expired,
    its user deactivated, or a staff user whose second factor is off. Notes the time of use."""
    if not secret or len(secret) > 200:
        return None
    now = now or timezone.now()
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(secret)).first()
    if token is None or not token.is_active_at(now) or not token.user.is_active:
        return None
    if _two_factor_missing(token.user):
        return None
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        # Bookkeeping, not a change anyone reviews: no audit row.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

from mosty.accounts.models import STAFF_ROLES
from mosty.core.i18n import current_language


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "MOSTY_SIGNUP_OPEN", True))

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        """A new account writes to its user in the language they signed up in (the interface's,
        from the language cookie or the browser); they change it in their profile."""
        user.language = current_language()
        return super().save_user(request, user, form, commit)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff roles must keep their authenticator app: turning it off is refused, not redirected."""
        user = authenticator.user
        if (
            settings.MOSTY_STAFF_MFA_REQUIRED
            and authenticator.type == Authenticator.Type.TOTP
            and getattr(user, "role", None) in STAFF_ROLES
        ):
            return False
        return super().can_delete_authenticator(authenticator)

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

from mosty.accounts.models import STAFF_ROLES


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "MOSTY_SIGNUP_OPEN", True))


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

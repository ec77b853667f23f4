from __future__ import annotations

from allauth.mfa.models import Authenticator

from mosty.accounts.models import User


def user_has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

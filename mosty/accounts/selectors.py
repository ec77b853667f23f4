from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from mosty.accounts.models import User


def user_has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_email_verified(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()

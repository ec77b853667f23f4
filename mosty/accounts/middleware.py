"""Staff roles must turn on two-factor authentication before they do anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a staff user without 2FA may still reach: signing out, setting 2FA up, language, static files.
_ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/healthz")


class RequireStaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.MOSTY_STAFF_MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and user.is_staff_role
            and not request.path.startswith(_ALLOWED_PREFIXES)
        ):
            from mosty.accounts.selectors import user_has_totp

            if not user_has_totp(user):
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)

"""Staff roles must turn on two-factor authentication before they do anything else."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a staff user without 2FA may still reach: signing in and out, setting 2FA up (all under
# /accounts/, which also holds the profile), the language switch, static files, the health check, and
# an e-mail's unsubscribe link (authenticated by its own token, whoever is signed in).
_ALLOWED_PREFIXES = (
    "/accounts/",
    "/i18n/",
    "/static/",
    "/media/",
    "/healthz",
    "/notifications/unsubscribe/",
)


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
                url = f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}"
                if getattr(request, "htmx", False):
                    # A partial request would swap the setup page into a fragment: send the browser there.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
        return self.get_response(request)

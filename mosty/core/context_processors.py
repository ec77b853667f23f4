from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from mosty.core.i18n import current_language


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_URL": settings.SITE_URL,
        "CURRENT_LANGUAGE": current_language(),
        # The signed-in user's unread notifications (0 for visitors), for the badge in the account
        # navigation. Lazy: the count query runs only on pages whose template uses it.
        "unread_notifications": SimpleLazyObject(lambda: _unread(request)),
    }


def _unread(request: HttpRequest) -> int:
    from mosty.core.notifications import unread_count

    return unread_count(getattr(request, "user", None))

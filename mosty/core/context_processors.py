from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from mosty.core.i18n import current_language


def site(request: HttpRequest) -> dict[str, Any]:
    return {"SITE_URL": settings.SITE_URL, "CURRENT_LANGUAGE": current_language()}

from __future__ import annotations

from urllib.parse import urlencode

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin signs in through the platform's login, which enforces two-factor authentication."""
    next_url = request.GET.get("next", reverse("admin:index"))
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # The JSON API's error shape (mosty.api.errors); core sits below the API, so it is spelt out here.
        message = gettext("The requested resource was not found.")
        body = {"error": {"code": "not_found", "message": message}}
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from mosty.core import notifications, unsubscribe
from mosty.core.pagination import paginate


@never_cache  # asks the database every time: a kept answer would hide an outage
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


# --- Notifications ---------------------------------------------------------------------------------


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first; unread ones are marked."""
    page = paginate(request, notifications.notifications_of(request.user))
    context = {"page": page, "unread": notifications.unread_count(request.user)}
    template = (
        "core/_notification_list.html" if getattr(request, "htmx", False) else "core/notifications.html"
    )
    return render(request, template, context)


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read (someone else's notification: 404)."""
    notification = get_object_or_404(notifications.notifications_of(request.user), pk=pk)
    notifications.notification_mark_read(user=request.user, notification=notification)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("core:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, gettext("All notifications are marked as read."))
    return redirect("core:notifications")


@csrf_exempt  # authenticated by the signed token in the URL, also POSTed by mail clients (RFC 8058)
@never_cache  # the page names the token's user: no shared cache keeps it
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (mail scanners open links: nothing changes); POST applies the token's
    scope, whether from the confirmation button or a mail client's one-click POST."""
    try:
        wish = unsubscribe.read_token(token)
    except unsubscribe.BadToken as bad:
        return render(request, "core/unsubscribe.html", {"error": bad.message}, status=400)
    if request.method == "POST":
        done = unsubscribe.apply(wish)
        return render(request, "core/unsubscribe.html", {"done": done, "wish": wish})
    return render(request, "core/unsubscribe.html", {"wish": wish, "token": token})

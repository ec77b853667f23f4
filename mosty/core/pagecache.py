"""Whole pages for visitors who are not signed in, kept in the shared cache until anything changes.

Most readers of a civic platform are anonymous, and what they read (a region, an agreement, the
list of initiatives) is the same for all of them. Such a page is rendered once and then served from
the cache (Redis in production, shared by every app process) until the next change:

- Invalidation is by generation. Every change of the platform writes an audit row through
  `mosty.core.audit.record` (a house rule, see STYLE.md), and that function calls `invalidate()`
  once its transaction commits; `invalidate()` moves the generation on, and a stored page of an
  older generation is never served again. Commands that write without services (the reference
  loader, the scale seeder) call it at their end.
- The day is part of the key, since pages say "overdue" or "upcoming" against today's date; a
  ceiling (MOSTY_PAGE_CACHE_SECONDS, 0 turns the cache off) bounds everything else.
- Only plain reads are served or kept: GET or HEAD, no session cookie (so nobody signed in, and no
  pending messages), no API token, a 200 answer that sets no cookie (a page with a form sets the
  CSRF cookie, so it is never kept) and does not forbid storing. Visitors' pages carry no CSRF
  token otherwise: the header's language switch needs none from them (see accounts.views).
  The language chosen by LocaleMiddleware and the HTMX header are part of the key, since they
  change the answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
HIT_HEADER = "X-Mosty-Page-Cache"
# Larger pages (exports of big lists) are not worth a cache entry.
MAX_BYTES = 2 * 1024 * 1024
# Every header of the stored answer is replayed on a hit (X-Frame-Options and the others that the inner
# middleware add, which a hit never reaches), except the length, recomputed, and this cache's own mark.
DROPPED_HEADERS = frozenset({"content-length", HIT_HEADER.lower()})


def seconds() -> int:
    return int(getattr(settings, "MOSTY_PAGE_CACHE_SECONDS", 0))


def invalidate() -> None:
    """Move the generation on: every stored page is stale from now on (all processes, one Redis)."""
    if seconds() <= 0:
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (first change, or the key was evicted or flushed)
        _start_generation()
    except Exception:  # the cache being down must not fail the change that was committed
        logger.exception("Could not invalidate the page cache")


def _start_generation() -> int:
    """A new generation starts from the clock, never from 0: if the key is ever evicted, pages kept
    under the generations before cannot become current again."""
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return int(cache.get(GENERATION_KEY) or 0)


def _eligible(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request: HttpRequest) -> str:
    htmx = "1" if request.headers.get("HX-Request") == "true" else "0"
    day = timezone.localdate().isoformat()
    return f"pagecache:{translation.get_language()}:{htmx}:{day}:{request.get_full_path()}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        # A page that used a CSRF token (a form) sets the CSRF cookie: it is this reader's alone.
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "no-store" not in cache_control
        and "private" not in cache_control
        and len(response.content) <= MAX_BYTES
    )


class AnonymousPageCacheMiddleware:
    """Serve and keep visitors' pages (see the module's docstring). Sits right after LocaleMiddleware,
    before the session is read, the user is loaded or any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        ttl = seconds()
        if ttl <= 0 or not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:
            logger.exception("Page cache unavailable; serving without it")
            return self.get_response(request)
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = _start_generation()
        stored: dict[str, Any] | None = found.get(key)
        if stored is not None and stored["generation"] == generation:
            hit = HttpResponse(stored["content"], status=200)
            for name, value in stored["headers"].items():
                hit[name] = value
            hit[HIT_HEADER] = "hit"
            return hit

        response = self.get_response(request)
        if isinstance(response, HttpResponse) and _storable(request, response):
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            headers = {
                name: value for name, value in response.headers.items() if name.lower() not in DROPPED_HEADERS
            }
            entry = {"generation": generation, "content": response.content, "headers": headers}
            try:
                cache.set(key, entry, timeout=ttl)
            except Exception:
                logger.exception("Could not keep a page in the cache")
            response[HIT_HEADER] = "miss"
        return response

"""The benchmark's server-side parts, active only under `mosty.scale.bench_settings` (MOSTY_BENCH=1).

- `QueryCountMiddleware` counts the SQL statements of each request through `connection.execute_wrapper`
  and reports them in the `X-Mosty-Queries` response header, which the harness samples.
- `ceiling` is a bare Django view returning a constant: the framework's throughput on the same server
  and middleware stack, against which every page is compared. (/healthz is not it: it runs a query.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

QUERIES_HEADER = "X-Mosty-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(count)
        return response


def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")

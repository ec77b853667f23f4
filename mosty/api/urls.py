"""/api/: django-ninja's URLs, with its plain-text 405 turned into the API's error shape."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.http import HttpRequest, HttpResponseBase, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, path

from mosty.api import errors
from mosty.api.api import api


def _in_error_shape(response: HttpResponseBase) -> HttpResponseBase:
    """django-ninja answers a wrong method with a plain-text 405; give it the API's error shape."""
    if not isinstance(response, HttpResponseNotAllowed):
        return response
    shaped = errors.error_response("method_not_allowed", errors.METHOD_NOT_ALLOWED, status=405)
    shaped["Allow"] = response["Allow"]
    return shaped


def _json_405(view: Callable[..., Any]) -> Callable[..., Any]:
    if iscoroutinefunction(view):

        @wraps(view)
        async def async_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return _in_error_shape(await view(request, *args, **kwargs))

        return async_wrapper

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return _in_error_shape(view(request, *args, **kwargs))

    return wrapper


def _with_json_405(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_405(pattern.callback)
    return patterns


# Underscored: a module-level `app_name` would rename the namespace of `include("mosty.api.urls")`.
_patterns, _app_name, _namespace = api.urls
urlpatterns = [path("", (_with_json_405(_patterns), _app_name, _namespace))]

"""The API's readable documentation: Swagger UI served from django-ninja's own static files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class LocalSwagger(Swagger):
    """Swagger UI inside the platform's page, with no request to any other host.

    django-ninja renders its static-file template when "ninja" is in INSTALLED_APPS; this page goes
    further: it keeps the site's header, lists the endpoints for readers without JavaScript, and
    switches off the online validator badge (Swagger UI would otherwise call validator.swagger.io).
    """

    template = "api/docs.html"
    default_settings = {"layout": "BaseLayout", "deepLinking": True, "validatorUrl": None}

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        schema = api.get_openapi_schema(path_params=kwargs)
        endpoints = [
            {"method": method.upper(), "path": path, "linkable": "{" not in path}
            for path, operations in schema["paths"].items()
            for method in operations
        ]
        context = {
            "api": api,
            "openapi_url": openapi_url,
            "endpoints": endpoints,
            "swagger_settings": {**self.settings, "url": openapi_url},
        }
        return render(request, self.template, context)

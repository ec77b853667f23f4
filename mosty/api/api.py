"""The read-only JSON API: every domain router mounted at /api/v1/, one error shape, local docs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from asgiref.sync import iscoroutinefunction
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError
from ninja.openapi.schema import OpenAPISchema

# The write modules add their operations to the read routers and hand those back (one view per path).
from mosty.agreements.api_write import router as agreements_router
from mosty.api import errors
from mosty.api.auth import token_user
from mosty.api.docs import LocalSwagger
from mosty.comments.api import router as comments_router
from mosty.commitments.api_write import router as commitments_router
from mosty.consultations.api import router as consultations_router
from mosty.core.errors import ApplicationError
from mosty.events.api import router as events_router
from mosty.initiatives.api import router as initiatives_router
from mosty.organisations.api import router as organisations_router
from mosty.projects.api import router as projects_router
from mosty.scorecards.api import router as scorecards_router
from mosty.sectors.api import router as sectors_router
from mosty.territories.api import router as territories_router
from mosty.ties.api import router as ties_router
from mosty.workspaces.api import router as workspaces_router

logger = logging.getLogger(__name__)

TITLE = _("Mosty API")
DESCRIPTION = _(
    "Open data of Mosty, the platform of the public commission on cooperation between the regions of "
    "Belarus and Russia: regions, settlements, sectors of the economy, organisations, ties and events. "
    "Reading needs no key. With a personal API token (Profile, API tokens) sent as "
    "'Authorization: Bearer <token>', reads show what its user may see, and that user may record "
    "agreements, action plans, progress reports and verifications as on the pages. "
    "Every list is paginated by the page and page_size parameters "
    "(up to 100 items a page) and reports the count of all matches; every item carries its names in "
    "Russian, Belarusian and English."
)


class MostyAPI(NinjaAPI):
    """django-ninja's API with the error shape written into the schema, so clients can rely on it."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        ref = "#/components/schemas/{model}"
        error_schema = errors.Error.model_json_schema(ref_template=ref)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(error_schema.pop("$defs", {}))
        components["Error"] = error_schema
        content = {"application/json": {"schema": {"$ref": ref.format(model="Error")}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                locations = {parameter["in"] for parameter in operation.get("parameters", [])}
                for status, description in errors.ERROR_RESPONSES.items():
                    if (status == "400" and locations) or (status == "404" and "path" in locations):
                        operation["responses"].setdefault(
                            status, {"description": description, "content": content}
                        )
        return schema


api = MostyAPI(
    # The title and description are lazy so the schema and the docs follow the reader's language.
    title=cast(str, TITLE),
    description=cast(str, DESCRIPTION),
    version="1.0.0",
    urls_namespace="api-1.0.0",
    docs=LocalSwagger(),
    docs_url="/docs",
)

# Each domain router names its own paths ("regions", "organisations/{id}", ...) under /api/v1/.
api.add_router("/v1/", territories_router)
api.add_router("/v1/", sectors_router)
api.add_router("/v1/", organisations_router)
api.add_router("/v1/", ties_router)
api.add_router("/v1/", events_router)
api.add_router("/v1/", agreements_router)
api.add_router("/v1/", commitments_router)
api.add_router("/v1/", scorecards_router)
api.add_router("/v1/", projects_router)
api.add_router("/v1/", initiatives_router)
api.add_router("/v1/", workspaces_router)
api.add_router("/v1/", consultations_router)
api.add_router("/v1/", comments_router)


@api.exception_handler(ValidationError)
def invalid_query(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    code, details = errors.validation_details(exc.errors)
    message = errors.INVALID_QUERY if code == "invalid_query" else errors.INVALID_INPUT
    return errors.error_response(code, message, status=400, details=details)


@api.exception_handler(DjangoValidationError)
def invalid_input(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        details = [
            {"field": field, "code": "invalid", "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        details = [{"field": "", "code": "invalid", "message": message} for message in exc.messages]
    return errors.error_response("invalid_input", errors.INVALID_INPUT, status=400, details=details)


@api.exception_handler(ApplicationError)
def refused(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return errors.application_error_response(exc)


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return errors.error_response("not_found", errors.NOT_FOUND, status=404)


@api.exception_handler(PermissionDenied)
@api.exception_handler(AuthorizationError)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return errors.error_response("forbidden", errors.FORBIDDEN, status=403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return errors.error_response("unauthenticated", errors.UNAUTHENTICATED, status=401)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = errors.error_response("throttled", errors.THROTTLED, status=429)
    if exc.wait is not None:
        response["Retry-After"] = str(int(exc.wait))
    return response


# Codes for an HttpError raised with a bare status; its own message is kept.
_CODES_BY_STATUS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    429: "throttled",
}


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = _CODES_BY_STATUS.get(exc.status_code, "error")
    return errors.error_response(code, exc.message, status=exc.status_code)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with its traceback for the operators; the client learns only that it failed.
    logger.exception("API error on %s %s", request.method, request.get_full_path(), exc_info=exc)
    return errors.error_response("server_error", errors.SERVER_ERROR, status=500)


def refuse_unstorable_input(run: Callable[..., Any]) -> Callable[..., Any]:
    """Answer 400 for input no database can take (see errors.unstorable_input), whichever router it is for."""

    def refusal(request: HttpRequest, kwargs: dict[str, Any]) -> HttpResponseBase | None:
        problems = errors.unstorable_input(request.GET, kwargs)
        return api.on_exception(request, ValidationError(problems)) if problems else None

    if iscoroutinefunction(run):

        @wraps(run)
        async def async_wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
            refused = refusal(request, kwargs)
            return refused if refused is not None else await run(request, **kwargs)

        return async_wrapper

    @wraps(run)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        refused = refusal(request, kwargs)
        return refused if refused is not None else run(request, **kwargs)

    return wrapper


api.add_decorator(refuse_unstorable_input, mode="view")
# A bearer token, where one is sent, makes its user the request's user (mosty.api.auth).
api.add_decorator(token_user, mode="view")

"""The one error shape of the JSON API.

Every error under /api/ is `{"error": {"code": "<machine code>", "message": "<sentence in the request
language>", "details": [...]}}`; `details` appears only when there is something to list (the fields of
a malformed query). Codes are stable and English; messages are translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.http import JsonResponse, QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from mosty.core.errors import ApplicationError

INVALID_QUERY = _("The query is malformed.")
INVALID_INPUT = _("The request is malformed.")
UNAUTHENTICATED = _("Sign in to use this resource.")
FORBIDDEN = _("You are not allowed to do this.")
NOT_FOUND = _("The requested resource was not found.")
METHOD_NOT_ALLOWED = _("This method is not allowed here.")
THROTTLED = _("Too many requests. Please wait and try again.")
SERVER_ERROR = _("Something went wrong on our side. Please try again later.")

# What a validation problem means, by pydantic's error type; the rest keep pydantic's English text.
MUST_BE_ONE_OF = _("Must be one of: %(expected)s.")
MUST_BE_WHOLE_NUMBER = _("Must be a whole number.")
MUST_BE_NUMBER = _("Must be a number.")
MUST_BE_BOOLEAN = _("Must be true or false.")
MUST_BE_AT_LEAST = _("Must be at least %(limit)s.")
MUST_BE_AT_MOST = _("Must be at most %(limit)s.")
TOO_LONG = _("Must be at most %(limit)s characters long.")
TOO_SHORT = _("Must be at least %(limit)s characters long.")
REQUIRED = _("This parameter is required.")
NO_NUL = _("Must not contain the NUL character.")

# The largest page number a list accepts; far beyond any real list, small enough for every database.
MAX_PAGE = 1_000_000
# The largest id a path accepts: the top of a 64-bit signed integer, as in every supported database.
MAX_ID = 2**63 - 1


def error_body(
    code: str, message: str | Promise, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": str(message)}
    if details:
        error["details"] = details
    return {"error": error}


def error_response(
    code: str, message: str | Promise, *, status: int, details: list[dict[str, Any]] | None = None
) -> JsonResponse:
    return JsonResponse(
        error_body(code, message, details), status=status, json_dumps_params={"ensure_ascii": False}
    )


def _problem(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in {"enum", "literal_error"} and "expected" in ctx:
        # pydantic spells the choices in English ("'RU' or 'BY'"); list them bare instead.
        choices = re.findall(r"'([^']*)'", str(ctx["expected"])) or [str(ctx["expected"])]
        return MUST_BE_ONE_OF % {"expected": ", ".join(choices)}
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return str(MUST_BE_WHOLE_NUMBER)
    if kind in {"float_parsing", "float_type", "decimal_parsing"}:
        return str(MUST_BE_NUMBER)
    if kind in {"bool_parsing", "bool_type"}:
        return str(MUST_BE_BOOLEAN)
    if kind in {"greater_than_equal", "greater_than"}:
        return MUST_BE_AT_LEAST % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return MUST_BE_AT_MOST % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind == "string_too_long":
        return TOO_LONG % {"limit": ctx.get("max_length")}
    if kind == "string_too_short":
        return TOO_SHORT % {"limit": ctx.get("min_length")}
    if kind == "missing":
        return str(REQUIRED)
    if kind == "nul_character":
        return str(NO_NUL)
    return str(error.get("msg", ""))


def unstorable_input(query: QueryDict, path: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Problems, in pydantic's error format, with input that would crash the database rather than miss.

    A page number past MAX_PAGE becomes an OFFSET SQLite cannot hold; a NUL character, a string
    PostgreSQL refuses. Both are checked for every operation before its own validation runs.
    """
    found: list[dict[str, Any]] = []
    page = query.get("page", "")
    if page.isascii() and page.isdigit() and int(page) > MAX_PAGE:
        found.append(
            {
                "type": "less_than_equal",
                "loc": ("query", "page"),
                "msg": f"Input should be less than or equal to {MAX_PAGE}",
                "ctx": {"le": MAX_PAGE},
            }
        )
    for location, items in (("query", query.lists()), ("path", ((k, [v]) for k, v in path.items()))):
        for name, values in items:
            if any(isinstance(value, str) and "\x00" in value for value in values):
                loc = (location, name)
                found.append({"type": "nul_character", "loc": loc, "msg": "Input should not contain NUL"})
    return found


def validation_details(errors: Iterable[Mapping[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """The error code and the per-field details for django-ninja's validation errors.

    A query or path parameter that does not parse is an `invalid_query`; a bad body, an `invalid_input`.
    """
    details = []
    locations = set()
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location, field = (loc[0], ".".join(loc[1:])) if len(loc) > 1 else ("query", "".join(loc))
        if location == "body" and field.startswith("payload."):
            field = field.removeprefix("payload.")  # ninja's name for the body argument, not the client's
        locations.add(location)
        details.append(
            {
                "field": field,
                "location": location,
                "code": str(error.get("type", "invalid")),
                "message": _problem(error),
            }
        )
    code = "invalid_query" if locations <= {"query", "path"} else "invalid_input"
    return code, details


def application_error_response(exc: ApplicationError) -> JsonResponse:
    return error_response(exc.code, exc.message, status=exc.status)


class ErrorDetail(Schema):
    field: str = Field(description="The parameter or field at fault")
    location: str | None = Field(None, description="Where it was: query, path or body")
    code: str = Field(description="What is wrong, as a machine code")
    message: str = Field(description="What is wrong, in the request language")


class ErrorBody(Schema):
    code: str = Field(description="A stable machine code, e.g. invalid_query or not_found")
    message: str = Field(description="A sentence in the request language")
    details: list[ErrorDetail] | None = Field(None, description="Each malformed field, for a 400")


class Error(Schema):
    error: ErrorBody


# The error responses every operation documents: 400 when it takes parameters, 404 when it takes an id.
ERROR_RESPONSES = {
    "400": _("The query is malformed"),
    "404": _("Nothing has this id"),
}

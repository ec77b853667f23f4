"""Every error under /api/ has one shape: {"error": {"code", "message", "details"?}}."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import translation
from ninja.errors import AuthenticationError, Throttled

from mosty.api import errors
from mosty.api.api import api
from mosty.core.errors import ApplicationError
from mosty.territories.models import Region


def error_of(response: HttpResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) <= {"code", "message", "details"}
    assert isinstance(error["code"], str)
    assert isinstance(error["message"], str)
    assert error["message"]
    return error


def handled(exc: Exception) -> HttpResponse:
    """What the API answers when an operation raises `exc`."""
    return api.on_exception(RequestFactory().get("/api/v1/regions"), exc)  # type: ignore[return-value]


@pytest.mark.django_db
def test_unknown_country_is_a_400_naming_the_field_and_the_choices(client: Client) -> None:
    error = error_of(client.get("/api/v1/regions?country=XX"), 400)

    assert error["code"] == "invalid_query"
    assert error["message"] == str(errors.INVALID_QUERY)
    [detail] = error["details"]
    assert detail["field"] == "country"
    assert detail["location"] == "query"
    assert detail["message"] == str(errors.MUST_BE_ONE_OF % {"expected": "RU, BY"})


@pytest.mark.django_db
def test_page_that_is_not_a_number_is_a_400(client: Client) -> None:
    error = error_of(client.get("/api/v1/settlements?page=abc"), 400)

    assert error["code"] == "invalid_query"
    assert error["details"] == [
        {
            "field": "page",
            "location": "query",
            "code": "int_parsing",
            "message": str(errors.MUST_BE_WHOLE_NUMBER),
        }
    ]


@pytest.mark.django_db
def test_every_malformed_parameter_is_listed(client: Client) -> None:
    error = error_of(client.get("/api/v1/regions?border=perhaps&page=0&federal_district=atlantis"), 400)

    assert {detail["field"] for detail in error["details"]} == {"border", "page", "federal_district"}


@pytest.mark.django_db
def test_page_beyond_any_list_is_a_400_not_a_database_overflow(client: Client) -> None:
    error = error_of(client.get("/api/v1/regions?page=99999999999999999999"), 400)

    assert error["details"][0]["field"] == "page"
    assert error["details"][0]["message"] == str(errors.MUST_BE_AT_MOST % {"limit": errors.MAX_PAGE})


@pytest.mark.django_db
def test_page_past_the_end_is_an_empty_list_with_the_count(client: Client, region_ru: Region) -> None:
    body = client.get("/api/v1/regions?page=7").json()

    assert body == {"items": [], "count": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/regions/NOPE", "/api/v1/settlements/999999999", "/api/v1/sectors/ZZ"]
)
def test_unknown_id_is_a_404(client: Client, path: str) -> None:
    error = error_of(client.get(path), 404)

    assert error == {"code": "not_found", "message": str(errors.NOT_FOUND)}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/nonexistent", "/api/v2/regions", "/api/", "/api/v1/regions/"])
def test_unknown_path_under_api_is_a_json_404(client: Client, path: str) -> None:
    error = error_of(client.get(path), 404)

    assert error["code"] == "not_found"


@pytest.mark.django_db
def test_unknown_page_outside_api_stays_html(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_id_that_is_not_a_number_or_too_big_is_a_400(client: Client) -> None:
    assert error_of(client.get("/api/v1/settlements/abc"), 400)["details"][0]["field"] == "id"
    assert error_of(client.get("/api/v1/settlements/" + "9" * 30), 400)["details"][0]["field"] == "id"


@pytest.mark.django_db
def test_wrong_method_is_a_405_that_says_which_are_allowed(client: Client) -> None:
    response = client.post("/api/v1/regions", data={})

    error = error_of(response, 405)
    assert error["code"] == "method_not_allowed"
    assert response["Allow"] == "GET"


@pytest.mark.django_db
def test_message_follows_the_readers_language(client: Client) -> None:
    client.cookies["mosty_language"] = "be"

    error = error_of(client.get("/api/v1/regions/NOPE"), 404)

    with translation.override("be"):
        assert error["message"] == str(errors.NOT_FOUND)


def test_crash_is_a_500_without_a_traceback(caplog: pytest.LogCaptureFixture) -> None:
    response = handled(RuntimeError("secret internals"))

    error = error_of(response, 500)
    assert error == {"code": "server_error", "message": str(errors.SERVER_ERROR)}
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content
    assert "secret internals" in caplog.text  # the operators still see it in the log


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (PermissionDenied(), 403, "forbidden"),
        (AuthenticationError(), 401, "unauthenticated"),
        (ObjectDoesNotExist(), 404, "not_found"),
        (Region.DoesNotExist(), 404, "not_found"),
        (Throttled(wait=30), 429, "throttled"),
        (ApplicationError("Already registered", code="duplicate", status=409), 409, "duplicate"),
    ],
)
def test_each_failure_maps_to_its_status_and_code(exc: Exception, status: int, code: str) -> None:
    assert error_of(handled(exc), status)["code"] == code


def test_field_errors_of_a_service_are_listed_by_field() -> None:
    error = error_of(handled(ValidationError({"name_ru": ["This field cannot be blank."]})), 400)

    assert error["code"] == "invalid_input"
    assert error["details"] == [
        {"field": "name_ru", "code": "invalid", "message": "This field cannot be blank."}
    ]


def test_throttled_answer_says_when_to_come_back() -> None:
    assert handled(Throttled(wait=30))["Retry-After"] == "30"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "field", "location"),
    [
        ("/api/v1/regions/RU%00SMO", "code", "path"),
        ("/api/v1/settlements?region=RU%00", "region", "query"),
        ("/api/v1/sectors?parent=C%00", "parent", "query"),
    ],
)
def test_nul_character_is_a_400_on_every_database(
    client: Client, url: str, field: str, location: str
) -> None:
    error = error_of(client.get(url), 400)

    assert error["details"] == [
        {"field": field, "location": location, "code": "nul_character", "message": str(errors.NO_NUL)}
    ]

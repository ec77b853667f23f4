"""The OpenAPI schema describes every mounted router, and the lists answer as it says."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from pydantic import BaseModel

from mosty import factories
from mosty.api.api import TITLE, api
from mosty.api.tests.openapi import problems, response_schema
from mosty.territories.models import Region

# The routers the platform mounts, and the list path each one must publish.
ROUTER_LISTS = {
    "mosty.territories.api": ["/api/v1/regions", "/api/v1/settlements"],
    "mosty.sectors.api": ["/api/v1/sectors"],
    "mosty.organisations.api": ["/api/v1/organisations"],
    "mosty.ties.api": ["/api/v1/ties"],
    "mosty.events.api": ["/api/v1/events"],
}
PRESENT_LISTS = [
    path
    for module, paths in ROUTER_LISTS.items()
    if importlib.util.find_spec(module) is not None
    for path in paths
]


def openapi(client: Client) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema: dict[str, Any] = json.loads(response.content)
    return schema


@pytest.fixture
def some_of_everything(region_ru: Region, region_by: Region) -> None:
    """One row at least behind each list, so the schema check sees real items."""
    section = factories.SectorFactory(code="C", parent=None)
    factories.SectorFactory(code="10", parent=section)
    factories.SettlementFactory(region=region_ru, name_ru="Смоленск")
    factories.SettlementFactory(region=region_by, name_ru="Витебск", name_be="Віцебск")
    factories.OrganisationFactory(region=region_ru)
    factories.TieFactory(region_a=region_ru, region_b=region_by)
    factories.EventFactory()


@pytest.mark.django_db
def test_schema_is_openapi_3_json_titled_in_the_readers_language(client: Client) -> None:
    client.cookies["mosty_language"] = "en"

    schema = openapi(client)

    assert schema["openapi"].startswith("3.")
    with translation.override("en"):
        assert schema["info"]["title"] == str(TITLE)
    assert schema["info"]["version"] == "1.0.0"


@pytest.mark.django_db
def test_schema_lists_every_mounted_router(client: Client) -> None:
    paths = set(openapi(client)["paths"])

    assert {
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/settlements",
        "/api/v1/settlements/{id}",
    } <= paths
    assert {"/api/v1/sectors", "/api/v1/sectors/{code}"} <= paths
    assert set(PRESENT_LISTS) <= paths
    assert all(path.startswith("/api/v1/") for path in paths)


@pytest.mark.django_db
def test_schema_documents_the_error_shape_for_bad_queries_and_unknown_ids(client: Client) -> None:
    schema = openapi(client)

    error = {"$ref": "#/components/schemas/Error"}
    assert (
        schema["paths"]["/api/v1/regions"]["get"]["responses"]["400"]["content"]["application/json"]["schema"]
        == error
    )
    detail = schema["paths"]["/api/v1/settlements/{id}"]["get"]["responses"]
    assert detail["404"]["content"]["application/json"]["schema"] == error
    assert set(schema["components"]["schemas"]["ErrorBody"]["properties"]) == {"code", "message", "details"}


def test_no_two_response_schemas_share_a_name() -> None:
    """django-ninja files schemas under their class name; two different `Names` would overwrite each other."""
    schemas: dict[str, dict[str, Any]] = {}

    def walk(model: type[BaseModel]) -> None:
        # `model` is ninja's per-operation response wrapper; the schemas it refers to are its $defs.
        definitions = model.model_json_schema(ref_template="#/components/schemas/{model}").get("$defs", {})
        for name, definition in definitions.items():
            assert schemas.setdefault(name, definition) == definition, f"two different schemas named {name}"

    for router in api._get_bound_routers():
        for path_view in router.template.path_operations.values():
            for operation in path_view.operations:
                for model in operation.response_models.values():
                    if isinstance(model, type) and issubclass(model, BaseModel):
                        walk(model)
    assert "RegionOut" in schemas


@pytest.mark.django_db
@pytest.mark.parametrize("path", PRESENT_LISTS)
def test_each_list_answers_as_its_schema_says(client: Client, some_of_everything: None, path: str) -> None:
    schema = openapi(client)

    body = client.get(path).json()

    assert problems(body, response_schema(schema, path), schema) == []
    assert body["count"] >= 1
    assert len(body["items"]) == min(body["count"], 50)
    for item in body["items"]:
        assert "id" in item or "code" in item
        names = item.get("names") or item.get("title")
        assert set(names) == {"ru", "be", "en"}
        assert all(isinstance(value, str) and value for value in names.values())

"""The readable docs at /api/docs load everything from the platform itself."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.utils import translation

from mosty.api.api import TITLE

REFERENCE = re.compile(r"""\b(?:src|href|action)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


@pytest.fixture
def docs_page(client: Client, db: None) -> str:
    client.cookies["mosty_language"] = "en"
    response = client.get("/api/docs")
    assert response.status_code == 200
    return response.content.decode()


def test_docs_load_swagger_ui_from_the_packages_static_files(docs_page: str) -> None:
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in docs_page
    assert '<script src="/static/ninja/swagger-ui-init.js">' in docs_page
    assert 'href="/static/ninja/swagger-ui.css"' in docs_page


def test_docs_reference_no_other_host(docs_page: str) -> None:
    references = REFERENCE.findall(docs_page)

    assert references
    external = [ref for ref in references if re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", ref, re.IGNORECASE)]
    assert external == []
    assert "cdn" not in docs_page.lower()


def test_swagger_ui_reads_the_local_schema_and_skips_the_online_validator(docs_page: str) -> None:
    settings_json = re.search(
        r'<script id="swagger-settings" type="application/json">(.*?)</script>', docs_page, re.S
    )
    assert settings_json is not None

    settings = json.loads(settings_json.group(1))

    assert settings["url"] == "/api/openapi.json"
    assert settings["validatorUrl"] is None


def test_docs_list_the_endpoints_for_readers_without_javascript(docs_page: str) -> None:
    assert '<a href="/api/v1/regions"><code>/api/v1/regions</code></a>' in docs_page
    assert "<code>/api/v1/regions/{code}</code>" in docs_page
    assert '<a href="/api/openapi.json">' in docs_page
    assert "<noscript>" in docs_page


def test_docs_title_is_in_the_readers_language(docs_page: str) -> None:
    with translation.override("en"):
        title = str(TITLE)

    assert f"<h1>{title}</h1>" in docs_page
    assert docs_page.count("<h1") == 1
    assert '<html lang="en">' in docs_page

"""Russian by default, the browser's Accept-Language on the first visit, the switcher's choice after."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _lang(response: object) -> str:
    content = response.content.decode()  # type: ignore[attr-defined]
    start = content.index('<html lang="') + len('<html lang="')
    return content[start : content.index('"', start)]


def test_first_visit_without_preference_is_in_russian(client: Client) -> None:
    assert _lang(client.get("/regions/")) == "ru"


@pytest.mark.parametrize(
    ("header", "expected"),
    [("be-BY,be;q=0.9,ru;q=0.8", "be"), ("en-GB,en;q=0.9", "en"), ("ru-RU", "ru"), ("de-DE,fr;q=0.8", "ru")],
)
def test_first_visit_follows_the_browser_language(header: str, expected: str) -> None:
    assert _lang(Client(HTTP_ACCEPT_LANGUAGE=header).get("/regions/")) == expected


def test_switcher_choice_overrides_the_browser_and_is_remembered() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/i18n/setlang/", {"language": "be", "next": "/regions/"})
    assert response.status_code == 302
    assert response["Location"] == "/regions/"
    assert client.cookies["mosty_language"].value == "be"
    assert _lang(client.get("/regions/")) == "be"
    assert _lang(client.get("/")) == "be"


def test_switcher_refuses_to_redirect_to_another_host(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://elsewhere.example/"})
    assert response["Location"] == "/"


def test_every_page_offers_the_three_languages(client: Client) -> None:
    content = client.get("/").content.decode()
    for code in ("ru", "be", "en"):
        assert f'name="language" value="{code}"' in content

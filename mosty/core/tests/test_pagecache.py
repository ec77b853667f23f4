"""Visitors' pages from the shared cache: served without touching the database, never stale after a
change, never for someone signed in, never with another reader's language or CSRF token."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.core.pagecache import GENERATION_KEY, HIT_HEADER
from mosty.organisations.models import OrganisationKind
from mosty.organisations.services import organisation_create
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings: Any) -> None:
    settings.MOSTY_PAGE_CACHE_SECONDS = 60


def _visitor(language: str = "ru") -> Client:
    client = Client()
    client.cookies["mosty_language"] = language
    return client


def test_a_visitors_second_read_is_served_from_the_cache_without_a_query(
    region_ru: Region, django_assert_num_queries: Any
) -> None:
    url = reverse("region_detail", args=[region_ru.code])
    first = _visitor().get(url)
    assert first[HIT_HEADER] == "miss"

    with django_assert_num_queries(0):
        second = _visitor().get(url)

    assert second[HIT_HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Language"] == "ru"
    assert "Cookie" in second["Vary"]
    # The headers the inner middleware set on the first answer are there on the kept one too.
    assert second["X-Frame-Options"] == first["X-Frame-Options"] == "DENY"
    assert second["Content-Type"] == first["Content-Type"]


def test_a_change_through_a_service_invalidates_every_kept_page(
    region_ru: Region, commission_member: User, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("region_detail", args=[region_ru.code])
    _visitor().get(url)
    assert _visitor().get(url)[HIT_HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        organisation_create(
            actor=commission_member,
            name_ru="Смоленский государственный университет",
            kind=OrganisationKind.UNIVERSITY,
            region=region_ru,
        )

    fresh = _visitor().get(url)
    assert fresh[HIT_HEADER] == "miss"
    assert "Смоленский государственный университет" in fresh.content.decode()


def test_a_rolled_back_change_keeps_the_pages(
    region_ru: Region, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("region_detail", args=[region_ru.code])
    _visitor().get(url)
    generation = cache.get(GENERATION_KEY)

    with django_capture_on_commit_callbacks(execute=False):
        factories.OrganisationFactory.create(region=region_ru)  # no service, no commit: nothing to say

    assert cache.get(GENERATION_KEY) == generation
    assert _visitor().get(url)[HIT_HEADER] == "hit"


def test_each_language_and_the_htmx_partial_are_kept_apart(region_ru: Region) -> None:
    url = reverse("territories:region_list")
    russian = _visitor("ru").get(url)
    english = _visitor("en").get(url)
    assert english[HIT_HEADER] == "miss"
    assert b'<html lang="en"' in english.content and b'<html lang="ru"' in russian.content

    assert _visitor("en").get(url).content == english.content
    assert _visitor("ru").get(url).content == russian.content
    partial = _visitor("ru").get(url, HTTP_HX_REQUEST="true")
    assert partial[HIT_HEADER] == "miss"


def test_a_signed_in_user_is_never_served_nor_stored(region_ru: Region, citizen: User) -> None:
    url = reverse("region_detail", args=[region_ru.code])
    client = Client()
    client.force_login(citizen)

    signed_in = client.get(url)

    assert HIT_HEADER not in signed_in
    assert citizen.display_name in signed_in.content.decode()
    assert _visitor().get(url)[HIT_HEADER] == "miss"  # the signed-in page was not kept for visitors
    assert citizen.display_name not in _visitor().get(url).content.decode()


def test_pages_with_a_csrf_token_are_not_kept() -> None:
    url = reverse("account_login")
    _visitor().get(url)

    again = _visitor().get(url)

    assert HIT_HEADER not in again
    assert b"csrfmiddlewaretoken" in again.content


def test_an_evicted_generation_never_brings_old_pages_back(region_ru: Region) -> None:
    url = reverse("region_detail", args=[region_ru.code])
    _visitor().get(url)
    cache.delete(GENERATION_KEY)

    assert _visitor().get(url)[HIT_HEADER] == "miss"


def test_a_visitor_switches_language_without_a_csrf_token_a_signed_in_user_needs_one(citizen: User) -> None:
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["mosty_language"].value == "en"

    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(citizen)
    assert signed_in.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 403
    citizen.refresh_from_db()
    assert citizen.language == "ru"


def test_the_health_check_is_never_kept() -> None:
    _visitor().get(reverse("healthz"))

    assert HIT_HEADER not in _visitor().get(reverse("healthz"))

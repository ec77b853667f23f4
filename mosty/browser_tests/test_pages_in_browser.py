"""The foundation's pages in headless Chromium: no console errors, no request to another host."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from mosty import factories
from mosty.accounts.models import Role
from mosty.territories.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smolensk(db: None) -> Region:
    region = factories.RegionFactory.create(
        code="RU-SMO",
        name_ru="Смоленская область",
        name_be="Смаленская вобласць",
        name_en="Smolensk Oblast",
        centre_ru="Смоленск",
        centre_be="Смаленск",
        centre_en="Smolensk",
        borders_other_country=True,
        population=888421,
        population_year=2021,
        population_source="Rosstat, All-Russian Population Census 2021",
        latitude=54.78,
        longitude=32.05,
    )
    factories.SettlementFactory.create(
        region=region,
        name_ru="Смоленск",
        name_be="Смаленск",
        name_en="Smolensk",
        population=330025,
        latitude=54.78,
        longitude=32.05,
    )
    return region


def _assert_clean(watch: object, origin: str) -> None:
    assert watch.console_errors == [], watch.console_errors  # type: ignore[attr-defined]
    assert watch.foreign_requests(origin) == []  # type: ignore[attr-defined]


def test_home_page_renders_in_russian_by_default(
    live_server: object, page_and_watch: tuple, smolensk: Region
) -> None:
    page, watch = page_and_watch
    page.goto(live_server.url + "/")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").count() == 1
    assert page.get_by_role("link", name="Регионы").first.is_visible()
    _assert_clean(watch, live_server.url)  # type: ignore[attr-defined]


def test_language_switch_changes_page_language_and_remembers_it(
    live_server: object, page_and_watch: tuple, smolensk: Region
) -> None:
    page, watch = page_and_watch
    page.goto(live_server.url + "/regions/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Бел").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "be"
    assert page.get_by_text("Смаленская вобласць").first.is_visible()
    page.goto(live_server.url + "/")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "be"
    page.get_by_role("button", name="Eng").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    _assert_clean(watch, live_server.url)  # type: ignore[attr-defined]


def test_skip_link_is_first_in_keyboard_order(live_server: object, page_and_watch: tuple) -> None:
    page, watch = page_and_watch
    page.goto(live_server.url + "/")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    _assert_clean(watch, live_server.url)  # type: ignore[attr-defined]


def test_citizen_signs_in_and_sees_own_profile(live_server: object, page_and_watch: tuple) -> None:
    user = factories.UserFactory.create(
        email="vitebsk.youth@example.org", full_name="Анна Ковалёва", role=Role.CITIZEN
    )
    page, watch = page_and_watch
    page.goto(live_server.url + "/accounts/login/")  # type: ignore[attr-defined]
    page.get_by_label("Адрес электронной почты").fill(user.email)
    page.get_by_label("Пароль", exact=True).fill("correct-horse-battery")
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Анна Ковалёва").is_visible()  # the header shows who is signed in
    page.goto(live_server.url + "/accounts/profile/")  # type: ignore[attr-defined]
    assert page.get_by_text(user.email).first.is_visible()
    _assert_clean(watch, live_server.url)  # type: ignore[attr-defined]


def test_region_page_shows_facts_and_map(
    live_server: object, page_and_watch: tuple, smolensk: Region
) -> None:
    page, watch = page_and_watch
    page.goto(live_server.url + "/regions/RU-SMO/")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text().strip() == "Смоленская область"
    assert page.get_by_text("888").first.is_visible()
    assert page.locator("svg[role=img]").count() >= 1
    assert page.get_by_role("link", name=re.compile("Смоленск")).count() >= 1
    _assert_clean(watch, live_server.url)  # type: ignore[attr-defined]


assert settings.LANGUAGE_CODE == "ru"

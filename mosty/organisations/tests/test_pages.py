"""The organisation pages: what they show, their filters, their forms and their cost in queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override

from mosty import factories
from mosty.accounts.models import User
from mosty.core.models import AuditEntry
from mosty.organisations import services
from mosty.organisations.models import SETTLEMENT_NOT_IN_REGION, Organisation, OrganisationKind
from mosty.sectors.models import Sector
from mosty.territories.models import Region

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


@pytest.fixture
def manufacturing(db: None) -> Sector:
    return factories.SectorFactory(code="C", name_ru="Обрабатывающие производства", name_en="Manufacturing")


@pytest.fixture
def textiles(manufacturing: Sector) -> Sector:
    return factories.SectorFactory(code="13", parent=manufacturing, name_ru="Текстильное производство")


def _names(response: Any) -> list[str]:
    return [organisation.name_ru for organisation in response.context["page"].object_list]


# --- The list -------------------------------------------------------------------------------------


def test_list_shows_organisations_with_territory_sectors_and_verified_mark(
    client: Client, region_ru: Region, textiles: Sector
) -> None:
    settlement = factories.SettlementFactory(region=region_ru, name_ru="Рославль")
    organisation = factories.OrganisationFactory(
        region=region_ru,
        settlement=settlement,
        name_ru="Рославльский льнозавод",
        is_verified=True,
        verified_at="2026-01-01T00:00:00Z",
    )
    organisation.sectors.add(textiles)
    response = client.get(reverse("organisations:list"))
    html = response.content.decode()
    assert "Рославльский льнозавод" in html
    assert "Рославль, Смоленская область" in html
    assert '<abbr title="Текстильное производство">13</abbr>' in html
    assert 'class="badge badge-ok"' in html


def test_list_filters_combine(
    client: Client, region_ru: Region, region_by: Region, manufacturing: Sector, textiles: Sector
) -> None:
    weaver = factories.OrganisationFactory(
        region=region_ru, name_ru="Ткацкая фабрика", kind=OrganisationKind.ENTERPRISE
    )
    weaver.sectors.add(textiles)
    factories.OrganisationFactory(
        region=region_ru, name_ru="Смоленский университет", kind=OrganisationKind.UNIVERSITY
    )
    factories.OrganisationFactory(
        region=region_by,
        name_ru="Витебский университет",
        kind=OrganisationKind.UNIVERSITY,
        is_verified=True,
        verified_at="2026-01-01T00:00:00Z",
    )
    url = reverse("organisations:list")
    assert _names(client.get(url, {"country": "BY"})) == ["Витебский университет"]
    assert _names(client.get(url, {"region": "RU-SMO"})) == ["Смоленский университет", "Ткацкая фабрика"]
    assert _names(client.get(url, {"kind": "university", "region": "RU-SMO"})) == ["Смоленский университет"]
    # A section takes in its divisions; a division is itself.
    assert _names(client.get(url, {"sector": "C"})) == ["Ткацкая фабрика"]
    assert _names(client.get(url, {"sector": "13"})) == ["Ткацкая фабрика"]
    assert _names(client.get(url, {"verified": "on"})) == ["Витебский университет"]
    # The name search ignores case and ё/е, on SQLite too.
    assert _names(client.get(url, {"q": "УНИВЕРСИТЕТ"})) == [
        "Витебский университет",
        "Смоленский университет",
    ]
    assert _names(client.get(url, {"q": "ткацкая"})) == ["Ткацкая фабрика"]


def test_list_ignores_a_filter_with_an_unknown_value_and_says_so(client: Client, region_ru: Region) -> None:
    factories.OrganisationFactory(region=region_ru, name_ru="Фонд")
    response = client.get(reverse("organisations:list"), {"kind": "pirates"})
    assert _names(response) == ["Фонд"]
    assert 'class="errorlist"' in response.content.decode()


def test_list_answers_htmx_with_the_results_partial_only(client: Client, region_ru: Region) -> None:
    factories.OrganisationFactory(region=region_ru, name_ru="Фонд")
    response = client.get(reverse("organisations:list"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Фонд" in html
    assert "<html" not in html
    assert "<h1" not in html


def test_list_is_paginated_and_keeps_the_filters_in_page_links(client: Client, region_ru: Region) -> None:
    factories.OrganisationFactory.create_batch(30, region=region_ru)
    response = client.get(reverse("organisations:list"), {"region": "RU-SMO"})
    assert len(response.context["page"].object_list) == 25
    assert "?region=RU-SMO&amp;page=2" in response.content.decode()
    second = client.get(reverse("organisations:list"), {"region": "RU-SMO", "page": 2})
    assert len(second.context["page"].object_list) == 5


def _make_organisations(count: int, region: Region, sectors: list[Sector]) -> None:
    settlement = factories.SettlementFactory(region=region)
    for organisation in factories.OrganisationFactory.create_batch(
        count, region=region, settlement=settlement
    ):
        organisation.sectors.add(*sectors)


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow_with_rows(
    rows: int,
    client: Client,
    region_ru: Region,
    manufacturing: Sector,
    textiles: Sector,
    django_assert_num_queries: Any,
) -> None:
    _make_organisations(rows, region_ru, [manufacturing, textiles])
    # countries, regions and sectors (two) for the filters; count; rows with region and settlement; sectors.
    with django_assert_num_queries(7):
        response = client.get(reverse("organisations:list"))
    assert len(response.context["page"].object_list) == min(rows, 25)


# --- The organisation's page ----------------------------------------------------------------------


def test_organisation_page_shows_names_territory_sectors_contacts_and_description(
    client: Client, region_ru: Region, textiles: Sector
) -> None:
    settlement = factories.SettlementFactory(region=region_ru, name_ru="Рославль")
    organisation = factories.OrganisationFactory(
        region=region_ru,
        settlement=settlement,
        name_ru="Рославльский льнозавод",
        name_be="Рослаўскі льнозавод",
        name_en="Roslavl Flax Mill",
        kind=OrganisationKind.ENTERPRISE,
        website="https://flax.example",
        email="info@flax.example",
        phone="+7 48134 0-00-00",
        address="ул. Ленина, 1",
        description="Первая строка\nВторая строка",
    )
    organisation.sectors.add(textiles)
    html = client.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
    assert "<h1>Рославльский льнозавод</h1>" in html
    assert '<li lang="be">Рослаўскі льнозавод</li>' in html
    assert '<li lang="en">Roslavl Flax Mill</li>' in html
    assert "Смоленская область" in html
    assert "Рославль" in html
    assert "13 Текстильное производство" in html
    assert 'href="https://flax.example"' in html
    assert 'href="mailto:info@flax.example"' in html
    assert "+7 48134 0-00-00" in html
    assert "ул. Ленина, 1" in html
    assert "<p>Первая строка<br>Вторая строка</p>" in html
    assert 'class="badge badge-warn"' in html


def test_organisation_page_shows_the_verified_badge(
    client: Client, moderator: User, region_ru: Region
) -> None:
    organisation = factories.OrganisationFactory(region=region_ru)
    services.organisation_verify(actor=moderator, organisation=organisation)
    html = client.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
    assert 'class="badge badge-ok"' in html


def test_script_in_a_stored_description_is_shown_as_text(client: Client, region_ru: Region) -> None:
    # Stored around the service (as an import or the admin might): the page still escapes it.
    organisation = factories.OrganisationFactory(
        region=region_ru, description='<script>alert("x")</script>', name_ru="<img src=x onerror=alert(1)>"
    )
    html = client.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_script_typed_into_the_form_is_stripped_and_the_page_stays_inert(
    commission_member: User, region_ru: Region
) -> None:
    client = Client()
    client.force_login(commission_member)
    data = {
        "name_ru": "Фонд",
        "kind": OrganisationKind.NGO,
        "region": region_ru.pk,
        "description": 'До<script>alert("x")</script>после',
    }
    response = client.post(reverse("organisations:create"), data, follow=True)
    organisation = Organisation.objects.get()
    assert organisation.description == "Допосле"
    assert "alert(" not in response.content.decode()


def test_history_shows_who_changed_which_field(commission_member: User, region_ru: Region) -> None:
    organisation = services.organisation_create(
        actor=commission_member, kind=OrganisationKind.NGO, region=region_ru, name_ru="Фонд"
    )
    services.organisation_update(
        actor=commission_member, organisation=organisation, phone="+375 17 000-00-00"
    )
    client = Client()
    client.force_login(commission_member)
    html = client.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
    assert 'id="history-heading"' in html
    assert "<ins>+375 17 000-00-00</ins>" in html
    assert commission_member.display_name in html


# --- The forms ------------------------------------------------------------------------------------


def test_create_form_offers_a_coordinator_only_their_region(coordinator: User, region_by: Region) -> None:
    client = Client()
    client.force_login(coordinator)
    response = client.get(reverse("organisations:create"))
    html = response.content.decode()
    assert f'<option value="{coordinator.region_id}" selected>Смоленская область</option>' in html
    assert "Витебская область" not in html


def test_create_form_with_a_settlement_outside_the_region_shows_the_error_and_keeps_the_values(
    commission_member: User, region_ru: Region, region_by: Region, textiles: Sector
) -> None:
    vitebsk = factories.SettlementFactory(region=region_by, name_ru="Витебск")
    client = Client()
    client.force_login(commission_member)
    data = {
        "name_ru": "Фонд «Мосты»",
        "name_en": "Bridges Foundation",
        "kind": OrganisationKind.NGO,
        "region": region_ru.pk,
        "settlement": vitebsk.pk,
        "sectors": [textiles.pk],
        "description": "Описание",
    }
    response = client.post(reverse("organisations:create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    with override("ru"):
        assert escape(str(SETTLEMENT_NOT_IN_REGION)) in html
    assert 'value="Фонд «Мосты»"' in html
    assert 'value="Bridges Foundation"' in html
    assert f'value="{textiles.pk}" checked' in html
    assert "Описание</textarea>" in html
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_create_form_shows_field_errors_in_the_users_language(commission_member: User) -> None:
    client = Client()
    client.force_login(commission_member)
    client.cookies["mosty_language"] = "en"
    response = client.post(reverse("organisations:create"), {"name_ru": "", "kind": "pirates"})
    html = response.content.decode()
    assert "This field is required." in html
    assert "Select a valid choice." in html
    client.cookies["mosty_language"] = "ru"
    html = client.post(reverse("organisations:create"), {"name_ru": ""}).content.decode()
    assert "Обязательное поле." in html
    assert not Organisation.objects.exists()


def test_edit_form_starts_with_the_stored_values_and_saves_changes(
    commission_member: User, region_ru: Region, manufacturing: Sector, textiles: Sector
) -> None:
    roslavl = factories.SettlementFactory(region=region_ru, name_ru="Рославль")
    organisation = factories.OrganisationFactory(region=region_ru, settlement=roslavl, name_ru="Фонд")
    organisation.sectors.add(textiles)
    client = Client()
    client.force_login(commission_member)
    url = reverse("organisations:edit", args=[organisation.pk])
    html = client.get(url).content.decode()
    assert 'value="Фонд"' in html
    assert f'<option value="{roslavl.pk}" selected>Рославль</option>' in html
    assert f'value="{textiles.pk}" checked' in html
    data = {
        "name_ru": "Фонд «Мосты»",
        "kind": organisation.kind,
        "region": region_ru.pk,
        "settlement": "",
        "sectors": [manufacturing.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name_ru == "Фонд «Мосты»"
    assert organisation.settlement is None
    assert list(organisation.sectors.all()) == [manufacturing]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert entry.changes["sectors"] == [[textiles.pk], [manufacturing.pk]]
    assert entry.changes["settlement"] == [roslavl.pk, None]


def test_settlement_options_follow_the_region_over_htmx(
    client: Client, region_ru: Region, region_by: Region
) -> None:
    factories.SettlementFactory(region=region_ru, name_ru="Рославль", population=50_000)
    factories.SettlementFactory(region=region_ru, name_ru="Смоленск", population=300_000)
    factories.SettlementFactory(region=region_by, name_ru="Витебск")
    response = client.get(
        reverse("organisations:settlement_options"), {"region": region_ru.pk}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.index("Смоленск") < html.index("Рославль")
    assert "Витебск" not in html
    assert html.strip().startswith('<option value="">')
    # The two sides of a tie ask with their own field names.
    html = client.get(
        reverse("organisations:settlement_options"), {"region_b": region_by.pk}
    ).content.decode()
    assert "Витебск" in html
    assert "Смоленск" not in html


def test_without_javascript_the_refresh_button_shows_the_regions_settlements_and_saves_nothing(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    factories.SettlementFactory(region=region_by, name_ru="Витебск")
    client = Client()
    client.force_login(commission_member)
    data = {"name_ru": "Фонд", "kind": OrganisationKind.NGO, "region": region_by.pk, "refresh": "1"}
    response = client.post(reverse("organisations:create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert ">Витебск</option>" in html
    assert 'value="Фонд"' in html
    assert 'class="errorlist"' not in html
    assert not Organisation.objects.exists()


def test_settlement_options_without_a_usable_region_offer_only_the_empty_choice(
    client: Client, db: None
) -> None:
    for query in ({}, {"region": "abc"}, {"region": "9" * 30}):
        html = client.get(reverse("organisations:settlement_options"), query).content.decode()
        assert html.count("<option") == 1

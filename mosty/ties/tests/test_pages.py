"""The tie pages: list with filters and map, a tie's page, the form's refusals, the cost in queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import override

from mosty import factories
from mosty.accounts.models import User
from mosty.core.models import AuditEntry
from mosty.territories.models import Region
from mosty.ties import services
from mosty.ties.models import DUPLICATE_TIE, SAME_COUNTRY, SETTLEMENT_NOT_IN_REGION, Tie, TieKind, TieStatus

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


@pytest.fixture
def gomel(db: None) -> Region:
    return factories.RegionFactory(
        code="BY-HO",
        country=factories.CountryFactory(code="BY"),
        name_ru="Гомельская область",
        latitude=52.4,
        longitude=31.0,
    )


def _ties(response: Any) -> list[int]:
    return [tie.pk for tie in response.context["page"].object_list]


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The list -------------------------------------------------------------------------------------


def test_list_shows_both_sides_kind_year_and_status(client: Client, tie: Tie, region_by: Region) -> None:
    html = client.get(reverse("ties:list")).content.decode()
    assert "Смоленская область" in html
    assert "Витебская область" in html
    with override("ru"):
        assert f"<td>{capfirst(str(TieKind.PARTNER_REGIONS.label))}</td>" in html
    assert '<time datetime="2003-05-12">2003</time>' in html


def test_list_filters_by_region_on_either_side_kind_and_status(
    client: Client, tie: Tie, region_ru: Region, region_by: Region, gomel: Region
) -> None:
    kaluga = factories.RegionFactory(code="RU-KLU")
    with_gomel = factories.TieFactory(
        region_a=kaluga, region_b=gomel, kind=TieKind.COOPERATION, status=TieStatus.ENDED
    )
    url = reverse("ties:list")
    assert _ties(client.get(url, {"region": "BY-VI"})) == [tie.pk]
    assert _ties(client.get(url, {"region": "RU-SMO"})) == [tie.pk]
    assert _ties(client.get(url, {"region": "BY-HO"})) == [with_gomel.pk]
    assert _ties(client.get(url, {"kind": "cooperation"})) == [with_gomel.pk]
    assert _ties(client.get(url, {"status": "active"})) == [tie.pk]
    assert _ties(client.get(url, {"status": "ended", "region": "RU-SMO"})) == []


def test_list_draws_a_map_line_for_every_matching_tie(client: Client, tie: Tie, gomel: Region) -> None:
    factories.TieFactory(region_a=tie.region_a, region_b=gomel, kind=TieKind.COOPERATION)
    html = client.get(reverse("ties:list")).content.decode()
    assert html.count('class="tie-line"') == 2
    assert 'role="img"' in html
    html = client.get(reverse("ties:list"), {"region": "BY-HO"}).content.decode()
    assert html.count('class="tie-line"') == 1


def test_list_without_ties_draws_no_map(client: Client, db: None) -> None:
    html = client.get(reverse("ties:list")).content.decode()
    assert "<svg" not in html
    assert 'id="tie-results-heading"' in html


def test_list_answers_htmx_with_the_results_partial_only(client: Client, tie: Tie) -> None:
    html = client.get(reverse("ties:list"), headers={"HX-Request": "true"}).content.decode()
    assert "Витебская область" in html
    assert "<h1" not in html


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow_with_rows(
    rows: int, client: Client, region_ru: Region, django_assert_num_queries: Any
) -> None:
    by = factories.CountryFactory(code="BY")
    for index in range(rows):
        belarusian = factories.RegionFactory(code=f"BY-T{index:02d}", country=by)
        factories.TieFactory(
            region_a=region_ru,
            region_b=belarusian,
            settlement_b=factories.SettlementFactory(region=belarusian),
        )
    # regions for the filter; count; rows with both sides; the map's lines and its regions.
    with django_assert_num_queries(5):
        response = client.get(reverse("ties:list"))
    assert len(response.context["page"].object_list) == min(rows, 25)
    assert response.content.decode().count('class="tie-line"') == rows


# --- A tie's page ---------------------------------------------------------------------------------


def test_tie_page_shows_both_sides_kind_since_basis_status_and_activity(
    client: Client, region_ru: Region, region_by: Region
) -> None:
    smolensk = factories.SettlementFactory(region=region_ru, name_ru="Смоленск")
    vitebsk = factories.SettlementFactory(region=region_by, name_ru="Витебск")
    tie = factories.TieFactory(
        kind=TieKind.TWIN_CITIES,
        region_a=region_ru,
        settlement_a=smolensk,
        region_b=region_by,
        settlement_b=vitebsk,
        since=datetime.date(1998, 6, 1),
        basis="Соглашение о побратимстве",
        status=TieStatus.DORMANT,
        activity="Дни культуры\nОбмен школьниками",
    )
    html = client.get(reverse("ties:detail", args=[tie.pk])).content.decode()
    assert "<h1>Смоленск — Витебск</h1>" in html
    assert reverse("region_detail", args=["RU-SMO"]) in html
    assert reverse("region_detail", args=["BY-VI"]) in html
    assert reverse("settlement_detail", args=[vitebsk.pk]) in html
    assert '<time datetime="1998-06-01">' in html
    assert "Соглашение о побратимстве" in html
    assert "badge-warn" in html
    assert "<p>Дни культуры<br>Обмен школьниками</p>" in html


def test_script_in_activity_notes_is_shown_as_text(
    client: Client, region_ru: Region, region_by: Region
) -> None:
    tie = factories.TieFactory(region_a=region_ru, region_b=region_by, activity="<script>alert(1)</script>")
    html = client.get(reverse("ties:detail", args=[tie.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_tie_page_shows_the_history_to_staff(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    tie = services.tie_create(
        actor=commission_member, kind=TieKind.PARTNER_REGIONS, region_a=region_ru, region_b=region_by
    )
    services.tie_update(actor=commission_member, tie=tie, basis="Договор 2024 года")
    html = _logged_in(commission_member).get(reverse("ties:detail", args=[tie.pk])).content.decode()
    assert 'id="history-heading"' in html
    assert "<ins>Договор 2024 года</ins>" in html


# --- The form -------------------------------------------------------------------------------------


def _form_data(**values: Any) -> dict[str, Any]:
    return {"kind": TieKind.PARTNER_REGIONS, "status": TieStatus.ACTIVE, "basis": "Соглашение", **values}


def test_same_country_tie_is_refused_in_the_page_with_the_values_kept(
    commission_member: User, region_ru: Region
) -> None:
    kaluga = factories.RegionFactory(code="RU-KLU")
    response = _logged_in(commission_member).post(
        reverse("ties:create"), _form_data(region_a=region_ru.pk, region_b=kaluga.pk)
    )
    html = response.content.decode()
    assert response.status_code == 200
    with override("ru"):
        assert escape(str(SAME_COUNTRY)) in html
    assert 'value="Соглашение"' in html
    assert not Tie.objects.exists()
    assert not AuditEntry.objects.exists()


def test_settlement_outside_its_region_is_refused_in_the_page(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    smolensk = factories.SettlementFactory(region=region_ru)
    response = _logged_in(commission_member).post(
        reverse("ties:create"),
        _form_data(region_a=region_ru.pk, region_b=region_by.pk, settlement_b=smolensk.pk),
    )
    html = response.content.decode()
    with override("ru"):
        assert escape(str(SETTLEMENT_NOT_IN_REGION)) in html
    assert 'id="id_settlement_b_error"' in html
    assert not Tie.objects.exists()


def test_duplicate_tie_is_refused_in_the_page(
    commission_member: User, tie: Tie, region_ru: Region, region_by: Region
) -> None:
    response = _logged_in(commission_member).post(
        reverse("ties:create"), _form_data(region_a=region_by.pk, region_b=region_ru.pk)
    )
    with override("ru"):
        assert escape(str(DUPLICATE_TIE)) in response.content.decode()
    assert Tie.objects.count() == 1


def test_edit_form_starts_with_the_stored_values(commission_member: User, tie: Tie) -> None:
    html = _logged_in(commission_member).get(reverse("ties:edit", args=[tie.pk])).content.decode()
    assert f'<option value="{tie.region_a_id}" selected>Смоленская область</option>' in html
    assert f'<option value="{tie.region_b_id}" selected>Витебская область</option>' in html
    assert 'value="2003-05-12"' in html
    assert 'value="Соглашение о сотрудничестве от 12.05.2003"' in html


def test_create_form_saves_a_twin_cities_tie(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    smolensk = factories.SettlementFactory(region=region_ru)
    vitebsk = factories.SettlementFactory(region=region_by)
    data = _form_data(
        kind=TieKind.TWIN_CITIES,
        region_a=region_ru.pk,
        settlement_a=smolensk.pk,
        region_b=region_by.pk,
        settlement_b=vitebsk.pk,
        since="1998-06-01",
        activity="Дни города",
    )
    response = _logged_in(commission_member).post(reverse("ties:create"), data)
    tie = Tie.objects.get()
    assert response["Location"] == reverse("ties:detail", args=[tie.pk])
    assert (tie.settlement_a, tie.settlement_b, tie.since) == (smolensk, vitebsk, datetime.date(1998, 6, 1))


def test_without_javascript_the_refresh_button_shows_each_sides_settlements(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    factories.SettlementFactory(region=region_by, name_ru="Витебск")
    factories.SettlementFactory(region=region_ru, name_ru="Смоленск")
    response = _logged_in(commission_member).post(
        reverse("ties:create"), _form_data(region_a=region_ru.pk, region_b=region_by.pk, refresh="1")
    )
    html = response.content.decode()
    select_a = html[html.index('id="id_settlement_a"') :]
    select_a = select_a[: select_a.index("</select>")]
    select_b = html[html.index('id="id_settlement_b"') :]
    select_b = select_b[: select_b.index("</select>")]
    assert ">Смоленск</option>" in select_a
    assert ">Витебск</option>" in select_b
    assert "Витебск" not in select_a
    assert not Tie.objects.exists()

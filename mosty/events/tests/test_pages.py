from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.core.models import AuditEntry
from mosty.events.models import Event, EventKind
from mosty.events.services import event_update
from mosty.events.tests.conftest import make_event
from mosty.territories.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]

TODAY = datetime.date(2026, 11, 26)
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.UTC), tick=False):
        yield


def in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page_text(response: Any) -> str:
    return response.content.decode()


# --- list ------------------------------------------------------------------------------------


def test_list_shows_upcoming_events_by_default_and_past_ones_on_the_other_tab(
    client: Client, region_ru: Region
) -> None:
    make_event(region_ru, title_ru="Будущие слушания", start_date=TODAY + datetime.timedelta(days=20))
    make_event(
        region_ru,
        title_ru="Идущий круглый стол",
        start_date=TODAY - datetime.timedelta(days=1),
        end_date=TODAY + datetime.timedelta(days=1),
    )
    make_event(region_ru, title_ru="Прошлый круглый стол", start_date=TODAY - datetime.timedelta(days=30))
    make_event(region_ru, title_ru="I Форум", kind=EventKind.FORUM, start_date=None, year=2014)

    upcoming = page_text(client.get(reverse("events:list")))
    past = page_text(client.get(reverse("events:list"), {"when": "past"}))

    assert "Будущие слушания" in upcoming and "Идущий круглый стол" in upcoming
    assert "Прошлый круглый стол" not in upcoming and "I Форум" not in upcoming
    assert "Прошлый круглый стол" in past and "I Форум" in past
    assert "Будущие слушания" not in past


def test_list_filters_by_kind_region_country_and_year(
    client: Client, region_ru: Region, region_by: Region
) -> None:
    soon = TODAY + datetime.timedelta(days=10)
    make_event(region_ru, title_ru="Смоленские слушания", kind=EventKind.HEARING, start_date=soon)
    make_event(region_by, title_ru="Витебский круглый стол", start_date=soon)
    make_event(
        region_ru,
        region_by,
        title_ru="Совместная конференция",
        kind=EventKind.CONFERENCE,
        start_date=datetime.date(2027, 5, 19),
    )
    url = reverse("events:list")

    def titles(**params: str) -> set[str]:
        text = page_text(client.get(url, params))
        return {
            t
            for t in ("Смоленские слушания", "Витебский круглый стол", "Совместная конференция")
            if t in text
        }

    assert titles() == {"Смоленские слушания", "Витебский круглый стол", "Совместная конференция"}
    assert titles(kind="hearing") == {"Смоленские слушания"}
    assert titles(region="BY-VI") == {"Витебский круглый стол", "Совместная конференция"}
    assert titles(country="RU") == {"Смоленские слушания", "Совместная конференция"}
    assert titles(year="2027") == {"Совместная конференция"}
    assert titles(kind="conference", country="BY") == {"Совместная конференция"}
    # An unknown value is ignored rather than failing the page.
    assert len(titles(kind="picnic")) == 3


def test_an_htmx_request_gets_only_the_results(client: Client, event_ru: Event) -> None:
    response = client.get(reverse("events:list"), {"when": "upcoming"}, headers={"HX-Request": "true"})

    text = page_text(response)
    assert "Круглый стол в Смоленске" in text
    assert "<html" not in text


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow_with_rows(
    client: Client, django_assert_num_queries: Any, region_ru: Region, region_by: Region, rows: int
) -> None:
    for n in range(rows):
        make_event(
            region_ru, region_by, title_ru=f"Событие {n}", start_date=TODAY + datetime.timedelta(days=n + 1)
        )

    # years, countries, regions, topics (filter choices); count; page; host regions of the page.
    with django_assert_num_queries(7):
        response = client.get(reverse("events:list"))
    assert "Событие 0" in page_text(response)


@pytest.mark.parametrize("rows", [3, 30])
def test_forum_table_query_count_does_not_grow_with_rows(
    client: Client, django_assert_num_queries: Any, region_by: Region, rows: int
) -> None:
    for n in range(1, rows + 1):
        make_event(
            region_by,
            kind=EventKind.FORUM,
            forum_number=n,
            title_ru=f"{n} Форум",
            start_date=datetime.date(2013 + n, 6, 1),
        )

    with django_assert_num_queries(3):  # count, page, host regions
        response = client.get(reverse("events:forums"))
    assert response.status_code == 200


# --- forum pages -----------------------------------------------------------------------------


def test_forum_table_shows_year_place_theme_and_reported_figures(client: Client, forum: Event) -> None:
    text = page_text(in_language(client, "en").get(reverse("events:forums")))

    assert "Forums of Regions of Belarus and Russia" in text
    assert ">IV</a>" in text
    assert "2017" in text
    assert "Moscow (Expocentre)" in text
    assert "Vectors of integration development of the regions" in text
    assert "<td>54</td>" in text
    assert f"400{NBSP}000{NBSP}000{NBSP}USD" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            [
                "IV Форум регионов Беларуси и России",
                "Москва (ЦВК «Экспоцентр»)",
                "Векторы интеграционного развития регионов",
                "Подписано 54 соглашения",
                "29 июня 2017",
            ],
        ),
        (
            "be",
            [
                "IV Форум рэгіёнаў Беларусі і Расіі",
                "Масква (ЦВК «Экспацэнтр»)",
                "Вектары інтэграцыйнага развіцця рэгіёнаў",
                "Падпісана 54 пагадненні",
            ],
        ),
        (
            "en",
            [
                "4th Forum of Regions of Belarus and Russia",
                "Moscow (Expocentre)",
                "Vectors of integration development of the regions",
                "54 agreements were signed",
                "Agreements signed (reported)",
                "June 29, 2017",
            ],
        ),
    ],
)
def test_forum_page_shows_the_facts_in_the_readers_language(
    client: Client, forum: Event, language: str, expected: list[str]
) -> None:
    text = page_text(in_language(client, language).get(reverse("events:detail", args=[forum.pk])))

    for fact in expected:
        assert fact in text
    assert f"400{NBSP}000{NBSP}000{NBSP}USD" in text
    assert "<dd>54</dd>" in text
    assert '<a href="https://sovrep.gov.by/special/ru/4-forum-about-ru"' in text
    assert "<li>Основные направления деятельности комиссии (п. 4)</li>" in text
    assert f'href="{reverse("region_detail", args=["BY-VI"])}"' in text


def test_a_forum_without_dates_shows_its_date_note(client: Client, region_by: Region) -> None:
    first = make_event(
        region_by,
        kind=EventKind.FORUM,
        forum_number=1,
        start_date=None,
        year=2014,
        date_note_en="June 2014 (exact dates not established)",
    )

    text = page_text(in_language(client, "en").get(reverse("events:detail", args=[first.pk])))

    assert "June 2014 (exact dates not established)" in text
    assert "not known" in text  # no figures reported


def test_unknown_event_is_404(client: Client) -> None:
    assert client.get(reverse("events:detail", args=[999_999])).status_code == 404
    assert client.get("/events/999999/edit/").status_code in (302, 404)


def test_staff_see_the_change_history_and_citizens_do_not(
    client: Client, commission_member: User, citizen: User, event_ru: Event
) -> None:
    event_update(actor=commission_member, event=event_ru, place_ru="Смоленск, Дом Советов")
    url = reverse("events:detail", args=[event_ru.pk])

    client.force_login(citizen)
    assert "history-heading" not in page_text(in_language(client, "en").get(url))
    client.force_login(commission_member)
    text = page_text(in_language(client, "en").get(url))
    assert "Change history" in text
    assert "Смоленск, Дом Советов" in text


# --- create and edit -------------------------------------------------------------------------


def form_data(*regions: Region, **fields: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "round_table",
        "title_ru": "Круглый стол о приграничной торговле",
        "title_be": "Круглы стол аб памежным гандлі",
        "title_en": "Round table on cross-border trade",
        "start_date": "2027-02-18",
        "end_date": "",
        "format": "in_person",
        "regions": [region.pk for region in regions],
        "place_ru": "Смоленск",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("actor_name", "status"),
    [
        (None, 302),
        ("citizen", 403),
        ("representative", 403),
        ("moderator", 403),
        ("coordinator", 200),
        ("commission_member", 200),
        ("administrator", 200),
    ],
)
def test_create_page_by_role(
    request: pytest.FixtureRequest, client: Client, region_ru: Region, actor_name: str | None, status: int
) -> None:
    if actor_name:
        client.force_login(request.getfixturevalue(actor_name))

    get = client.get(reverse("events:create"))
    post = client.post(reverse("events:create"), form_data(region_ru))

    assert get.status_code == status
    if status == 200:
        assert post.status_code == 302
        event = Event.objects.get()
        assert post["Location"] == reverse("events:detail", args=[event.pk])
        assert event.titles == {
            "ru": "Круглый стол о приграничной торговле",
            "be": "Круглы стол аб памежным гандлі",
            "en": "Round table on cross-border trade",
        }
        assert AuditEntry.objects.filter(action="create", object_id=str(event.pk)).count() == 1
    else:
        assert post.status_code == status
        assert not Event.objects.exists()


def test_a_coordinator_cannot_create_an_event_only_for_another_region(
    client: Client, coordinator: User, region_by: Region
) -> None:
    client.force_login(coordinator)

    response = in_language(client, "en").post(reverse("events:create"), form_data(region_by))

    assert response.status_code == 200
    assert "Your own region must be among the host regions." in page_text(response)
    assert not Event.objects.exists()


def test_a_coordinator_is_not_offered_the_forum_kind(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)

    text = page_text(client.get(reverse("events:create")))

    assert 'value="round_table"' in text
    assert 'value="forum"' not in text


def test_end_before_start_is_shown_in_the_form_and_nothing_is_saved(
    client: Client, commission_member: User, region_ru: Region
) -> None:
    client.force_login(commission_member)

    response = in_language(client, "en").post(
        reverse("events:create"), form_data(region_ru, start_date="2027-02-18", end_date="2027-02-17")
    )

    text = page_text(response)
    assert response.status_code == 200
    assert "An event cannot end before it starts." in text
    assert 'id="id_end_date_error"' in text
    # What was typed is kept.
    assert 'value="Круглый стол о приграничной торговле"' in text
    assert 'value="2027-02-17"' in text
    assert not Event.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("actor_name", "own", "other", "forum_status"),
    [
        (None, 302, 302, 302),
        ("citizen", 403, 403, 403),
        ("moderator", 403, 403, 403),
        ("coordinator", 200, 403, 403),
        ("commission_member", 200, 200, 200),
        ("administrator", 200, 200, 200),
    ],
)
def test_edit_page_by_role_and_region(
    request: pytest.FixtureRequest,
    client: Client,
    event_ru: Event,
    event_by: Event,
    forum: Event,
    actor_name: str | None,
    own: int,
    other: int,
    forum_status: int,
) -> None:
    if actor_name:
        client.force_login(request.getfixturevalue(actor_name))

    for event, status in ((event_ru, own), (event_by, other), (forum, forum_status)):
        assert client.get(reverse("events:edit", args=[event.pk])).status_code == status


def test_a_coordinator_edits_an_event_of_their_region(
    client: Client, coordinator: User, event_ru: Event, region_ru: Region
) -> None:
    client.force_login(coordinator)

    response = client.post(
        reverse("events:edit", args=[event_ru.pk]),
        form_data(region_ru, title_ru="Круглый стол в Смоленске (перенесён)", start_date="2027-04-01"),
    )

    assert response.status_code == 302
    event_ru.refresh_from_db()
    assert event_ru.title_ru == "Круглый стол в Смоленске (перенесён)"
    assert event_ru.year == 2027
    entry = AuditEntry.objects.get(action="update")
    assert entry.actor == coordinator
    assert entry.changes["title_ru"] == ["Круглый стол в Смоленске", "Круглый стол в Смоленске (перенесён)"]


def test_the_edit_form_is_filled_with_the_event(
    client: Client, commission_member: User, forum: Event
) -> None:
    client.force_login(commission_member)

    text = page_text(client.get(reverse("events:edit", args=[forum.pk])))

    assert 'value="IV Форум регионов Беларуси и России"' in text
    assert 'value="2017-06-29"' in text
    assert '<option value="forum" selected>' in text


def test_commission_deletes_an_event_after_confirming(
    client: Client, commission_member: User, event_ru: Event
) -> None:
    client.force_login(commission_member)
    url = reverse("events:delete", args=[event_ru.pk])

    assert "Круглый стол в Смоленске" in page_text(client.get(url))
    assert client.post(url).status_code == 302
    assert not Event.objects.filter(pk=event_ru.pk).exists()


def test_a_coordinator_may_not_delete(client: Client, coordinator: User, event_ru: Event) -> None:
    client.force_login(coordinator)

    assert client.post(reverse("events:delete", args=[event_ru.pk])).status_code == 403
    assert Event.objects.filter(pk=event_ru.pk).exists()


def test_event_page_offers_edit_only_to_those_allowed(
    client: Client, coordinator: User, event_ru: Event, event_by: Event
) -> None:
    client.force_login(coordinator)

    assert reverse("events:edit", args=[event_ru.pk]) in page_text(
        client.get(reverse("events:detail", args=[event_ru.pk]))
    )
    assert reverse("events:edit", args=[event_by.pk]) not in page_text(
        client.get(reverse("events:detail", args=[event_by.pk]))
    )
    assert reverse("events:delete", args=[event_ru.pk]) not in page_text(
        client.get(reverse("events:detail", args=[event_ru.pk]))
    )


def test_organisers_are_listed_on_the_event_page(client: Client, event_ru: Event, region_ru: Region) -> None:
    organisation = factories.OrganisationFactory(region=region_ru, name_ru="Правительство Смоленской области")
    event_ru.organisers.add(organisation)

    text = page_text(client.get(reverse("events:detail", args=[event_ru.pk])))

    assert "Правительство Смоленской области" in text

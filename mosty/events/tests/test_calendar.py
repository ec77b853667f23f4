"""The calendar page and the API: filters by kind, region and topic; query counts that do not grow."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mosty import factories
from mosty.events.models import EventKind
from mosty.events.tests.conftest import make_event
from mosty.territories.models import Region
from mosty.workspaces.models import Membership

pytestmark = pytest.mark.django_db


def soon(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_the_calendar_filters_by_topic_kind_and_region(
    client: Client, region_ru: Region, region_by: Region
) -> None:
    education = factories.SectorFactory.create(code="85", name_ru="Образование")
    trade = factories.SectorFactory.create(code="46", name_ru="Торговля")
    school = make_event(region_ru, title_ru="Школьный обмен", start_date=soon(5))
    school.sectors.set([education])
    fair = make_event(region_by, title_ru="Ярмарка", kind=EventKind.CONFERENCE, start_date=soon(6))
    fair.sectors.set([trade])
    page = client.get(reverse("events:list"), {"topic": "85"}).content.decode()
    assert "Школьный обмен" in page and "Ярмарка" not in page
    assert 'value="85"' in page  # the topic is offered as a choice
    page = client.get(reverse("events:list"), {"kind": "conference"}).content.decode()
    assert "Ярмарка" in page and "Школьный обмен" not in page
    page = client.get(reverse("events:list"), {"region": "BY-VI"}).content.decode()
    assert "Ярмарка" in page and "Школьный обмен" not in page
    assert reverse("events:region_calendar", args=["BY-VI"]) in page  # the region's own feed
    body = client.get("/api/v1/events", {"topic": "46", "when": "upcoming"}).json()
    assert [item["id"] for item in body["items"]] == [fair.pk]
    detail = client.get(f"/api/v1/events/{school.pk}").json()
    assert detail["topics"] == ["85"]
    assert client.get("/api/v1/events", {"when": "past"}).json()["count"] == 0


@pytest.mark.parametrize("rows", [3, 30])
def test_a_members_calendar_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, workspace_setup: dict, region_ru: Region, rows: int
) -> None:
    for n in range(rows):
        event = make_event(region_ru, title_ru=f"Событие {n}", start_date=soon(n + 1))
        event.sectors.set([factories.SectorFactory.create(code=f"{n % 90 + 10:02d}")])
        make_event(title_ru=f"Закрытое {n}", start_date=soon(n + 1), workspace=workspace_setup["workspace"])
    member = workspace_setup["member"]
    assert Membership.objects.filter(user=member).exists()
    client.force_login(member)
    client.get(reverse("events:list"))
    # session, user, memberships, notifications badge; years, countries, regions, topics; count, page,
    # host regions.
    with django_assert_num_queries(12):  # 11, and the unread-notifications badge
        response = client.get(reverse("events:list"))
    assert "Закрытое 0" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_event_page_query_count_does_not_grow_with_programme_and_decisions(
    client: Client, django_assert_num_queries: Any, open_event: Any, coordinator: Any, rows: int
) -> None:
    from mosty.events import services

    for n in range(rows):
        services.agenda_item_add(
            actor=coordinator, event=open_event, start_time=datetime.time(9 + n % 10), title=f"Пункт {n}"
        )
        services.decision_add(
            actor=coordinator,
            event=open_event,
            title=f"Решение {n}",
            responsible_region=open_event.regions.get(),
        )
        services.registration_create(actor=factories.UserFactory.create(), event=open_event)
    client.get(reverse("events:detail", args=[open_event.pk]))
    with django_assert_num_queries(16):
        response = client.get(reverse("events:detail", args=[open_event.pk]))
    page = response.content.decode()
    assert "Пункт 0" in page and f"Решение {rows - 1}" in page

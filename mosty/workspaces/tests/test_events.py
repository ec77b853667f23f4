"""A workspace's own events: listed on its page for members, invisible to everyone else in the
calendar, on the event page and in the API (the events app's rule, asked through its access module)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from mosty.accounts.models import User
from mosty.events import services as events
from mosty.events.models import Event, EventKind
from mosty.workspaces.models import Workspace
from mosty.workspaces.tests.test_privacy import _bearer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


@pytest.fixture
def event(workspace: Workspace, ws_admin: User) -> Event:
    return events.event_create(
        actor=ws_admin,
        kind=EventKind.WORKING_MEETING,
        title_ru="Закрытое рабочее совещание депутатов",
        start_date=datetime.date.today() + datetime.timedelta(days=10),
        workspace=workspace,
    )


def test_members_see_the_event_on_the_workspace_page_and_its_own_page(
    client: Client, workspace: Workspace, event: Event, ws_member: User
) -> None:
    client.force_login(ws_member)
    assert event.title_ru in client.get(f"/workspaces/{workspace.pk}/").content.decode()
    assert client.get(f"/events/{event.pk}/").status_code == 200
    headers = _bearer(ws_member)
    assert client.get(f"/api/v1/events/{event.pk}", headers=headers).status_code == 200
    assert event.pk in [item["id"] for item in client.get("/api/v1/events", headers=headers).json()["items"]]


@pytest.mark.parametrize("who", ["outsider", "commission", "anonymous"])
def test_everyone_else_never_sees_the_event(
    client: Client, who: str, event: Event, outsider: User, commission_member: User
) -> None:
    user: Any = {"outsider": outsider, "commission": commission_member}.get(who)
    if user is not None:
        client.force_login(user)
    assert client.get(f"/events/{event.pk}/").status_code == 404
    assert event.title_ru not in client.get("/events/").content.decode()


@pytest.mark.parametrize("who", ["outsider", "commission", "anonymous"])
def test_the_events_api_never_shows_the_event_to_others(
    client: Client, who: str, event: Event, outsider: User, commission_member: User
) -> None:
    user: Any = {"outsider": outsider, "commission": commission_member}.get(who)
    headers = _bearer(user) if user is not None else {}
    assert event.pk not in [
        item["id"] for item in client.get("/api/v1/events", headers=headers).json()["items"]
    ]
    assert client.get(f"/api/v1/events/{event.pk}", headers=headers).status_code == 404

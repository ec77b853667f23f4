"""A workspace's events never surface on the public registry pages (home, region, settlement, forum)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.events.models import EventKind
from mosty.events.services import event_create, event_delete
from mosty.territories.models import Region
from mosty.workspaces.models import MemberRole, Membership, Workspace

pytestmark = pytest.mark.django_db

SECRET = "Закрытое совещание рабочей группы"


@pytest.fixture
def workspace_event(region_by: Region, citizen: User) -> object:
    workspace = Workspace.objects.create(name="Молодёжная политика")
    Membership.objects.create(workspace=workspace, user=citizen, role=MemberRole.ADMIN)
    settlement = factories.SettlementFactory.create(region=region_by)
    return event_create(
        actor=citizen,
        kind=EventKind.WORKING_MEETING,
        title_ru=SECRET,
        start_date=datetime.date(2027, 3, 1),
        regions=[region_by],
        settlement=settlement,
        workspace=workspace,
    )


def test_home_region_and_settlement_pages_leave_workspace_events_out(
    client: Client, region_by: Region, workspace_event: object
) -> None:
    event = workspace_event
    pages = [
        reverse("home"),
        reverse("region_detail", args=[region_by.code]),
        reverse("settlement_detail", args=[event.settlement_id]),  # type: ignore[attr-defined]
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode(), url
    assert client.get(reverse("agreements:forum", args=[event.pk])).status_code == 404  # type: ignore[attr-defined]

    event_delete(actor=event.created_by, event=event)  # type: ignore[attr-defined]
    assert SECRET not in client.get(reverse("home")).content.decode()

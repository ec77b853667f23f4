"""A workspace's event is seen by its members only: pages, feeds, files, API, exports, notifications.
Outsiders — anonymous visitors and signed-in users of every role, commission included — see nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts import tokens
from mosty.core.models import Notification
from mosty.events import access, services
from mosty.events.models import Event, EventKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]

TITLE = "Закрытое заседание рабочей группы"
PDF = b"%PDF-1.4\n%%EOF\n"


def who(setup: dict, name: str) -> Any:
    return None if name == "anonymous" else setup[name]


def login(client: Client, user: Any) -> Client:
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("name", "sees"), [("anonymous", False), ("outsider", False), ("member", True), ("admin", True)]
)
def test_workspace_event_pages_matrix(client: Client, workspace_setup: dict, name: str, sees: bool) -> None:
    event: Event = workspace_setup["event"]
    admin = workspace_setup["admin"]
    item = services.agenda_item_add(actor=admin, event=event, start_time="10:00", title="Повестка")
    document = services.agenda_document_add(actor=admin, item=item, file=SimpleUploadedFile("a.pdf", PDF))
    login(client, who(workspace_setup, name))
    listing = client.get(reverse("events:list")).content.decode()
    assert (TITLE in listing) is sees
    expected = 200 if sees else 404
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == expected
    assert client.get(reverse("events:ics", args=[event.pk])).status_code == expected
    assert client.get(reverse("events:agenda_document", args=[event.pk, document.pk])).status_code == expected
    # Feeds are public addresses: never a workspace's event, not even for its members.
    assert TITLE not in client.get(reverse("events:calendar")).content.decode()
    if name != "anonymous":
        response = client.post(reverse("events:register", args=[event.pk]))
        assert response.status_code == (302 if sees else 404)


@pytest.mark.parametrize(
    ("name", "sees"), [("anonymous", False), ("outsider", False), ("member", True), ("admin", True)]
)
def test_workspace_event_api_matrix(client: Client, workspace_setup: dict, name: str, sees: bool) -> None:
    event: Event = workspace_setup["event"]
    user = who(workspace_setup, name)
    headers = {}
    if user is not None:
        _token, secret = tokens.api_token_create(actor=user, user=user, name="test")
        headers = {"Authorization": f"Bearer {secret}"}
    body = client.get("/api/v1/events", headers=headers).json()
    assert (event.pk in [item["id"] for item in body["items"]]) is sees
    assert body["count"] == (1 if sees else 0)
    response = client.get(f"/api/v1/events/{event.pk}", headers=headers)
    assert response.status_code == (200 if sees else 404)


@pytest.mark.parametrize(("name", "allowed"), [("outsider", False), ("member", False), ("admin", True)])
def test_only_workspace_admins_organise_and_export(
    client: Client, workspace_setup: dict, name: str, allowed: bool
) -> None:
    event: Event = workspace_setup["event"]
    user = who(workspace_setup, name)
    login(client, user)
    for url_name in ("registrations", "export_csv", "export_xlsx", "programme", "minutes"):
        status = client.get(reverse(f"events:{url_name}", args=[event.pk])).status_code
        assert status == (200 if allowed else (404 if name == "outsider" else 403)), url_name


def test_workspace_admins_create_events_in_their_workspace_and_nobody_else(workspace_setup: dict) -> None:
    workspace = workspace_setup["workspace"]
    event = services.event_create(
        actor=workspace_setup["admin"],
        kind=EventKind.WORKING_MEETING,
        title_ru="Рабочая встреча",
        start_date=workspace_setup["event"].start_date,
        workspace=workspace,
    )
    assert event.workspace == workspace
    for name in ("member", "outsider"):
        with pytest.raises(PermissionDenied):
            services.event_create(
                actor=workspace_setup[name],
                kind=EventKind.WORKING_MEETING,
                title_ru="Чужая встреча",
                start_date=workspace_setup["event"].start_date,
                workspace=workspace,
            )


def test_access_functions_agree(workspace_setup: dict, region_ru: Any) -> None:
    event = workspace_setup["event"]
    public = factories.EventFactory.create(start_date=event.start_date)
    for name, sees in (("outsider", False), ("member", True), ("admin", True)):
        user = workspace_setup[name]
        assert set(access.visible_events(user).values_list("pk", flat=True)) == (
            {public.pk, event.pk} if sees else {public.pk}
        )
        if not sees:
            with pytest.raises(Http404):
                access.event_for_user(user, event.pk)


def test_invitations_to_a_workspace_event_never_reach_outsiders(workspace_setup: dict) -> None:
    event = workspace_setup["event"]
    outsider = workspace_setup["outsider"]
    member = workspace_setup["member"]
    services.invitation_create(actor=workspace_setup["admin"], event=event, email=outsider.email)
    services.invitation_create(actor=workspace_setup["admin"], event=event, email="stranger@example.org")
    services.invitation_create(actor=workspace_setup["admin"], event=event, email=member.email)
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert Notification.objects.filter(recipient=member).count() == 1


def test_workspace_decisions_are_not_public_commitments(workspace_setup: dict, region_ru: Any) -> None:
    event = workspace_setup["event"]
    commitment = services.decision_add(
        actor=workspace_setup["admin"],
        event=event,
        title="Подготовить обращение",
        responsible_region=region_ru,
    )
    assert not commitment.is_public
    from mosty.commitments.sources import source_link

    assert source_link("event", event.pk) is None  # no title, no page for readers outside


def test_a_workspace_admin_creates_a_workspace_event_on_the_form(
    client: Client, workspace_setup: dict
) -> None:
    admin = workspace_setup["admin"]
    client.force_login(admin)
    form_page = client.get(reverse("events:create")).content.decode()
    assert 'name="workspace"' in form_page
    response = client.post(
        reverse("events:create"),
        {
            "kind": EventKind.WORKING_MEETING,
            "title_ru": "Встреча депутатов",
            "start_date": "2027-05-20",
            "start_time": "11:00",
            "format": "online",
            "online_url": "https://meet.example.org/deputies",
            "workspace": workspace_setup["workspace"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(title_ru="Встреча депутатов")
    assert event.workspace == workspace_setup["workspace"]
    client.force_login(workspace_setup["outsider"])
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404


def test_a_workspace_admin_may_not_create_public_events(workspace_setup: dict, region_ru: Any) -> None:
    admin = workspace_setup["admin"]
    admin.region = region_ru
    admin.save()
    assert not access.may_write(admin, kind=EventKind.ROUND_TABLE, region_ids=[region_ru.pk])


@pytest.mark.parametrize(("name", "sees"), [("outsider", False), ("member", True)])
def test_comments_on_a_workspace_event_are_for_members(
    client: Client, workspace_setup: dict, name: str, sees: bool
) -> None:
    event = workspace_setup["event"]
    client.force_login(workspace_setup[name])
    response = client.get(reverse("comments:list", args=["event", event.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == (200 if sees else 404)


def test_the_public_event_page_shows_its_comment_section(client: Client, open_event: Event) -> None:
    page = client.get(reverse("events:detail", args=[open_event.pk])).content.decode()
    assert f'id="comments-event-{open_event.pk}"' in page


def test_a_former_member_hears_nothing_more_of_the_workspace_event(
    workspace_setup: dict, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    from mosty.workspaces.models import Membership

    event = workspace_setup["event"]
    member = workspace_setup["member"]
    registration = services.registration_create(actor=member, event=event)
    Membership.objects.filter(user=member).delete()
    notifications = Notification.objects.filter(recipient=member).count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=workspace_setup["admin"], registration=registration)
        services.events_send_reminders(today=event.start_date - datetime.timedelta(days=1))
    assert Notification.objects.filter(recipient=member).count() == notifications
    assert mail.outbox == []


def test_the_admin_lists_no_workspace_event_to_outside_staff(
    client: Client, workspace_setup: dict, administrator: Any
) -> None:
    client.force_login(administrator)
    page = client.get(reverse("admin:events_event_changelist")).content.decode()
    assert TITLE not in page
    assert client.get(
        reverse("admin:events_event_change", args=[workspace_setup["event"].pk])
    ).status_code in (
        302,
        404,
    )

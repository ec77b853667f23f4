"""Workspace privacy as a matrix: member / group administrator / outsider / anonymous / commission
member not in the group, through the pages, the API, the comments URLs, document downloads and search."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mosty.accounts.models import User
from mosty.accounts.selectors import user_has_totp
from mosty.accounts.tests.conftest import activate_totp
from mosty.accounts.tokens import api_token_create
from mosty.comments.models import Comment
from mosty.workspaces.models import Thread, Workspace, WorkspaceDocument

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]

SEES = 200
HIDDEN = 404


def _urls(workspace: Workspace, thread: Thread, document: WorkspaceDocument) -> list[str]:
    post = Comment.objects.get(kind="workspace_thread", target_id=thread.pk)
    return [
        f"/workspaces/{workspace.pk}/",
        f"/workspaces/{workspace.pk}/members/",
        f"/workspaces/{workspace.pk}/threads/new/",
        f"/workspaces/{workspace.pk}/documents/new/",
        f"/workspaces/{workspace.pk}/threads/{thread.pk}/",
        f"/workspaces/{workspace.pk}/documents/{document.pk}/",
        f"/comments/on/workspace_thread/{thread.pk}/",
        f"/api/v1/workspaces/{workspace.pk}",
        # the post itself, reached by its id: support/report/edit answer 404 to outsiders
        f"/comments/{post.pk}/edit/",
    ]


@pytest.fixture
def everyone(ws_admin: User, ws_member: User, outsider: User, commission_member: User) -> dict[str, Any]:
    return {"admin": ws_admin, "member": ws_member, "outsider": outsider, "commission": commission_member}


@pytest.mark.parametrize("who", ["outsider", "commission"])
def test_outsiders_and_staff_outside_the_group_get_404_everywhere(
    client: Client, who: str, everyone: dict[str, Any], workspace: Workspace, thread: Thread, document: Any
) -> None:
    client.force_login(everyone[who])
    for url in _urls(workspace, thread, document):
        response = client.get(url)
        assert response.status_code == HIDDEN, url
        assert "Повестка" not in response.content.decode(errors="replace"), url
    post = Comment.objects.get(kind="workspace_thread", target_id=thread.pk)
    for url in (
        f"/comments/on/workspace_thread/{thread.pk}/new/",
        f"/comments/{post.pk}/support/",
        f"/comments/{post.pk}/report/",
        f"/workspaces/{workspace.pk}/leave/",
        f"/workspaces/{workspace.pk}/members/{everyone['member'].pk}/remove/",
    ):
        assert client.post(url, {"body": "чужой пост", "reason": "x"}).status_code == HIDDEN, url
    assert Comment.objects.filter(kind="workspace_thread").count() == 1
    assert workspace.memberships.count() == 2


@pytest.mark.parametrize("who", ["member", "admin"])
def test_members_see_every_page_document_and_thread(
    client: Client, who: str, everyone: dict[str, Any], workspace: Workspace, thread: Thread, document: Any
) -> None:
    client.force_login(everyone[who])
    for url in _urls(workspace, thread, document)[:-1]:
        headers = {"HX-Request": "true"} if url.startswith("/comments/") else {}
        assert client.get(url, headers=headers).status_code == SEES, url
    thread_page = client.get(f"/workspaces/{workspace.pk}/threads/{thread.pk}/").content.decode()
    assert "Предлагаю обсудить дороги." in thread_page
    download = client.get(f"/workspaces/{workspace.pk}/documents/{document.pk}/")
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_anonymous_visitors_are_sent_to_sign_in_and_see_nothing(
    client: Client, workspace: Workspace, thread: Thread, document: Any
) -> None:
    for url in _urls(workspace, thread, document):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert "Повестка" not in response.content.decode(errors="replace")
    # A missing workspace and a hidden one look the same to them.
    assert (
        client.get("/workspaces/999999/").status_code
        == client.get(f"/workspaces/{workspace.pk}/").status_code
    )


def test_the_workspace_list_shows_only_the_users_own(
    client: Client, workspace: Workspace, outsider: User, ws_member: User
) -> None:
    client.force_login(outsider)
    assert workspace.name not in client.get("/workspaces/").content.decode()
    client.force_login(ws_member)
    assert workspace.name in client.get("/workspaces/").content.decode()


def test_search_finds_only_in_the_users_workspaces(
    client: Client, workspace: Workspace, thread: Thread, document: Any, outsider: User, ws_member: User
) -> None:
    client.force_login(ws_member)
    found = client.get("/workspaces/", {"q": "Повестка"}).content.decode()
    assert "Повестка весенней сессии" in found
    assert "Проект протокола" in client.get("/workspaces/", {"q": "протокола"}).content.decode()
    client.force_login(outsider)
    for query in ("Повестка", "протокола"):
        page = client.get("/workspaces/", {"q": query}).content.decode()
        assert "Повестка весенней сессии" not in page
        assert "Проект протокола" not in page


def _bearer(user: User) -> dict[str, str]:
    if user.is_staff_role and not user_has_totp(user):
        activate_totp(user)
    _token, secret = api_token_create(actor=user, user=user, name="test")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("who", ["member", "admin", "outsider", "commission", "anonymous"])
def test_the_api_lists_and_shows_only_the_token_users_own_workspaces(
    client: Client, who: str, everyone: dict[str, Any], workspace: Workspace, thread: Thread, document: Any
) -> None:
    headers = {} if who == "anonymous" else _bearer(everyone[who])
    listing = client.get("/api/v1/workspaces", headers=headers).json()
    detail = client.get(f"/api/v1/workspaces/{workspace.pk}", headers=headers)
    if who in ("member", "admin"):
        assert [item["name"] for item in listing["items"]] == [workspace.name]
        assert listing["items"][0]["members"] == 2
        body = detail.json()
        assert [t["title"] for t in body["threads"]] == [thread.title]
        assert [d["title"] for d in body["documents"]] == [document.title]
        assert {m["role"] for m in body["member_list"]} == {"admin", "member"}
    else:
        assert listing == {"items": [], "count": 0}
        assert detail.status_code == HIDDEN
        assert detail.json()["error"]["code"] == "not_found"


def test_a_removed_member_loses_access_at_once(
    client: Client, workspace: Workspace, thread: Thread, ws_admin: User, ws_member: User
) -> None:
    from mosty.workspaces import services

    services.member_remove(actor=ws_admin, workspace=workspace, user=ws_member)
    client.force_login(ws_member)
    assert client.get(f"/workspaces/{workspace.pk}/threads/{thread.pk}/").status_code == HIDDEN
    assert client.get(f"/comments/on/workspace_thread/{thread.pk}/").status_code == HIDDEN


def test_a_thread_of_another_workspace_is_not_reached_through_ones_own(
    client: Client, workspace: Workspace, thread: Thread, ws_admin: User
) -> None:
    from mosty.workspaces import services

    other = services.workspace_create(actor=ws_admin, name="Молодёжная политика")
    client.force_login(ws_admin)
    assert client.get(f"/workspaces/{other.pk}/threads/{thread.pk}/").status_code == HIDDEN


def test_group_administrators_moderate_thread_posts_and_platform_moderators_outside_do_not(
    client: Client, workspace: Workspace, thread: Thread, ws_admin: User, ws_member: User, moderator: User
) -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from mosty.comments import services as comments

    post = Comment.objects.get(kind="workspace_thread", target_id=thread.pk)
    comments.comment_report(reporter=ws_admin, comment=post, reason="оскорбление")
    client.force_login(moderator)
    queue = client.get("/comments/moderation/")
    assert queue.status_code == 200
    assert "Предлагаю обсудить дороги." not in queue.content.decode()
    with pytest.raises(Http404):
        comments.comment_hide(actor=moderator, comment=post, reason="не по теме")
    with pytest.raises(PermissionDenied):
        comments.comment_hide(actor=ws_member, comment=post, reason="не по теме")
    comments.comment_hide(actor=ws_admin, comment=post, reason="не по теме")
    post.refresh_from_db()
    assert post.is_hidden

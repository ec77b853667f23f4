"""Workspace pages through the HTTP client: creating, adding and removing members, leaving, threads,
documents; list pages whose number of queries does not grow with the data."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.workspaces import services
from mosty.workspaces.models import MemberRole, Membership, Thread, Workspace
from mosty.workspaces.tests.conftest import pdf_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


def test_a_coordinator_creates_a_workspace_and_adds_a_member(
    client: Client, ws_admin: User, outsider: User
) -> None:
    client.force_login(ws_admin)
    client.cookies["mosty_language"] = "en"
    response = client.post("/workspaces/new/", {"name": "Молодёжная политика", "description": "Обмен опытом"})
    workspace = Workspace.objects.get()
    assert response.url == f"/workspaces/{workspace.pk}/members/"
    response = client.post(
        f"/workspaces/{workspace.pk}/members/", {"email": outsider.email, "role": "member"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(workspace=workspace, user=outsider, role=MemberRole.MEMBER).exists()
    page = client.get(f"/workspaces/{workspace.pk}/members/").content.decode()
    assert outsider.display_name in page


def test_a_citizen_cannot_open_the_create_page(client: Client, citizen: User) -> None:
    client.force_login(citizen)
    assert client.get("/workspaces/new/").status_code == 403


def test_an_unknown_address_is_shown_on_the_form(
    client: Client, workspace: Workspace, ws_admin: User
) -> None:
    client.force_login(ws_admin)
    client.cookies["mosty_language"] = "en"
    response = client.post(
        f"/workspaces/{workspace.pk}/members/", {"email": "nobody@example.org", "role": "member"}
    )
    assert response.status_code == 200
    assert "No active account has" in response.content.decode()


def test_a_member_sees_no_admin_form_and_cannot_post_it(
    client: Client, workspace: Workspace, ws_member: User, outsider: User
) -> None:
    client.force_login(ws_member)
    page = client.get(f"/workspaces/{workspace.pk}/members/").content.decode()
    assert 'name="email"' not in page
    response = client.post(f"/workspaces/{workspace.pk}/members/", {"email": outsider.email, "role": "admin"})
    assert response.status_code == 403
    assert (
        client.post(f"/workspaces/{workspace.pk}/members/{outsider.pk}/role/", {"role": "admin"}).status_code
        == 403
    )


def test_the_last_admin_is_told_they_cannot_leave(
    client: Client, workspace: Workspace, ws_admin: User
) -> None:
    client.force_login(ws_admin)
    client.cookies["mosty_language"] = "en"
    response = client.post(f"/workspaces/{workspace.pk}/leave/", follow=True)
    assert "at least one group administrator" in response.content.decode()
    assert Membership.objects.filter(workspace=workspace, user=ws_admin).exists()


def test_a_member_leaves_and_no_longer_sees_it(client: Client, workspace: Workspace, ws_member: User) -> None:
    client.force_login(ws_member)
    assert client.post(f"/workspaces/{workspace.pk}/leave/").url == "/workspaces/"
    assert client.get(f"/workspaces/{workspace.pk}/").status_code == 404


def test_admin_changes_a_role_and_removes_a_member(
    client: Client, workspace: Workspace, ws_admin: User, ws_member: User
) -> None:
    client.force_login(ws_admin)
    client.post(f"/workspaces/{workspace.pk}/members/{ws_member.pk}/role/", {"role": "admin"})
    assert Membership.objects.get(workspace=workspace, user=ws_member).role == MemberRole.ADMIN
    client.post(f"/workspaces/{workspace.pk}/members/{ws_member.pk}/remove/")
    assert not Membership.objects.filter(workspace=workspace, user=ws_member).exists()


def test_a_member_starts_a_thread_and_uploads_a_document(
    client: Client, workspace: Workspace, ws_member: User
) -> None:
    client.force_login(ws_member)
    response = client.post(
        f"/workspaces/{workspace.pk}/threads/new/", {"title": "Летний лагерь", "body": "Кто участвует?"}
    )
    thread = Thread.objects.get()
    assert response.url == f"/workspaces/{workspace.pk}/threads/{thread.pk}/"
    assert "Кто участвует?" in client.get(response.url).content.decode()
    response = client.post(
        f"/workspaces/{workspace.pk}/documents/new/", {"title": "План", "file": pdf_file("plan.pdf")}
    )
    assert response.status_code == 302
    page = client.get(f"/workspaces/{workspace.pk}/").content.decode()
    assert "Летний лагерь" in page
    assert "План" in page


def _fill(workspace: Workspace, admin: User, n: int) -> None:
    for index in range(n):
        user = factories.UserFactory.create()
        services.member_add(actor=admin, workspace=workspace, email=user.email)
        services.thread_create(actor=user, workspace=workspace, title=f"Тема {index}", body="Текст")
        services.document_add(actor=user, workspace=workspace, file=pdf_file(f"d{index}.pdf"))


def _count(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_workspace_pages_make_the_same_number_of_queries_whatever_the_content(
    client: Client, workspace: Workspace, ws_admin: User, django_assert_num_queries: Any
) -> None:
    client.force_login(ws_admin)
    detail = reverse("workspaces:detail", args=[workspace.pk])
    _fill(workspace, ws_admin, 2)
    few = {url: _count(client, url) for url in (detail, "/workspaces/")}
    _fill(workspace, ws_admin, 8)
    for index in range(5):
        other = services.workspace_create(actor=ws_admin, name=f"Группа {index}")
        assert other.pk
    for url, count in few.items():
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200


def test_headings_are_translated(client: Client, workspace: Workspace, ws_admin: User) -> None:
    client.force_login(ws_admin)
    client.cookies["mosty_language"] = "en"
    assert "<h1>Workspaces</h1>" in client.get("/workspaces/").content.decode()


def test_staff_roles_other_than_commission_cannot_create(client: Client, moderator: User) -> None:
    assert moderator.role == Role.MODERATOR
    client.force_login(moderator)
    assert client.get("/workspaces/new/").status_code == 403


def test_a_thread_page_makes_the_same_number_of_queries_whatever_the_posts(
    client: Client, workspace: Workspace, thread: Thread, ws_admin: User, ws_member: User
) -> None:
    from mosty.comments import services as comments

    url = f"/workspaces/{workspace.pk}/threads/{thread.pk}/"
    client.force_login(ws_admin)
    comments.comment_create(author=ws_admin, kind="workspace_thread", target_id=thread.pk, body="Ответ")
    few = _count(client, url)
    for index in range(6):
        author = ws_member if index % 2 else ws_admin
        comments.comment_create(
            author=author, kind="workspace_thread", target_id=thread.pk, body=f"Пост {index}"
        )
    assert _count(client, url) == few

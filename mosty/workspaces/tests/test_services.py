"""Workspace services: who creates, adds, removes and leaves; the last administrator stays; threads,
documents and notifications reach members only; every change is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.comments.models import Comment
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry, Notification
from mosty.workspaces import services
from mosty.workspaces.models import MemberRole, Membership, Thread, Workspace, WorkspaceDocument
from mosty.workspaces.tests.conftest import pdf_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.COMMISSION, Role.ADMIN, Role.COORDINATOR])
def test_commission_admins_and_coordinators_create_workspaces_and_administer_them(
    role: str, region_ru
) -> None:
    creator = factories.UserFactory.create(role=role, region=region_ru if role == Role.COORDINATOR else None)
    workspace = services.workspace_create(actor=creator, name="Молодёжная политика")
    membership = Membership.objects.get(workspace=workspace)
    assert membership.user == creator
    assert membership.role == MemberRole.ADMIN
    assert AuditEntry.objects.filter(object_id=str(workspace.pk), action=AuditEntry.Action.CREATE).exists()


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.REPRESENTATIVE, Role.MODERATOR])
def test_other_roles_cannot_create_workspaces(role: str) -> None:
    user = factories.UserFactory.create(role=role)
    with pytest.raises(PermissionDenied):
        services.workspace_create(actor=user, name="Группа")
    assert not Workspace.objects.exists()


def test_admin_adds_an_existing_account_by_confirmed_email_and_it_is_told(
    workspace: Workspace, ws_admin: User, outsider: User
) -> None:
    membership = services.member_add(actor=ws_admin, workspace=workspace, email=outsider.email.upper())
    assert membership.user == outsider
    assert membership.role == MemberRole.MEMBER
    assert Notification.objects.filter(recipient=outsider, url=f"/workspaces/{workspace.pk}/").exists()


def test_an_unconfirmed_or_unknown_address_is_refused(workspace: Workspace, ws_admin: User) -> None:
    unconfirmed = factories.UserFactory.create(verified_email=False)
    for email in (unconfirmed.email, "nobody@example.org"):
        with translation.override("en"):
            with pytest.raises(ValidationError) as error:
                services.member_add(actor=ws_admin, workspace=workspace, email=email)
            assert "confirmed e-mail address" in str(error.value.message_dict["email"])
    assert workspace.memberships.count() == 2


def test_adding_a_member_twice_is_refused(workspace: Workspace, ws_admin: User, ws_member: User) -> None:
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            services.member_add(actor=ws_admin, workspace=workspace, email=ws_member.email)
        assert "already a member" in str(error.value.message_dict["email"])


def test_a_plain_member_cannot_add_or_remove(workspace: Workspace, ws_member: User, ws_admin: User) -> None:
    newcomer = factories.UserFactory.create()
    with pytest.raises(PermissionDenied):
        services.member_add(actor=ws_member, workspace=workspace, email=newcomer.email)
    with pytest.raises(PermissionDenied):
        services.member_remove(actor=ws_member, workspace=workspace, user=ws_admin)


def test_staff_outside_the_group_cannot_administer_it(workspace: Workspace, commission_member: User) -> None:
    with pytest.raises(Http404):
        services.member_add(actor=commission_member, workspace=workspace, email=commission_member.email)


def test_admin_removes_a_member_with_an_audit_row(
    workspace: Workspace, ws_admin: User, ws_member: User
) -> None:
    services.member_remove(actor=ws_admin, workspace=workspace, user=ws_member)
    assert not Membership.objects.filter(workspace=workspace, user=ws_member).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, actor=ws_admin).exists()


def test_the_last_admin_cannot_leave_nor_be_removed_nor_demoted(
    workspace: Workspace, ws_admin: User, ws_member: User
) -> None:
    with translation.override("en"):
        with pytest.raises(ApplicationError) as error:
            services.workspace_leave(actor=ws_admin, workspace=workspace)
        assert "at least one group administrator" in error.value.message
        with pytest.raises(ApplicationError):
            services.member_remove(actor=ws_admin, workspace=workspace, user=ws_admin)
        with pytest.raises(ApplicationError):
            services.member_set_role(
                actor=ws_admin, workspace=workspace, user=ws_admin, role=MemberRole.MEMBER
            )
    services.member_set_role(actor=ws_admin, workspace=workspace, user=ws_member, role=MemberRole.ADMIN)
    services.workspace_leave(actor=ws_admin, workspace=workspace)
    assert list(workspace.memberships.values_list("user", flat=True)) == [ws_member.pk]


def test_a_member_leaves(workspace: Workspace, ws_member: User) -> None:
    services.workspace_leave(actor=ws_member, workspace=workspace)
    assert not Membership.objects.filter(workspace=workspace, user=ws_member).exists()


def test_a_thread_starts_with_its_first_post_as_a_comment_and_members_only_are_told(
    workspace: Workspace, ws_admin: User, ws_member: User, outsider: User
) -> None:
    thread = services.thread_create(actor=ws_member, workspace=workspace, title="Дороги", body="Первый пост")
    post = Comment.objects.get(kind="workspace_thread", target_id=thread.pk)
    assert post.author == ws_member
    assert post.body == "Первый пост"
    told = set(Notification.objects.values_list("recipient", flat=True))
    assert ws_admin.pk in told
    assert outsider.pk not in told


def test_outsiders_cannot_start_threads_or_upload(workspace: Workspace, outsider: User) -> None:
    with pytest.raises(Http404):
        services.thread_create(actor=outsider, workspace=workspace, title="x", body="y")
    with pytest.raises(Http404):
        services.document_add(actor=outsider, workspace=workspace, file=pdf_file())
    assert not Thread.objects.exists()
    assert not WorkspaceDocument.objects.exists()


def test_a_thread_without_title_or_first_post_is_refused(workspace: Workspace, ws_member: User) -> None:
    with pytest.raises(ValidationError):
        services.thread_create(actor=ws_member, workspace=workspace, title="<b></b>", body="text")
    with pytest.raises(ValidationError):
        services.thread_create(actor=ws_member, workspace=workspace, title="Title", body="  ")
    assert not Thread.objects.exists()


def test_a_document_is_checked_and_members_only_are_told(
    workspace: Workspace, ws_admin: User, ws_member: User, outsider: User
) -> None:
    document = services.document_add(actor=ws_member, workspace=workspace, file=pdf_file(), title="")
    assert document.title == "protocol.pdf"
    assert document.content_type == "application/pdf"
    assert set(
        Notification.objects.filter(url__contains="#documents").values_list("recipient", flat=True)
    ) == {ws_admin.pk}
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.document_add(actor=ws_member, workspace=workspace, file=fake)
    assert "file" in error.value.message_dict


def test_markup_in_names_is_inert(ws_admin: User) -> None:
    workspace = services.workspace_create(actor=ws_admin, name="<script>alert(1)</script>Группа")
    assert workspace.name == "Группа"

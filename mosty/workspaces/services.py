"""Every change of a workspace: permission, validation, the write and its audit row, in one transaction.

Members join by being added by a group administrator, who names an existing account by its confirmed
e-mail address; the new member is told by a notification and may leave at any time. We chose a direct
add over an invitation with accept/decline: the members are officials who already have accounts, an
administrator adds only people they work with, and a pending invitation would be one more state that
can leak the group's existence to someone outside it (an invitation to a wrong address). Nobody can
join by themself.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import User
from mosty.core.audit import record, snapshot
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.core.notifications import notify, recipient_language
from mosty.core.uploads import check_upload
from mosty.lib.sanitize import plain_text
from mosty.workspaces import access
from mosty.workspaces.models import MemberRole, Membership, Thread, Workspace, WorkspaceDocument

MAY_NOT_CREATE = _("Workspaces are created by the commission, administrators and regional coordinators.")
NAME_REQUIRED = _("Give the workspace a name.")
TITLE_REQUIRED = _("Give the thread a title.")
FIRST_POST_REQUIRED = _("Write the first post of the thread.")
NO_SUCH_ACCOUNT = _(
    "No active account has “%(email)s” as its confirmed e-mail address. Ask the person to sign up and "
    "confirm their address first."
)
ALREADY_MEMBER = _("%(name)s is already a member of this workspace.")
LAST_ADMIN = _(
    "A workspace needs at least one group administrator: make another member an administrator first."
)
THREAD_KIND = "workspace_thread"

NOT_A_MEMBER = _("This person is not a member of this workspace.")
# Translated per recipient, in their language, when the notification is written.
NEW_DOCUMENT = gettext_noop("A new document in the workspace “%(workspace)s”")


def _members_except(workspace: Workspace, user: Any) -> list[User]:
    return list(
        User.objects.filter(workspace_memberships__workspace=workspace, is_active=True).exclude(pk=user.pk)
    )


def _tell_members(workspace: Workspace, actor: Any, title: str, url: str) -> None:
    """A notification to every other member: workspace content is told to members only."""
    for member in _members_except(workspace, actor):
        with recipient_language(member):
            notify(recipient=member, title=gettext(title) % {"workspace": workspace.name}, url=url)


@transaction.atomic
def workspace_create(*, actor: User, name: str, description: str = "") -> Workspace:
    """A new workspace whose creator is its first group administrator."""
    if not access.may_create(actor):
        raise PermissionDenied(MAY_NOT_CREATE)
    workspace = Workspace(name=plain_text(name), description=plain_text(description), created_by=actor)
    if not workspace.name:
        raise ValidationError({"name": ValidationError(NAME_REQUIRED, code="required")})
    workspace.full_clean()
    workspace.save()
    record(actor=actor, instance=workspace, action=AuditEntry.Action.CREATE)
    membership = Membership.objects.create(workspace=workspace, user=actor, role=MemberRole.ADMIN)
    record(actor=actor, instance=membership, action=AuditEntry.Action.CREATE)
    return workspace


@transaction.atomic
def workspace_update(*, actor: User, workspace: Workspace, name: str, description: str) -> Workspace:
    access.workspace_for_user(actor, workspace.pk, action="administer")
    before = snapshot(workspace)
    workspace.name = plain_text(name)
    workspace.description = plain_text(description)
    if not workspace.name:
        raise ValidationError({"name": ValidationError(NAME_REQUIRED, code="required")})
    workspace.full_clean()
    workspace.save(update_fields=["name", "description"])
    record(actor=actor, instance=workspace, action=AuditEntry.Action.UPDATE, before=before)
    return workspace


@transaction.atomic
def member_add(*, actor: User, workspace: Workspace, email: str, role: str = MemberRole.MEMBER) -> Membership:
    """Add the account whose confirmed e-mail address is `email`; the new member is notified."""
    access.workspace_for_user(actor, workspace.pk, action="administer")
    address = (
        EmailAddress.objects.filter(email__iexact=email.strip(), verified=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if address is None:
        raise ValidationError(
            {"email": ValidationError(NO_SUCH_ACCOUNT, code="no_such_account", params={"email": email})}
        )
    user = address.user
    if Membership.objects.filter(workspace=workspace, user=user).exists():
        raise ValidationError(
            {
                "email": ValidationError(
                    ALREADY_MEMBER, code="already_member", params={"name": user.display_name}
                )
            }
        )
    membership = Membership(workspace=workspace, user=user, role=role)
    membership.full_clean()
    membership.save()
    record(actor=actor, instance=membership, action=AuditEntry.Action.CREATE)
    with recipient_language(user):
        notify(
            recipient=user,
            title=gettext("You have been added to the workspace “%(workspace)s”")
            % {"workspace": workspace.name},
            body=gettext("%(name)s added you. Only the members see what the workspace holds.")
            % {"name": actor.display_name},
            url=reverse("workspaces:detail", args=[workspace.pk]),
        )
    return membership


def _lock_admins(workspace: Workspace) -> list[Membership]:
    # Two administrators leaving (or demoting each other) at the same moment must not both succeed
    # and leave the workspace without one: the admin rows are locked until the change commits.
    admins = Membership.objects.select_for_update().filter(workspace=workspace, role=MemberRole.ADMIN)
    return list(admins.order_by("pk"))


def _check_not_last_admin(workspace: Workspace, membership: Membership) -> None:
    admins = _lock_admins(workspace)
    if membership.role == MemberRole.ADMIN and [m.pk for m in admins] == [membership.pk]:
        raise ApplicationError(str(LAST_ADMIN), code="last_admin", status=409)


@transaction.atomic
def member_remove(*, actor: User, workspace: Workspace, user: User) -> None:
    """Remove a member (a group administrator's action); never the last administrator."""
    access.workspace_for_user(actor, workspace.pk, action="administer")
    membership = Membership.objects.filter(workspace=workspace, user=user).first()
    if membership is None:
        raise ApplicationError(str(NOT_A_MEMBER), code="not_a_member", status=404)
    _check_not_last_admin(workspace, membership)
    record(actor=actor, instance=membership, action=AuditEntry.Action.DELETE)
    membership.delete()


@transaction.atomic
def member_set_role(*, actor: User, workspace: Workspace, user: User, role: str) -> Membership:
    access.workspace_for_user(actor, workspace.pk, action="administer")
    membership = Membership.objects.filter(workspace=workspace, user=user).first()
    if membership is None:
        raise ApplicationError(str(NOT_A_MEMBER), code="not_a_member", status=404)
    if role != MemberRole.ADMIN:
        _check_not_last_admin(workspace, membership)
    before = snapshot(membership)
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    record(actor=actor, instance=membership, action=AuditEntry.Action.UPDATE, before=before)
    return membership


@transaction.atomic
def workspace_leave(*, actor: User, workspace: Workspace) -> None:
    """The member leaves; the last group administrator cannot."""
    access.workspace_for_user(actor, workspace.pk)
    membership = Membership.objects.get(workspace=workspace, user=actor)
    _check_not_last_admin(workspace, membership)
    record(actor=actor, instance=membership, action=AuditEntry.Action.DELETE)
    membership.delete()


@transaction.atomic
def thread_create(*, actor: User, workspace: Workspace, title: str, body: str) -> Thread:
    """A thread with its first post (a comment of kind "workspace_thread"); the other members are told."""
    from mosty.comments.services import comment_create

    access.workspace_for_user(actor, workspace.pk)
    thread = Thread(workspace=workspace, title=plain_text(title), created_by=actor)
    if not thread.title:
        raise ValidationError({"title": ValidationError(TITLE_REQUIRED, code="required")})
    if not body.strip():
        raise ValidationError({"body": ValidationError(FIRST_POST_REQUIRED, code="required")})
    thread.full_clean()
    thread.save()
    record(actor=actor, instance=thread, action=AuditEntry.Action.CREATE)
    # The first post goes through the comments' own service: the same rules (confirmed e-mail, rate
    # limit, safe Markdown, length) as every other post; any refusal undoes the thread too.
    comment_create(author=actor, kind=THREAD_KIND, target_id=thread.pk, body=body)
    return thread


@transaction.atomic
def document_add(
    *, actor: User, workspace: Workspace, file: UploadedFile, title: str = ""
) -> WorkspaceDocument:
    access.workspace_for_user(actor, workspace.pk)
    try:
        checked = check_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error}) from None
    document = WorkspaceDocument(
        workspace=workspace,
        title=plain_text(title) or checked.name,
        file=file,
        original_name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    document.save()
    record(actor=actor, instance=document, action=AuditEntry.Action.CREATE)
    _tell_members(
        workspace,
        actor,
        NEW_DOCUMENT,
        reverse("workspaces:detail", args=[workspace.pk]) + "#documents",
    )
    return document

"""Workspaces in the JSON API (mounted at /api/v1/ by mosty.api): only the token user's own
workspaces; any other id answers 404, as on the pages."""

# No `from __future__ import annotations` here: django-ninja resolves the annotations at import.

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.workspaces import access, selectors
from mosty.workspaces.models import Membership, Workspace, WorkspaceDocument

router = Router(tags=["workspaces"])

MAX_ID = 2**63 - 1


class WorkspaceOut(Schema):
    id: int
    name: str
    description: str
    members: int = Field(description="The number of members")
    created_at: datetime.datetime

    @staticmethod
    def resolve_members(obj: Workspace) -> int:
        return int(getattr(obj, "member_count", 0) or 0)


class MemberOut(Schema):
    name: str
    role: str = Field(description="admin (group administrator) or member")

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return str(obj.user.display_name)


class ThreadOut(Schema):
    id: int
    title: str
    created_at: datetime.datetime


class DocumentOut(Schema):
    id: int
    title: str
    file_name: str
    size: int
    uploaded_at: datetime.datetime

    @staticmethod
    def resolve_file_name(obj: WorkspaceDocument) -> str:
        return obj.original_name


class WorkspaceDetailOut(WorkspaceOut):
    member_list: list[MemberOut]
    threads: list[ThreadOut] = Field(alias="thread_list", description="The 100 newest threads")
    documents: list[DocumentOut] = Field(alias="document_list", description="The 100 newest documents")


@router.get("workspaces", response=list[WorkspaceOut])
@paginate(PageNumberPagination, page_size=50)
def workspace_list(request: HttpRequest) -> QuerySet[Workspace]:
    """The workspaces (closed groups of authorities) the token's user is a member of;
    empty without a token."""
    return selectors.workspace_list(request.user)


@router.get("workspaces/{id}", response=WorkspaceDetailOut)
def workspace_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Workspace:
    """One of the user's workspaces with its members, threads and documents."""
    workspace = access.workspace_for_user(request.user, id)
    shown = selectors.workspace_list(request.user).get(pk=workspace.pk)
    shown.member_list = list(selectors.members_of(workspace))  # type: ignore[attr-defined]
    shown.thread_list = list(selectors.threads_of(workspace)[:100])  # type: ignore[attr-defined]
    shown.document_list = list(selectors.documents_of(workspace)[:100])  # type: ignore[attr-defined]
    return shown

"""Reading workspaces: always through `access.visible_workspaces(user)` or an object the access module
returned, so nothing here can show a workspace's content to someone outside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from mosty.workspaces.access import member_workspace_ids, visible_workspaces
from mosty.workspaces.models import Membership, Thread, Workspace, WorkspaceDocument


def workspace_list(user: Any) -> QuerySet[Workspace]:
    """The user's workspaces with their member count (one query whatever the number)."""
    return (
        visible_workspaces(user)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name", "id")
    )


def members_of(workspace: Workspace) -> QuerySet[Membership]:
    return workspace.memberships.select_related("user").order_by("-role", "user__last_name", "user__pk")


def threads_of(workspace: Workspace) -> QuerySet[Thread]:
    return workspace.threads.select_related("created_by").order_by("-created_at", "-id")


def documents_of(workspace: Workspace) -> QuerySet[WorkspaceDocument]:
    return workspace.documents.select_related("uploaded_by").order_by("-uploaded_at", "-id")


def events_of(user: Any, workspace: Workspace) -> list[Any]:
    """The workspace's own events, through the events app's own visibility rule."""
    from mosty.events.access import visible_events
    from mosty.events.models import Event

    own = visible_events(user, Event.objects.filter(workspace=workspace))
    return list(own.order_by("-start_date", "-id")[:50])


def with_comment_counts(threads: list[Thread]) -> list[Thread]:
    """Each thread with `.post_count`: its comments, counted in one query for all."""
    from mosty.comments.selectors import comment_counts

    counts = comment_counts("workspace_thread", [thread.pk for thread in threads])
    for thread in threads:
        thread.post_count = counts.get(thread.pk, 0)  # type: ignore[attr-defined]
    return threads


@dataclass(frozen=True)
class SearchResults:
    threads: list[Thread]
    documents: list[WorkspaceDocument]


SEARCH_LIMIT = 50


def search(user: Any, query: str) -> SearchResults:
    """Threads and documents whose title contains the words, in the user's own workspaces only."""
    words = query.split()[:10]
    if not words:
        return SearchResults([], [])
    own = member_workspace_ids(user)
    thread_q = Q(workspace_id__in=own)
    document_q = Q(workspace_id__in=own)
    for word in words:
        thread_q &= Q(title__icontains=word)
        document_q &= Q(title__icontains=word) | Q(original_name__icontains=word)
    threads = list(Thread.objects.filter(thread_q).select_related("workspace")[:SEARCH_LIMIT])
    documents = list(WorkspaceDocument.objects.filter(document_q).select_related("workspace")[:SEARCH_LIMIT])
    return SearchResults(threads, documents)

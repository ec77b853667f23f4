"""Reading comments: a target's comments, counts for lists, the moderation queue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from mosty.accounts.access import is_active_user
from mosty.comments import access
from mosty.comments.models import Comment, CommentReport
from mosty.comments.registry import may_moderate_everywhere, registered_kinds, target_kind

# Top-level comments shown on one page of a section, each with all its replies.
PAGE_SIZE = 20


def _top_level(kind: str, target_id: int) -> QuerySet[Comment]:
    replies = Comment.objects.select_related("author").order_by("created_at", "pk")
    return (
        Comment.objects.filter(kind=kind, target_id=target_id, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )


def _thread(kind: str, target_id: int) -> list[Comment]:
    """Top-level comments with `.replies` prefetched (authors joined), oldest first: two queries."""
    return list(_top_level(kind, target_id))


@dataclass
class ThreadPage:
    """One page of a target's top-level comments (oldest first), each with `.replies` prefetched.
    `visible` counts the target's comments that are not hidden, replies included, on every page."""

    comments: list[Comment]
    number: int
    num_pages: int
    top_level: int
    visible: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def _page_number(page: int | str | None) -> int:
    try:
        return max(int(page or 1), 1)
    except (TypeError, ValueError):
        return 1


def thread_page(kind: str, target_id: int, page: int | str | None = None) -> ThreadPage:
    """A page of the thread in three queries whatever the number of comments: the counts, the
    top-level comments of the page with their authors, their replies with theirs. A page past the
    last gives the last one; a page that is not a number gives the first."""
    totals = Comment.objects.filter(kind=kind, target_id=target_id).aggregate(
        top_level=Count("pk", filter=Q(parent__isnull=True)),
        visible=Count("pk", filter=Q(is_hidden=False)),
    )
    top_level, visible = totals["top_level"] or 0, totals["visible"] or 0
    num_pages = max((top_level + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    number = min(_page_number(page), num_pages)
    start = (number - 1) * PAGE_SIZE
    # The page's ids first, from the index alone (comments_thread_idx), then their rows: a late page
    # of a long thread skips its earlier comments in the index instead of reading and sorting them.
    ids = (
        Comment.objects.filter(kind=kind, target_id=target_id, parent__isnull=True)
        .order_by("created_at", "pk")
        .values("pk")[start : start + PAGE_SIZE]
    )
    comments = list(_top_level(kind, target_id).filter(pk__in=ids)) if top_level else []
    return ThreadPage(
        comments=comments, number=number, num_pages=num_pages, top_level=top_level, visible=visible
    )


def page_of(comment: Comment) -> int:
    """The page of its section that shows the comment (a reply is on its parent's page): one query,
    and one more for a reply whose parent is not loaded."""
    top = comment.parent if comment.parent_id is not None and comment.parent is not None else comment
    before = (
        Comment.objects.filter(kind=comment.kind, target_id=comment.target_id, parent__isnull=True)
        .filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, pk__lt=top.pk))
        .count()
    )
    return before // PAGE_SIZE + 1


def comments_for(*, user: Any, kind: str, target_id: int, page: int | str | None = None) -> list[Comment]:
    """The comments of a target the user may see (Http404 otherwise): top-level ones oldest first,
    each with `.replies` prefetched (`comment.replies.all()` makes no query). Hidden comments are
    included; pages show their reason in place of their text (see context.py). With `page`, only
    that page's top-level comments (PAGE_SIZE of them, see `thread_page`)."""
    target_kind(kind).get(user, target_id)
    if page is None:
        return _thread(kind, target_id)
    return thread_page(kind, target_id, page).comments


def comment_counts(kind: str, target_ids: Iterable[int]) -> dict[int, int]:
    """Visible (not hidden) comments, replies included, per target; 0 for targets without any.
    One query. The caller passes only ids of targets the user may see."""
    ids = list(dict.fromkeys(int(pk) for pk in target_ids))
    counts = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    rows = (
        Comment.objects.filter(kind=kind, target_id__in=ids, is_hidden=False)
        .values_list("target_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for target_id, n in rows:
        counts[int(target_id)] = n
    return counts


def _moderated_filter(user: Any, candidates: QuerySet[Comment]) -> Q | None:
    """Which of the candidate comments' targets `user` may moderate, as a filter; None for none."""
    condition: Q | None = None
    for kind in registered_kinds():
        if kind.private:
            assert kind.visible_ids is not None
            target_ids: set[int] | None = {int(pk) for pk in kind.visible_ids(user)}
        else:
            target_ids = None  # every target of the kind is a candidate
        if may_moderate_everywhere(kind):
            if not access.may_moderate(user, kind, None):
                continue
            allowed = Q(kind=kind.kind) if target_ids is None else Q(kind=kind.kind, target_id__in=target_ids)
        else:
            # The kind decides target by target: ask it for each target that has open reports.
            reported = candidates.filter(kind=kind.kind)
            if target_ids is not None:
                reported = reported.filter(target_id__in=target_ids)
            allowed_ids = []
            for target_id in set(reported.values_list("target_id", flat=True)):
                try:
                    target = kind.get(user, target_id)
                except Http404:  # not theirs to see, so not theirs to moderate
                    continue
                if access.may_moderate(user, kind, target):
                    allowed_ids.append(target_id)
            if not allowed_ids:
                continue
            allowed = Q(kind=kind.kind, target_id__in=allowed_ids)
        condition = allowed if condition is None else condition | allowed
    return condition


def moderation_queue(user: Any) -> QuerySet[Comment]:
    """Comments with reports not yet handled, on targets `user` may moderate (private kinds only
    among the targets `visible_ids` gives them), most reported first. Each has `open_report_count`
    and `open_reports` (with reporters) prefetched."""
    if not is_active_user(user):
        return Comment.objects.none()
    open_reports = Q(reports__handled_at__isnull=True)
    candidates = Comment.objects.filter(open_reports).distinct()
    condition = _moderated_filter(user, candidates)
    if condition is None:
        return Comment.objects.none()
    reports = CommentReport.objects.filter(handled_at__isnull=True).select_related("reporter")
    return (
        Comment.objects.filter(condition)
        .annotate(open_report_count=Count("reports", filter=open_reports))
        .filter(open_report_count__gt=0)
        .select_related("author")
        .prefetch_related(Prefetch("reports", queryset=reports, to_attr="open_reports"))
        .order_by("-open_report_count", "created_at", "pk")
    )

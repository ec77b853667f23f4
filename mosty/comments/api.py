"""A target's comments in the JSON API (to be mounted at /api/v1/ by mosty.api): the same access as
the pages — the target's kind decides who may see it (404 otherwise), so comments on private targets
reach only their members. Hidden comments carry the moderator's reason instead of their text."""

# No `from __future__ import annotations` here: django-ninja resolves the annotations at import.

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.comments.models import Comment
from mosty.comments.registry import target_kind

router = Router(tags=["comments"])

MAX_ID = 2**63 - 1


class ReplyOut(Schema):
    id: int
    author: str = Field(description="The author's display name")
    official: bool = Field(description="Written for the body responsible for the target")
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    hidden: bool
    hidden_reason: str = Field(description="Why a moderator hid the comment; empty when shown")
    text: str | None = Field(description="The Markdown as written; null when hidden")
    html: str | None = Field(description="The sanitised HTML rendered from it; null when hidden")

    @staticmethod
    def resolve_author(obj: Comment) -> str:
        return str(obj.author.display_name)

    @staticmethod
    def resolve_official(obj: Comment) -> bool:
        return obj.is_official

    @staticmethod
    def resolve_hidden(obj: Comment) -> bool:
        return obj.is_hidden

    @staticmethod
    def resolve_text(obj: Comment) -> str | None:
        return None if obj.is_hidden else obj.body

    @staticmethod
    def resolve_html(obj: Comment) -> str | None:
        return None if obj.is_hidden else obj.body_html


class CommentOut(ReplyOut):
    proposed_text: str | None = Field(description="A proposed new wording (consultations); null when hidden")
    supported_by: int = Field(description="How many people support the comment (consultations)")
    replies: list[ReplyOut]

    @staticmethod
    def resolve_proposed_text(obj: Comment) -> str | None:
        return None if obj.is_hidden else obj.proposed_text

    @staticmethod
    def resolve_supported_by(obj: Comment) -> int:
        return obj.support_count

    @staticmethod
    def resolve_replies(obj: Comment) -> list[Comment]:
        return list(obj.replies.all())


@router.get("comments/{kind}/{target_id}", response=list[CommentOut])
@paginate(PageNumberPagination, page_size=50)
def comment_list(
    request: HttpRequest,
    kind: str = Path(..., max_length=40, description="event, initiative, consultation_paragraph, …"),
    target_id: int = Path(..., ge=1, le=MAX_ID),
) -> QuerySet[Comment]:
    """The comments on one target, oldest first, each with its replies; 404 for a target the user may
    not see (the same answer as for one that does not exist)."""
    target_kind(kind).get(request.user, target_id)
    replies = Comment.objects.select_related("author").order_by("created_at", "pk")
    return (
        Comment.objects.filter(kind=kind, target_id=target_id, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )

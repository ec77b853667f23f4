"""Who may do what with comments: the one place the rules live.

Every answer starts from the target: `TargetKind.get(user, target_id)` says whether the user may
see it (Http404 otherwise, the same for missing and forbidden), and a comment is visible exactly
when its target is.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.accounts.access import has_confirmed_email, is_active_user
from mosty.comments.models import Comment
from mosty.comments.registry import TargetKind, target_kind

SIGN_IN = _("Sign in to comment.")
CONFIRM_EMAIL = _("Confirm your e-mail address to comment.")


def edit_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.MOSTY_COMMENT_EDIT_MINUTES)


def may_see(user: Any, kind: TargetKind, target_id: int) -> bool:
    """Whether `user` may see the target (for re-checking recipients of notifications)."""
    try:
        kind.get(user, target_id)
    except Http404:
        return False
    return True


def comment_refusal(user: Any, kind: TargetKind, target: Any) -> str | None:
    """None when `user` may write on `target`, else the translated reason."""
    if not is_active_user(user):
        return str(SIGN_IN)
    if not has_confirmed_email(user):
        return str(CONFIRM_EMAIL)
    refusal = kind.may_comment(user, target)
    return str(refusal) if refusal else None


def comment_for_user(user: Any, pk: int) -> tuple[Comment, Any]:
    """The comment and its target when `user` may see the target; Http404 otherwise."""
    comment = Comment.objects.select_related("author", "parent").filter(pk=pk).first()
    if comment is None:
        raise Http404
    target = target_kind(comment.kind).get(user, comment.target_id)
    return comment, target


def may_edit(user: Any, comment: Comment, *, now: datetime.datetime | None = None) -> bool:
    """The author, within the edit window, of a comment not hidden."""
    now = now or timezone.now()
    return (
        is_active_user(user)
        and comment.author_id == user.pk
        and not comment.is_hidden
        and now - comment.created_at <= edit_window()
    )


def may_moderate(user: Any, kind: TargetKind, target: Any) -> bool:
    return is_active_user(user) and bool(kind.may_moderate(user, target))


def sees_text(user: Any, comment: Comment, *, moderator: bool) -> bool:
    """A hidden comment's text is shown to its author and to those who may moderate it."""
    return not comment.is_hidden or moderator or (is_active_user(user) and comment.author_id == user.pk)

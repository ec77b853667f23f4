"""Every change of a comment: the access check, validation, the write and its audit row, atomically.

Each service reaches the target through its kind's `get` (Http404 for targets the actor may not
see) before anything else, so a service called by a view, an API or a script applies the same rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mosty.accounts.access import is_active_user
from mosty.accounts.models import User
from mosty.comments import access
from mosty.comments.markup import render_markdown
from mosty.comments.models import (
    BODY_MAX_LENGTH,
    PROPOSAL_MAX_LENGTH,
    REASON_MAX_LENGTH,
    Comment,
    CommentReport,
    CommentSupport,
)
from mosty.comments.registry import TargetKind, target_kind
from mosty.comments.selectors import page_of
from mosty.core.audit import record, snapshot
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.core.notifications import notify, recipient_language
from mosty.lib.sanitize import plain_text

EMPTY = _("Write a comment.")
EMPTY_OR_PROPOSAL = _("Write a comment or propose a wording.")
BODY_TOO_LONG = _("A comment may be at most 5,000 characters long.")
PROPOSAL_TOO_LONG = _("A proposed wording may be at most 5,000 characters long.")
NO_PROPOSALS = _("Wordings are not proposed here.")
NO_PROPOSAL_IN_REPLY = _("A wording is proposed in a comment of its own, not in a reply.")
PARENT_ELSEWHERE = _("The comment you reply to is not on this page.")
REPLY_TO_HIDDEN = _("A hidden comment cannot be answered.")
RATE_LIMITED = _("You have written many comments in the last minutes. Wait a little and try again.")
NOT_AUTHOR = _("Only the author edits a comment.")
EDIT_WINDOW_OVER = _("A comment can be edited only in the first minutes after it is written.")
EDIT_HIDDEN = _("A hidden comment cannot be edited.")
REASON_REQUIRED = _("Give the reason.")
REASON_TOO_LONG = _("A reason may be at most 1,000 characters long.")
REPORT_OWN = _("You cannot report your own comment.")
ALREADY_REPORTED = _("You have already reported this comment.")
ALREADY_HIDDEN = _("This comment is already hidden.")
NOT_HIDDEN = _("This comment is not hidden.")
MAY_NOT_MODERATE = _("You may not moderate comments here.")
NO_SUPPORT = _("Comments are not supported here.")
SUPPORT_OWN = _("You cannot support your own comment.")
SUPPORT_HIDDEN = _("A hidden comment cannot be supported.")
ALREADY_SUPPORTED = _("You already support this comment.")
NOT_SUPPORTED = _("You do not support this comment.")
MAY_NOT_REPORT = _("Sign in with a confirmed e-mail address to report a comment.")

# The length of a comment quoted in a notification.
EXCERPT_WORDS = 40


def rate_limit() -> int:
    return int(settings.MOSTY_COMMENT_RATE)


RATE_PERIOD = datetime.timedelta(minutes=10)


def _refuse(message: Any, *, code: str = "refused", status: int = 400) -> ApplicationError:
    return ApplicationError(str(message), code=code, status=status)


def _check_may_comment(user: Any, kind: TargetKind, target: Any) -> None:
    refusal = access.comment_refusal(user, kind, target)
    if refusal:
        raise PermissionDenied(refusal)


def _clean_body(body: str, proposed_text: str) -> tuple[str, str]:
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    proposed = plain_text(proposed_text or "")
    errors: dict[str, list[str]] = {}
    if len(body) > BODY_MAX_LENGTH:
        errors["body"] = [str(BODY_TOO_LONG)]
    if len(proposed) > PROPOSAL_MAX_LENGTH:
        errors["proposed_text"] = [str(PROPOSAL_TOO_LONG)]
    if errors:
        raise ValidationError(errors)
    return body, proposed


def _clean_reason(reason: str) -> str:
    reason = plain_text(reason or "")
    if not reason:
        raise ValidationError({"reason": [str(REASON_REQUIRED)]})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": [str(REASON_TOO_LONG)]})
    return reason


def _check_rate(author: User, now: datetime.datetime) -> None:
    """At most MOSTY_COMMENT_RATE comments per ten minutes, counted in the database. The author's
    row is locked first, so two requests of one author (in two processes) count one after the other."""
    list(User.objects.select_for_update().filter(pk=author.pk).values_list("pk", flat=True))
    recent = Comment.objects.filter(author=author, created_at__gt=now - RATE_PERIOD).count()
    if recent >= rate_limit():
        raise _refuse(RATE_LIMITED, code="rate_limited", status=429)


def comment_url(kind: TargetKind, target: Any, comment: Comment) -> str:
    """The comment on the target's page, on the page of comments that shows it (see selectors.page_of)."""
    url = kind.url(target)
    page = page_of(comment)
    if page > 1:
        url = f"{url}{'&' if '?' in url else '?'}{urlencode({'comments': page})}"
    return f"{url}#comment-{comment.pk}"


def _excerpt(comment: Comment) -> str:
    text = plain_text(comment.body) or comment.proposed_text
    return Truncator(text).words(EXCERPT_WORDS)


def _tell(
    recipients: Iterable[Any], *, writer: Any, kind: TargetKind, target: Any, comment: Comment, title: Any
) -> None:
    """Notify each recipient once, never the writer, and only those who may see the target."""
    seen: set[int] = {writer.pk} if writer is not None else set()
    url = comment_url(kind, target, comment)
    for recipient in recipients:
        if recipient is None or recipient.pk in seen or not is_active_user(recipient):
            continue
        seen.add(recipient.pk)
        if not access.may_see(recipient, kind, comment.target_id):
            continue
        with recipient_language(recipient):
            notify(
                recipient=recipient,
                title=str(title) % {"name": comment.author.display_name},
                body=_excerpt(comment),
                url=url,
            )


@transaction.atomic
def comment_create(
    *,
    author: User,
    kind: str,
    target_id: int,
    body: str,
    parent: Comment | None = None,
    proposed_text: str = "",
    now: datetime.datetime | None = None,
) -> Comment:
    """A new comment on a target, or a reply (attached to the top-level comment of `parent`)."""
    target_kind_ = target_kind(kind)
    target = target_kind_.get(author, target_id)
    _check_may_comment(author, target_kind_, target)
    body, proposed = _clean_body(body, proposed_text)
    if parent is not None:
        if parent.kind != kind or parent.target_id != target_id:
            raise ValidationError({"parent": [str(PARENT_ELSEWHERE)]})
        if parent.parent_id is not None:
            parent = parent.parent
            assert parent is not None
        if parent.is_hidden:
            raise _refuse(REPLY_TO_HIDDEN)
    if proposed:
        if not target_kind_.allow_proposals:
            raise ValidationError({"proposed_text": [str(NO_PROPOSALS)]})
        if parent is not None:
            raise ValidationError({"proposed_text": [str(NO_PROPOSAL_IN_REPLY)]})
    if not body and not proposed:
        message = EMPTY_OR_PROPOSAL if target_kind_.allow_proposals and parent is None else EMPTY
        raise ValidationError({"body": [str(message)]})
    now = now or timezone.now()
    _check_rate(author, now)
    comment = Comment(
        kind=kind,
        target_id=target_id,
        parent=parent,
        author=author,
        body=body,
        body_html=render_markdown(body),
        proposed_text=proposed,
        is_official=bool(target_kind_.is_official(author, target)),
        created_at=now,
    )
    comment.full_clean()
    comment.save()
    record(actor=author, instance=comment, action=AuditEntry.Action.CREATE)
    if parent is not None:
        _tell(
            [parent.author],
            writer=author,
            kind=target_kind_,
            target=target,
            comment=comment,
            title=_("%(name)s replied to your comment"),
        )
    elif target_kind_.audience is not None:
        _tell(
            target_kind_.audience(target),
            writer=author,
            kind=target_kind_,
            target=target,
            comment=comment,
            title=_("New comment by %(name)s"),
        )
    return comment


def _lock(comment: Comment) -> None:
    """Lock the row and reload it, so two moderators or an edit and a hiding do not cross."""
    list(Comment.objects.select_for_update().filter(pk=comment.pk).values_list("pk", flat=True))
    comment.refresh_from_db()


@transaction.atomic
def comment_edit(
    *,
    actor: User,
    comment: Comment,
    body: str,
    proposed_text: str | None = None,
    now: datetime.datetime | None = None,
) -> Comment:
    """The author's correction within MOSTY_COMMENT_EDIT_MINUTES; the comment is marked edited."""
    kind = target_kind(comment.kind)
    target = kind.get(actor, comment.target_id)
    _lock(comment)
    if not is_active_user(actor) or comment.author_id != actor.pk:
        raise PermissionDenied(str(NOT_AUTHOR))
    _check_may_comment(actor, kind, target)
    if comment.is_hidden:
        raise _refuse(EDIT_HIDDEN)
    now = now or timezone.now()
    if not access.may_edit(actor, comment, now=now):
        raise _refuse(EDIT_WINDOW_OVER, code="edit_window_over")
    new_proposal = comment.proposed_text if proposed_text is None else proposed_text
    body, proposed = _clean_body(body, new_proposal)
    if proposed and proposed != comment.proposed_text:
        if not kind.allow_proposals:
            raise ValidationError({"proposed_text": [str(NO_PROPOSALS)]})
        if comment.parent_id is not None:
            raise ValidationError({"proposed_text": [str(NO_PROPOSAL_IN_REPLY)]})
    if not body and not proposed:
        raise ValidationError({"body": [str(EMPTY)]})
    if body == comment.body and proposed == comment.proposed_text:
        return comment
    before = snapshot(comment)
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.proposed_text = proposed
    comment.edited_at = now
    comment.full_clean()
    comment.save(update_fields=["body", "body_html", "proposed_text", "edited_at", "updated_at"])
    record(actor=actor, instance=comment, action=AuditEntry.Action.UPDATE, before=before)
    return comment


@transaction.atomic
def comment_report(*, reporter: User, comment: Comment, reason: str) -> CommentReport:
    """A report of abuse, once per user and comment, for the moderation queue."""
    target_kind(comment.kind).get(reporter, comment.target_id)
    if not is_active_user(reporter) or not access.has_confirmed_email(reporter):
        raise PermissionDenied(str(MAY_NOT_REPORT))
    if comment.author_id == reporter.pk:
        raise _refuse(REPORT_OWN)
    if comment.is_hidden:
        raise _refuse(ALREADY_HIDDEN)
    reason = _clean_reason(reason)
    report = CommentReport(comment=comment, reporter=reporter, reason=reason)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise _refuse(ALREADY_REPORTED, code="already_reported") from None
    record(actor=reporter, instance=report, action=AuditEntry.Action.CREATE)
    return report


def _check_moderate(actor: User, comment: Comment) -> tuple[TargetKind, Any]:
    kind = target_kind(comment.kind)
    target = kind.get(actor, comment.target_id)
    if not access.may_moderate(actor, kind, target):
        raise PermissionDenied(str(MAY_NOT_MODERATE))
    return kind, target


def _handle_reports(actor: User, comment: Comment, now: datetime.datetime) -> None:
    for report in comment.reports.filter(handled_at__isnull=True):
        before = snapshot(report)
        report.handled_at = now
        report.handled_by = actor
        report.save(update_fields=["handled_at", "handled_by"])
        record(actor=actor, instance=report, action=AuditEntry.Action.UPDATE, before=before)


@transaction.atomic
def comment_hide(*, actor: User, comment: Comment, reason: str) -> Comment:
    """Hide a comment with a reason shown in its place; its reports are handled; the author is told."""
    kind, target = _check_moderate(actor, comment)
    reason = _clean_reason(reason)
    _lock(comment)
    if comment.is_hidden:
        raise _refuse(ALREADY_HIDDEN)
    now = timezone.now()
    before = snapshot(comment)
    comment.is_hidden = True
    comment.hidden_reason = reason
    comment.hidden_by = actor
    comment.hidden_at = now
    comment.full_clean()
    comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at", "updated_at"])
    record(actor=actor, instance=comment, action=AuditEntry.Action.UPDATE, before=before)
    _handle_reports(actor, comment, now)
    author = comment.author
    if author.pk != actor.pk and is_active_user(author) and access.may_see(author, kind, comment.target_id):
        with recipient_language(author):
            notify(
                recipient=author,
                title=gettext("A moderator has hidden your comment"),
                body=gettext("Reason: %(reason)s") % {"reason": reason},
                url=comment_url(kind, target, comment),
            )
    return comment


@transaction.atomic
def comment_restore(*, actor: User, comment: Comment) -> Comment:
    """Show a hidden comment again."""
    _check_moderate(actor, comment)
    _lock(comment)
    if not comment.is_hidden:
        raise _refuse(NOT_HIDDEN)
    before = snapshot(comment)
    comment.is_hidden = False
    comment.hidden_reason = ""
    comment.hidden_by = None
    comment.hidden_at = None
    comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at", "updated_at"])
    record(actor=actor, instance=comment, action=AuditEntry.Action.UPDATE, before=before)
    return comment


@transaction.atomic
def comment_dismiss_reports(*, actor: User, comment: Comment) -> Comment:
    """A moderator finds nothing wrong: the reports leave the queue, the comment stays."""
    _check_moderate(actor, comment)
    _handle_reports(actor, comment, timezone.now())
    return comment


def _check_support(user: User, comment: Comment) -> None:
    kind = target_kind(comment.kind)
    target = kind.get(user, comment.target_id)
    if not kind.allow_support:
        raise _refuse(NO_SUPPORT)
    _check_may_comment(user, kind, target)
    if comment.author_id == user.pk:
        raise _refuse(SUPPORT_OWN)


@transaction.atomic
def comment_support(*, user: User, comment: Comment) -> Comment:
    """Support someone else's comment once; the counter moves in the same transaction as the row."""
    _check_support(user, comment)
    if comment.is_hidden:
        raise _refuse(SUPPORT_HIDDEN)
    support = CommentSupport(comment=comment, user=user)
    try:
        with transaction.atomic():
            support.save()
    except IntegrityError:
        raise _refuse(ALREADY_SUPPORTED, code="already_supported") from None
    Comment.objects.filter(pk=comment.pk).update(support_count=F("support_count") + 1)
    record(actor=user, instance=support, action=AuditEntry.Action.CREATE)
    comment.refresh_from_db(fields=["support_count"])
    return comment


@transaction.atomic
def comment_withdraw_support(*, user: User, comment: Comment) -> Comment:
    _check_support(user, comment)
    support = CommentSupport.objects.select_for_update().filter(comment=comment, user=user).first()
    if support is None:
        raise _refuse(NOT_SUPPORTED, code="not_supported")
    record(actor=user, instance=support, action=AuditEntry.Action.DELETE, before=snapshot(support))
    support.delete()
    Comment.objects.filter(pk=comment.pk).update(support_count=F("support_count") - 1)
    comment.refresh_from_db(fields=["support_count"])
    return comment

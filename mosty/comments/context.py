"""What a page needs to show a target's comments: `comments_context` gives the context of the partial
`comments/_comments.html`, which the page includes.

    context.update(comments_context(request, "event", event.pk))
    ...
    {% include "comments/_comments.html" %}

A page that shows several comment sections (a consultation's paragraphs) includes the partial once
per section: `{% include "comments/_comments.html" with comment_section=section %}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from mosty.accounts.access import is_active_user
from mosty.comments import access
from mosty.comments.forms import CommentForm
from mosty.comments.models import Comment, CommentReport, CommentSupport
from mosty.comments.registry import TargetKind, target_kind
from mosty.comments.selectors import ThreadPage, page_of, thread_page

# The query parameter of the target's page (and of the partial) that chooses the page of comments.
PAGE_PARAMETER = "comments"


@dataclass
class CommentSection:
    kind: TargetKind
    target_id: int
    target: Any
    page_url: str
    comments: list[Comment]
    form: CommentForm | None
    refusal: str | None
    sign_in_url: str
    confirm_email_url: str
    can_moderate: bool
    user_id: int | None
    notice: str = ""
    notice_is_error: bool = False
    count: int = 0
    needs_email: bool = False
    may_report: bool = False
    page: ThreadPage | None = None

    def _page_link(self, base: str, number: int) -> str:
        if number <= 1:
            return base
        return f"{base}{'&' if '?' in base else '?'}{urlencode({PAGE_PARAMETER: number})}"

    @property
    def previous_url(self) -> str:
        """The previous page of comments on the target's page (without JS), at the section."""
        assert self.page is not None
        return f"{self._page_link(self.page_url, self.page.number - 1)}#{self.dom_id}"

    @property
    def next_url(self) -> str:
        assert self.page is not None
        return f"{self._page_link(self.page_url, self.page.number + 1)}#{self.dom_id}"

    @property
    def previous_partial_url(self) -> str:
        """The previous page of comments as the partial alone (HTMX)."""
        assert self.page is not None
        return f"{self.list_url}?{urlencode({PAGE_PARAMETER: self.page.number - 1})}"

    @property
    def next_partial_url(self) -> str:
        assert self.page is not None
        return f"{self.list_url}?{urlencode({PAGE_PARAMETER: self.page.number + 1})}"

    @property
    def dom_id(self) -> str:
        return f"comments-{self.kind.kind}-{self.target_id}"

    @property
    def list_url(self) -> str:
        return reverse("comments:list", args=[self.kind.kind, self.target_id])

    @property
    def create_url(self) -> str:
        return reverse("comments:create", args=[self.kind.kind, self.target_id])


def _mark(
    comment: Comment, *, user: Any, section: CommentSection, supported: set[int], reported: set[int]
) -> None:
    """Per-comment flags for the template; no queries."""
    mine = section.user_id is not None and comment.author_id == section.user_id
    comment.shows_text = access.sees_text(user, comment, moderator=section.can_moderate)  # type: ignore[attr-defined]
    comment.is_mine = mine  # type: ignore[attr-defined]
    comment.can_edit = access.may_edit(user, comment) and section.refusal is None  # type: ignore[attr-defined]
    comment.can_report = (  # type: ignore[attr-defined]
        section.may_report and not mine and not comment.is_hidden and comment.pk not in reported
    )
    comment.reported_by_me = comment.pk in reported  # type: ignore[attr-defined]
    comment.supported_by_me = comment.pk in supported  # type: ignore[attr-defined]
    comment.can_support = (  # type: ignore[attr-defined]
        section.kind.allow_support and section.refusal is None and not mine and not comment.is_hidden
    )


def comments_context(
    request: HttpRequest,
    kind: str,
    target_id: int,
    *,
    form: CommentForm | None = None,
    notice: str = "",
    notice_is_error: bool = False,
    page: int | str | None = None,
    showing: Comment | None = None,
    target: Any = None,
) -> dict[str, Any]:
    """{"comment_section": …} for the partial; Http404 when the user may not see the target.
    A fixed number of queries whatever the number of comments: one page of top-level comments
    (selectors.PAGE_SIZE) with their replies, the page given by `page`, else by the page that
    shows the comment `showing` (one more query), else by the `comments` query parameter.
    `target`: the target as the page already read it through the kind's `get` for this user, so
    that it is not read again."""
    user = request.user
    target_kind_ = target_kind(kind)
    if target is None or target.pk != target_id:
        target = target_kind_.get(user, target_id)
    page_url = target_kind_.url(target)
    refusal = access.comment_refusal(user, target_kind_, target)
    if page is None:
        page = page_of(showing) if showing is not None else request.GET.get(PAGE_PARAMETER)
    thread = thread_page(kind, target_id, page)
    comments = thread.comments
    user_id = user.pk if is_active_user(user) else None
    supported: set[int] = set()
    reported: set[int] = set()
    if user_id is not None and comments:
        ids = [c.pk for c in comments] + [r.pk for c in comments for r in c.replies.all()]
        if target_kind_.allow_support:
            supported = set(
                CommentSupport.objects.filter(user_id=user_id, comment_id__in=ids).values_list(
                    "comment_id", flat=True
                )
            )
        reported = set(
            CommentReport.objects.filter(reporter_id=user_id, comment_id__in=ids).values_list(
                "comment_id", flat=True
            )
        )
    if form is None and refusal is None:
        form = CommentForm(allow_proposals=target_kind_.allow_proposals)
    section = CommentSection(
        kind=target_kind_,
        target_id=target_id,
        target=target,
        page_url=page_url,
        comments=comments,
        form=form if refusal is None else None,
        refusal=refusal,
        sign_in_url=reverse("account_login") + "?" + urlencode({"next": page_url}),
        confirm_email_url=reverse("account_email"),
        can_moderate=access.may_moderate(user, target_kind_, target),
        user_id=user_id,
        notice=notice,
        notice_is_error=notice_is_error,
        page=thread,
    )
    # comment_refusal asks for the e-mail before the kind's own rule: any other answer means it is confirmed.
    section.needs_email = user_id is not None and refusal == str(access.CONFIRM_EMAIL)
    section.may_report = user_id is not None and not section.needs_email
    for comment in comments:
        _mark(comment, user=user, section=section, supported=supported, reported=reported)
        for reply in comment.replies.all():
            _mark(reply, user=user, section=section, supported=supported, reported=reported)
    section.count = thread.visible
    return {"comment_section": section}

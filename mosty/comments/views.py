"""Comment pages and actions. Every view reaches the target through its kind's `get` (services and
access.comment_for_user do), so an invisible target is a 404 here as everywhere.

The actions answer an HTMX request with the refreshed partial alone (the one the page includes) and
a plain request with a redirect back to the target's page at the comment; a form with errors is
shown on a small page of its own when there is no HTMX.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mosty.accounts.models import User
from mosty.comments import access, selectors, services
from mosty.comments.context import PAGE_PARAMETER, comments_context
from mosty.comments.forms import CommentForm, ReasonForm, add_service_errors
from mosty.comments.models import Comment
from mosty.comments.registry import target_kind
from mosty.core.errors import ApplicationError
from mosty.core.http import HtmxHttpRequest
from mosty.core.pagination import paginate


class AuthenticatedHtmxRequest(HtmxHttpRequest):
    user: User


def _refusal_text(error: Exception) -> str:
    if isinstance(error, ApplicationError):
        return error.message
    text = str(error.args[0]) if error.args else ""
    return text or _("You may not do this.")


def _partial(request: HtmxHttpRequest, kind: str, target_id: int, **extra: Any) -> HttpResponse:
    return render(request, "comments/_comments.html", comments_context(request, kind, target_id, **extra))


def _done(
    request: HtmxHttpRequest, comment: Comment, target: Any, message: str, *, error: bool = False
) -> HttpResponse:
    """The answer to an action: the partial for HTMX, else a redirect to the comment on its page."""
    if request.htmx:
        return _partial(
            request, comment.kind, comment.target_id, notice=message, notice_is_error=error, showing=comment
        )
    (messages.error if error else messages.success)(request, message)
    return redirect(services.comment_url(target_kind(comment.kind), target, comment))


def _form_page(
    request: HttpRequest,
    *,
    title: str,
    form: Any,
    action: str,
    back: str,
    button: str,
    comment: Comment | None = None,
) -> HttpResponse:
    context = {
        "title": title,
        "form": form,
        "action": action,
        "back": back,
        "button": button,
        "comment": comment,
    }
    return render(request, "comments/form_page.html", context)


@require_GET
def comment_list(request: HtmxHttpRequest, kind: str, target_id: int) -> HttpResponse:
    """The partial alone for HTMX; without HTMX, the target's page, where the comments are."""
    if request.htmx:
        return _partial(request, kind, target_id)
    kind_ = target_kind(kind)
    url = kind_.url(kind_.get(request.user, target_id))
    page = request.GET.get(PAGE_PARAMETER, "")
    if page.isdigit() and int(page) > 1:
        url = f"{url}{'&' if '?' in url else '?'}{urlencode({PAGE_PARAMETER: int(page)})}"
    return redirect(f"{url}#comments-{kind}-{target_id}")


@login_required
@require_POST
def comment_create(request: AuthenticatedHtmxRequest, kind: str, target_id: int) -> HttpResponse:
    kind_ = target_kind(kind)
    target = kind_.get(request.user, target_id)
    form = CommentForm(request.POST, allow_proposals=kind_.allow_proposals)
    page_url = kind_.url(target)
    parent: Comment | None = None
    if form.is_valid():
        parent_id = form.cleaned_data.get("parent")
        if parent_id:
            parent = Comment.objects.select_related("author", "parent").filter(pk=parent_id).first()
            if parent is None:
                raise Http404
        try:
            comment = services.comment_create(
                author=request.user,
                kind=kind,
                target_id=target_id,
                body=form.cleaned_data["body"],
                parent=parent,
                proposed_text=form.cleaned_data.get("proposed_text", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except (ApplicationError, PermissionDenied) as refused:
            form.add_error(None, _refusal_text(refused))
        else:
            message = _("Your reply has been published.") if parent else _("Your comment has been published.")
            return _done(request, comment, target, message)
    if request.htmx:
        if parent is None and not form.data.get("parent"):
            return _partial(request, kind, target_id, form=form)
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return _partial(request, kind, target_id, notice=errors, notice_is_error=True)
    title = _("Reply") if form.data.get("parent") else _("Comment")
    return _form_page(
        request,
        title=title,
        form=form,
        action=reverse("comments:create", args=[kind, target_id]),
        back=f"{page_url}#comments-{kind}-{target_id}",
        button=_("Publish"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    comment, target = access.comment_for_user(request.user, pk)
    kind_ = target_kind(comment.kind)
    if not access.may_edit(request.user, comment):
        return _done(request, comment, target, str(services.EDIT_WINDOW_OVER), error=True)
    allow_proposals = kind_.allow_proposals and comment.parent_id is None
    initial = {"body": comment.body, "proposed_text": comment.proposed_text}
    form = CommentForm(request.POST or None, initial=initial, allow_proposals=allow_proposals)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                actor=request.user,
                comment=comment,
                body=form.cleaned_data["body"],
                proposed_text=form.cleaned_data.get("proposed_text") if allow_proposals else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except (ApplicationError, PermissionDenied) as refused:
            return _done(request, comment, target, _refusal_text(refused), error=True)
        else:
            return _done(request, comment, target, _("Your comment has been saved."))
    return _form_page(
        request,
        title=_("Edit the comment"),
        form=form,
        action=reverse("comments:edit", args=[comment.pk]),
        back=services.comment_url(kind_, target, comment),
        button=_("Save"),
        comment=comment,
    )


def _reason_action(
    request: AuthenticatedHtmxRequest,
    pk: int,
    *,
    title: str,
    button: str,
    url_name: str,
    act: Callable[[Comment, str], Any],
    success: str,
) -> HttpResponse:
    comment, target = access.comment_for_user(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(comment, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        except (ApplicationError, PermissionDenied) as refused:
            return _done(request, comment, target, _refusal_text(refused), error=True)
        else:
            if request.POST.get("next") == "moderation" and not request.htmx:
                messages.success(request, success)
                return redirect("comments:moderation")
            return _done(request, comment, target, success)
    if request.method == "POST" and request.htmx:
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return _done(request, comment, target, errors, error=True)
    return _form_page(
        request,
        title=title,
        form=form,
        action=reverse(url_name, args=[comment.pk]),
        back=services.comment_url(target_kind(comment.kind), target, comment),
        button=button,
        comment=comment,
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_report(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    return _reason_action(
        request,
        pk,
        title=_("Report the comment"),
        button=_("Report"),
        url_name="comments:report",
        act=lambda comment, reason: services.comment_report(
            reporter=request.user, comment=comment, reason=reason
        ),
        success=_("Thank you: a moderator will look at the comment."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_hide(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    return _reason_action(
        request,
        pk,
        title=_("Hide the comment"),
        button=_("Hide"),
        url_name="comments:hide",
        act=lambda comment, reason: services.comment_hide(actor=request.user, comment=comment, reason=reason),
        success=_("The comment has been hidden."),
    )


def _simple_action(
    request: AuthenticatedHtmxRequest, pk: int, act: Callable[[Comment], Any], success: str
) -> HttpResponse:
    comment, target = access.comment_for_user(request.user, pk)
    try:
        act(comment)
    except (ApplicationError, PermissionDenied) as refused:
        return _done(request, comment, target, _refusal_text(refused), error=True)
    if request.POST.get("next") == "moderation" and not request.htmx:
        messages.success(request, success)
        return redirect("comments:moderation")
    return _done(request, comment, target, success)


@login_required
@require_POST
def comment_restore(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    return _simple_action(
        request,
        pk,
        lambda comment: services.comment_restore(actor=request.user, comment=comment),
        _("The comment is shown again."),
    )


@login_required
@require_POST
def comment_dismiss(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    return _simple_action(
        request,
        pk,
        lambda comment: services.comment_dismiss_reports(actor=request.user, comment=comment),
        _("The reports have been dismissed."),
    )


@login_required
@require_POST
def comment_support(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    return _simple_action(
        request,
        pk,
        lambda comment: services.comment_support(user=request.user, comment=comment),
        _("You support this comment."),
    )


@login_required
@require_POST
def comment_withdraw_support(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    return _simple_action(
        request,
        pk,
        lambda comment: services.comment_withdraw_support(user=request.user, comment=comment),
        _("You no longer support this comment."),
    )


@login_required
@require_GET
def moderation(request: AuthenticatedHtmxRequest) -> HttpResponse:
    """Reported comments not yet handled, on targets the user may moderate, with the reasons."""
    page = paginate(request, selectors.moderation_queue(request.user))
    links: dict[tuple[str, int], str] = {}
    for comment in page.object_list:
        key = (comment.kind, comment.target_id)
        if key not in links:
            kind_ = target_kind(comment.kind)
            try:
                links[key] = kind_.url(kind_.get(request.user, comment.target_id))
            except Http404:  # a target the moderator may not open: listed, without a link
                links[key] = ""
        comment.link = f"{links[key]}#comment-{comment.pk}" if links[key] else ""
    return render(request, "comments/moderation.html", {"page": page})

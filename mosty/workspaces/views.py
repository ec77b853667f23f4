"""Workspace pages. Every view reaches the workspace through `access.workspace_for_user`: anyone who
is not a member gets 404, whatever their role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mosty.accounts.models import User
from mosty.core.errors import ApplicationError
from mosty.core.http import AuthenticatedHttpRequest
from mosty.core.pagination import paginate
from mosty.organisations.forms import add_service_errors
from mosty.workspaces import access, selectors, services
from mosty.workspaces.forms import (
    DocumentForm,
    MemberAddForm,
    RoleForm,
    SearchForm,
    ThreadForm,
    WorkspaceForm,
)
from mosty.workspaces.models import MemberRole


@login_required
def workspace_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "page": paginate(request, selectors.workspace_list(user)),
        "form": form,
        "query": query,
        "results": selectors.search(user, query) if query else None,
        "can_create": access.may_create(user),
    }
    return render(request, "workspaces/workspace_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def workspace_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_create(request.user):
        raise PermissionDenied
    form = WorkspaceForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            workspace = services.workspace_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The workspace has been created. Add its members now."))
            return redirect("workspaces:members", pk=workspace.pk)
    return render(request, "workspaces/workspace_form.html", {"form": form, "workspace": None})


@login_required
@require_http_methods(["GET", "POST"])
def workspace_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workspace = access.workspace_for_user(request.user, pk, action="administer")
    initial = {"name": workspace.name, "description": workspace.description}
    form = WorkspaceForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.workspace_update(actor=request.user, workspace=workspace, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The workspace has been saved."))
            return redirect("workspaces:detail", pk=workspace.pk)
    return render(request, "workspaces/workspace_form.html", {"form": form, "workspace": workspace})


@login_required
def workspace_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workspace = access.workspace_for_user(request.user, pk)
    page = paginate(request, selectors.threads_of(workspace))
    context = {
        "workspace": workspace,
        "is_admin": workspace.my_membership.role == MemberRole.ADMIN,  # type: ignore[attr-defined]
        "page": page,
        "threads": selectors.with_comment_counts(list(page.object_list)),
        "documents": list(selectors.documents_of(workspace)[:50]),
        "members": list(selectors.members_of(workspace)),
        "events": selectors.events_of(request.user, workspace),
    }
    return render(request, "workspaces/workspace_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def members(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workspace = access.workspace_for_user(request.user, pk)
    is_admin = workspace.my_membership.role == MemberRole.ADMIN  # type: ignore[attr-defined]
    form = MemberAddForm(request.POST or None) if is_admin else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                membership = services.member_add(
                    actor=request.user,
                    workspace=workspace,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is now a member.") % {"name": membership.user.display_name},
                )
                return redirect("workspaces:members", pk=workspace.pk)
    context = {
        "workspace": workspace,
        "is_admin": is_admin,
        "form": form,
        "members": list(selectors.members_of(workspace)),
        "roles": MemberRole.choices,
    }
    return render(request, "workspaces/members.html", context)


def _member(pk: int) -> User:
    return get_object_or_404(User, pk=pk)


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, pk: int, user_pk: int) -> HttpResponse:
    workspace = access.workspace_for_user(request.user, pk, action="administer")
    try:
        services.member_remove(actor=request.user, workspace=workspace, user=_member(user_pk))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The member has been removed."))
    return redirect("workspaces:members", pk=workspace.pk)


@login_required
@require_POST
def member_role(request: AuthenticatedHttpRequest, pk: int, user_pk: int) -> HttpResponse:
    workspace = access.workspace_for_user(request.user, pk, action="administer")
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.member_set_role(
                actor=request.user, workspace=workspace, user=_member(user_pk), role=form.cleaned_data["role"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The role has been changed."))
    return redirect("workspaces:members", pk=workspace.pk)


@login_required
@require_POST
def leave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workspace = access.workspace_for_user(request.user, pk)
    try:
        services.workspace_leave(actor=request.user, workspace=workspace)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("workspaces:members", pk=workspace.pk)
    messages.success(request, _("You have left the workspace “%(name)s”.") % {"name": workspace.name})
    return redirect("workspaces:list")


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workspace = access.workspace_for_user(request.user, pk)
    form = ThreadForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            thread = services.thread_create(actor=request.user, workspace=workspace, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The thread has been started."))
            return redirect("workspaces:thread", pk=workspace.pk, thread_pk=thread.pk)
    return render(request, "workspaces/thread_form.html", {"form": form, "workspace": workspace})


@login_required
def thread_detail(request: AuthenticatedHttpRequest, pk: int, thread_pk: int) -> HttpResponse:
    from mosty.comments.context import comments_context

    thread = access.thread_for_user(request.user, thread_pk)
    if thread.workspace_id != pk:
        raise Http404
    context = {"workspace": thread.workspace, "thread": thread}
    context.update(comments_context(request, services.THREAD_KIND, thread.pk))
    return render(request, "workspaces/thread_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workspace = access.workspace_for_user(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                workspace=workspace,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document has been added."))
            return redirect("workspaces:detail", pk=workspace.pk)
    return render(request, "workspaces/document_form.html", {"form": form, "workspace": workspace})


@login_required
def document_download(request: AuthenticatedHttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A document, to the workspace's members only (404 to anyone else)."""
    document = access.document_for_user(request.user, pk, document_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=document.original_name)
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

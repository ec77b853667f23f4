"""Pages of initiatives. Views parse and authorise; the services change state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mosty.agreements.models import Agreement
from mosty.commitments.access import visible_commitments
from mosty.commitments.models import Commitment
from mosty.core.errors import ApplicationError
from mosty.core.exports import Column, csv_bytes, file_response
from mosty.core.http import AuthenticatedHttpRequest, HtmxHttpRequest
from mosty.core.pagination import paginate
from mosty.initiatives import access, deadlines, selectors, services, statistics
from mosty.initiatives.forms import (
    AnswerForm,
    CloseForm,
    DeclineForm,
    ExtendForm,
    FilterForm,
    ForwardForm,
    InitiativeForm,
    MergeForm,
    ModerationForm,
    RateForm,
    SupportForm,
    add_service_errors,
)
from mosty.initiatives.models import SOURCE_KIND, Attachment, Initiative, InitiativeStatus, Support
from mosty.organisations.access import represented_organisation_ids
from mosty.projects.models import Project


class AuthenticatedHtmxRequest(HtmxHttpRequest):
    user: Any


# --- Lists ------------------------------------------------------------------------------------


def initiative_list(request: HtmxHttpRequest) -> HttpResponse:
    form = FilterForm(request.GET)
    initiatives = selectors.initiative_list(access.visible_initiatives(request.user), form.filters())
    page = paginate(request, initiatives)
    context = {
        "form": form,
        "page": page,
        "can_create": access.may_create(request.user),
        "is_moderator": access.is_moderator(request.user),
        "is_commission": access.is_commission(request.user),
        "has_inbox": bool(represented_organisation_ids(request.user)),
    }
    template = "initiatives/_results.html" if request.htmx else "initiatives/initiative_list.html"
    return render(request, template, context)


EXPORT_COLUMNS = [
    Column("id", "id"),
    Column("title", "title"),
    Column("category", "category"),
    Column("status", "status"),
    Column("public_status", "public_status"),
    Column("youth", "youth"),
    Column("supporters", "supporters"),
    Column("threshold", "threshold"),
    Column("body", "body"),
    Column("forwarded_on", "forwarded_on"),
    Column("answer_due", "answer_due"),
    Column("answered_on", "answered_on"),
    Column("created_at", "created_at"),
]


@require_GET
def initiative_export(request: HttpRequest) -> HttpResponse:
    """The list as CSV, with the list's filters; only what the user may see."""
    form = FilterForm(request.GET)
    initiatives = selectors.initiative_list(access.visible_initiatives(request.user), form.filters())
    rows = (
        {
            "id": item.pk,
            "title": item.title,
            "category": item.category,
            "status": item.status,
            "public_status": item.public_status,
            "youth": item.youth,
            "supporters": item.support_count,
            "threshold": item.threshold,
            "body": str(item.body) if item.body else "",
            "forwarded_on": item.forwarded_on,
            "answer_due": item.answer_due,
            "answered_on": item.answered_on,
            "created_at": item.created_at.date(),
        }
        for item in initiatives.iterator(chunk_size=500)
    )
    return file_response(csv_bytes(EXPORT_COLUMNS, rows, header="keys"), "initiatives.csv")


def _queue(request: HttpRequest, queryset: QuerySet[Initiative], title: str, lead: str) -> HttpResponse:
    page = paginate(request, queryset)
    return render(request, "initiatives/queue.html", {"page": page, "title": title, "lead": lead})


@login_required
def my_initiatives(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine = Initiative.objects.filter(access.authored_q(request.user))
    queryset = selectors.initiative_list(mine, selectors.InitiativeFilters())
    return _queue(
        request, queryset, _("My initiatives"), _("Initiatives you wrote or co-wrote, in every status.")
    )


@login_required
def moderation_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.is_moderator(request.user):
        raise PermissionDenied
    return _queue(
        request,
        selectors.moderation_queue(),
        _("Initiatives to moderate"),
        _("Publish, return for edits with a comment, or reject with a reason; the oldest first."),
    )


@login_required
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.is_commission(request.user):
        raise PermissionDenied
    return _queue(
        request,
        selectors.review_queue(),
        _("Initiatives for the commission"),
        _("Forward, merge or decline those in review; publish received answers; close with the outcome."),
    )


@login_required
def body_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = represented_organisation_ids(request.user)
    if not organisations:
        raise PermissionDenied
    return _queue(
        request,
        selectors.body_inbox(organisations),
        _("Initiatives forwarded to your organisation"),
        _("Answer each by its deadline: the text and the signed document."),
    )


# --- Writing ----------------------------------------------------------------------------------


def _similar(title: str, exclude: int | None = None) -> list[Initiative]:
    return selectors.similar_initiatives(title, exclude=exclude) if title.strip() else []


@require_GET
def similar(request: HtmxHttpRequest) -> HttpResponse:
    """Published initiatives like the title typed: a partial for HTMX, a page without JS."""
    title = request.GET.get("title", "")[:200]
    context = {"similar": _similar(title), "title": title, "checked": True}
    template = "initiatives/_similar.html" if request.htmx else "initiatives/similar.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_create(request.user):
        messages.error(request, str(services.MAY_NOT_CREATE))
        return redirect("initiatives:list")
    form = InitiativeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "check" in request.POST:
        # "Check for similar" without JavaScript: the form comes back as typed, with the list.
        title = request.POST.get("title", "")[:200]
        initial = {
            key: request.POST.getlist(key) if key in ("regions", "settlements") else request.POST.get(key, "")
            for key in form.fields
            if key != "attachments"
        }
        form = InitiativeForm(initial=initial)
        context = {"form": form, "similar": _similar(title), "title": title, "checked": True, "editing": None}
        return render(request, "initiatives/initiative_form.html", context)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            initiative = services.initiative_create(
                actor=request.user,
                title=data["title"],
                problem=data["problem"],
                proposal=data["proposal"],
                expected_effect=data["expected_effect"],
                category=data["category"],
                youth=data.get("youth") or "",
                regions=list(data["regions"]),
                settlements=list(data["settlements"]),
                coauthor_emails=form.coauthor_emails(),
                attachments=data.get("attachments") or [],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as refused:
            form.add_error(None, refused.message)
        else:
            if "submit" in request.POST:
                services.initiative_submit(actor=request.user, initiative=initiative)
                messages.success(request, _("Your initiative has been sent to moderation."))
            else:
                messages.success(request, _("Your draft has been saved."))
            return redirect("initiatives:detail", pk=initiative.pk)
    title = form.data.get("title", "") if form.is_bound else ""
    context = {"form": form, "similar": _similar(str(title)), "title": title, "editing": None}
    return render(request, "initiatives/initiative_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk, action="edit")
    form = InitiativeForm(
        request.POST or None,
        request.FILES or None,
        editing=True,
        initial=InitiativeForm.initial_of(initiative),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("attachments", None) or []
        data["regions"] = list(data["regions"])
        data["settlements"] = list(data["settlements"])
        data["youth"] = data.get("youth") or ""
        try:
            services.initiative_update(actor=request.user, initiative=initiative, attachments=files, **data)
            if "submit" in request.POST:
                services.initiative_submit(actor=request.user, initiative=initiative)
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The initiative has been saved."))
            return redirect("initiatives:detail", pk=initiative.pk)
    context = {"form": form, "similar": [], "editing": initiative}
    return render(request, "initiatives/initiative_form.html", context, status=400 if form.errors else 200)


# --- The page ---------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, initiative: Initiative, **forms: Any) -> dict[str, Any]:
    user = request.user
    supporting = (
        Support.objects.filter(initiative=initiative, user_id=user.pk).exists()
        if user.is_authenticated
        else False
    )
    is_moderator = access.is_moderator(user)
    is_commission = access.is_commission(user)
    status = initiative.status
    average, ratings = selectors.rating_of(initiative) if initiative.answer_is_public else (None, 0)
    may_answer = access.may_answer(user, initiative)
    commitments = (
        list(
            visible_commitments(
                user, Commitment.objects.filter(source_kind=SOURCE_KIND, source_id=initiative.pk)
            )
        )
        if status == InitiativeStatus.CLOSED
        else []
    )
    context: dict[str, Any] = {
        "initiative": initiative,
        "coauthors": [row.user for row in initiative.coauthors.all()],
        "attachments": list(initiative.attachments.all()),
        "regions": list(initiative.regions.all()),
        "settlements": list(initiative.settlements.all()),
        "changes": selectors.changes_of(initiative),
        "breakdown": selectors.support_by_region(initiative) if initiative.is_public else [],
        "named_supporters": selectors.named_supporters(initiative) if initiative.is_public else [],
        "supporting": supporting,
        "is_author": access.is_author(user, initiative),
        "can_edit": access.may_edit(user, initiative),
        "can_submit": access.may_transition(user, initiative, InitiativeStatus.SUBMITTED),
        "can_support": access.may_support(user, initiative) and not supporting,
        "can_withdraw": status == InitiativeStatus.COLLECTING and supporting,
        "needs_confirmation": user.is_authenticated and not access.has_confirmed_email(user),
        "moderation_form": forms.get("moderation_form", ModerationForm())
        if is_moderator and status == InitiativeStatus.SUBMITTED
        else None,
        "forward_form": forms.get("forward_form", ForwardForm())
        if is_commission and status == InitiativeStatus.IN_REVIEW
        else None,
        "decline_form": forms.get("decline_form", DeclineForm())
        if is_commission and status == InitiativeStatus.IN_REVIEW
        else None,
        "merge_form": forms.get("merge_form", MergeForm())
        if is_commission and status == InitiativeStatus.IN_REVIEW
        else None,
        "answer_form": forms.get("answer_form", AnswerForm()) if may_answer else None,
        "extend_form": forms.get("extend_form", ExtendForm())
        if access.may_extend(user, initiative)
        else None,
        "extend_by_days": deadlines.is_extendable_by_days(initiative.deadline_country),
        "max_extension": deadlines.max_extension_days(initiative.deadline_country),
        "can_publish_answer": access.may_transition(user, initiative, InitiativeStatus.PUBLISHED),
        "close_form": forms.get("close_form", CloseForm())
        if access.may_transition(user, initiative, InitiativeStatus.CLOSED)
        else None,
        "support_form": forms.get(
            "support_form", SupportForm(initial={"region": getattr(user, "region_id", None)})
        ),
        "rate_form": forms.get("rate_form", RateForm()) if access.may_rate(user, initiative) else None,
        "may_see_answer": access.may_see_answer(user, initiative),
        "rating_average": average,
        "rating_count": ratings,
        "commitments": commitments,
        "is_official_body": access.represents_body(user, initiative),
    }
    try:
        from mosty.comments.context import comments_context
    except ImportError:  # the comments app is not installed in this checkout yet
        context["comments_enabled"] = False
    else:
        context.update(comments_context(request, SOURCE_KIND, initiative.pk, target=initiative))
        context["comments_enabled"] = True
    return context


def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk)
    return render(request, "initiatives/initiative_detail.html", _detail_context(request, initiative))


def _back(initiative: Initiative, anchor: str = "") -> HttpResponse:
    return redirect(reverse("initiatives:detail", args=[initiative.pk]) + (f"#{anchor}" if anchor else ""))


def _act(
    request: HttpRequest,
    initiative: Initiative,
    run: Callable[[], Any],
    success: str,
    *,
    form: Any = None,
    form_name: str = "",
    anchor: str = "",
) -> HttpResponse:
    """Run a service; on success a message and back to the page, on refusal the page again with the
    reason (on the form where there is one)."""
    try:
        run()
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
            context = _detail_context(request, initiative, **{form_name: form})
            return render(request, "initiatives/initiative_detail.html", context, status=400)
        messages.error(request, " ".join(error.messages))
    except ApplicationError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, success)
    return _back(initiative, anchor)


def _invalid(request: HttpRequest, initiative: Initiative, form_name: str, form: Any) -> HttpResponse:
    context = _detail_context(request, initiative, **{form_name: form})
    return render(request, "initiatives/initiative_detail.html", context, status=400)


@login_required
@require_POST
def initiative_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk, action="edit")
    return _act(
        request,
        initiative,
        lambda: services.initiative_submit(actor=request.user, initiative=initiative),
        _("Your initiative has been sent to moderation."),
    )


@login_required
@require_POST
def initiative_moderate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk, action="moderate")
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return _invalid(request, initiative, "moderation_form", form)
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    actions: dict[str, tuple[Callable[[], Any], str]] = {
        "publish": (
            lambda: services.initiative_publish(actor=request.user, initiative=initiative),
            _("The initiative has been published: support is being collected."),
        ),
        "return": (
            lambda: services.initiative_return(actor=request.user, initiative=initiative, comment=comment),
            _("The initiative has been returned to its authors."),
        ),
        "reject": (
            lambda: services.initiative_reject(actor=request.user, initiative=initiative, comment=comment),
            _("The initiative has been rejected."),
        ),
    }
    run, success = actions[decision]
    return _act(request, initiative, run, success, form=form, form_name="moderation_form")


@login_required
@require_POST
def initiative_support(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk)
    form = SupportForm(request.POST)
    if not form.is_valid():
        return _invalid(request, initiative, "support_form", form)
    data = form.cleaned_data
    try:
        return _act(
            request,
            initiative,
            lambda: services.initiative_support(
                actor=request.user,
                initiative=initiative,
                region=data["region"],
                settlement=data.get("settlement"),
                show_name=data["show_name"],
            ),
            _("Thank you: your support is counted."),
            form=form,
            form_name="support_form",
            anchor="support",
        )
    except PermissionDenied:
        messages.error(request, str(services.MAY_NOT_SUPPORT))
        return _back(initiative, "support")


@login_required
@require_POST
def initiative_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk)
    return _act(
        request,
        initiative,
        lambda: services.initiative_withdraw_support(actor=request.user, initiative=initiative),
        _("Your support has been withdrawn."),
        anchor="support",
    )


@login_required
@require_POST
def initiative_forward(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk, action="review")
    form = ForwardForm(request.POST)
    if not form.is_valid():
        return _invalid(request, initiative, "forward_form", form)
    return _act(
        request,
        initiative,
        lambda: services.initiative_forward(
            actor=request.user,
            initiative=initiative,
            body=form.cleaned_data["body"],
            comment=form.cleaned_data["comment"],
        ),
        _("The initiative has been forwarded; the answer clock has started."),
        form=form,
        form_name="forward_form",
    )


@login_required
@require_POST
def initiative_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk, action="review")
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _invalid(request, initiative, "decline_form", form)
    return _act(
        request,
        initiative,
        lambda: services.initiative_decline(
            actor=request.user, initiative=initiative, reason=form.cleaned_data["reason"]
        ),
        _("The initiative has been declined."),
        form=form,
        form_name="decline_form",
    )


@login_required
@require_POST
def initiative_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk, action="review")
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, initiative, "merge_form", form)
    into = Initiative.objects.filter(pk=form.cleaned_data["into"]).first()
    if into is None:
        form.add_error("into", str(services.MERGE_TARGET_INVALID))
        return _invalid(request, initiative, "merge_form", form)
    return _act(
        request,
        initiative,
        lambda: services.initiative_merge(
            actor=request.user, initiative=initiative, into=into, reason=form.cleaned_data["reason"]
        ),
        _("The initiative has been merged."),
        form=form,
        form_name="merge_form",
    )


@login_required
@require_POST
def initiative_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk, action="answer")
    form = AnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, initiative, "answer_form", form)
    data = form.cleaned_data
    return _act(
        request,
        initiative,
        lambda: services.initiative_answer(
            actor=request.user,
            initiative=initiative,
            text=data["text"],
            document=data["document"],
            signature=data.get("signature"),
        ),
        _("The answer has been sent; the commission publishes it."),
        form=form,
        form_name="answer_form",
    )


@login_required
@require_POST
def initiative_extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk, action="answer")
    form = ExtendForm(request.POST)
    if not form.is_valid():
        return _invalid(request, initiative, "extend_form", form)
    return _act(
        request,
        initiative,
        lambda: services.initiative_extend_deadline(
            actor=request.user,
            initiative=initiative,
            reason=form.cleaned_data["reason"],
            days=form.cleaned_data["days"],
        ),
        _("The deadline has been extended; the authors have been told."),
        form=form,
        form_name="extend_form",
    )


@login_required
@require_POST
def initiative_publish_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk, action="review")
    return _act(
        request,
        initiative,
        lambda: services.initiative_publish_answer(actor=request.user, initiative=initiative),
        _("The answer has been published."),
    )


@login_required
@require_POST
def initiative_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk, action="review")
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, initiative, "close_form", form)
    data = form.cleaned_data
    project = Project.objects.filter(pk=data["project"]).first() if data.get("project") else None
    agreement = Agreement.objects.filter(pk=data["agreement"]).first() if data.get("agreement") else None
    return _act(
        request,
        initiative,
        lambda: services.initiative_close(
            actor=request.user,
            initiative=initiative,
            outcome=data["outcome"],
            note=data["note"],
            commitment_title=data["commitment_title"],
            responsible_organisation=data.get("responsible_organisation"),
            deadline=data.get("deadline"),
            project=project,
            agreement=agreement,
        ),
        _("The initiative has been closed with its outcome."),
        form=form,
        form_name="close_form",
    )


@login_required
@require_POST
def initiative_rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk)
    form = RateForm(request.POST)
    if not form.is_valid():
        return _invalid(request, initiative, "rate_form", form)
    return _act(
        request,
        initiative,
        lambda: services.initiative_rate(
            actor=request.user, initiative=initiative, score=form.cleaned_data["score"]
        ),
        _("Thank you for rating the answer."),
        anchor="answer",
    )


# --- Files ------------------------------------------------------------------------------------


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    access.initiative_for_user(request.user, attachment.initiative_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


def answer_file(request: HttpRequest, pk: int, which: str) -> FileResponse:
    """The signed document or its detached signature, for those who may see the answer."""
    initiative = access.initiative_for_user(request.user, pk)
    if not access.may_see_answer(request.user, initiative):
        raise Http404
    if which == "document":
        field, name, content_type = (
            initiative.answer_document,
            initiative.answer_document_name,
            "application/pdf",
        )
    else:
        field, name = initiative.answer_signature, initiative.answer_signature_name
        content_type = services.SIGNATURE_TYPES.get(name[-4:].lower(), "application/octet-stream")
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


# --- Statistics -------------------------------------------------------------------------------

STAT_COLUMNS = [
    Column("name", "name"),
    Column("region", "region"),
    Column("received", "received"),
    Column("answered_on_time", "answered_on_time"),
    Column("answered_late", "answered_late"),
    Column("overdue_without_answer", "overdue_without_answer"),
    Column("median_days_to_answer", "median_days_to_answer"),
]


def _stats(request: HttpRequest) -> tuple[str, str, list[statistics.AnswerStats]]:
    per = "region" if request.GET.get("per") == "region" else "body"
    sort = request.GET.get("sort", "")
    items = statistics.by_region(sort=sort) if per == "region" else statistics.by_body(sort=sort)
    return per, sort, items


@require_GET
def answer_statistics(request: HttpRequest) -> HttpResponse:
    per, sort, items = _stats(request)
    context = {"per": per, "sort": sort, "items": items, "columns": statistics.SORT_KEYS}
    return render(request, "initiatives/statistics.html", context)


@require_GET
def answer_statistics_csv(request: HttpRequest) -> HttpResponse:
    per, _sort, items = _stats(request)
    rows = [
        {
            "name": item.name,
            "region": (
                str(item.subject.region) if per == "body" and getattr(item.subject, "region", None) else ""
            ),
            "received": item.received,
            "answered_on_time": item.on_time,
            "answered_late": item.late,
            "overdue_without_answer": item.overdue,
            "median_days_to_answer": item.median_days,
        }
        for item in items
    ]
    return file_response(csv_bytes(STAT_COLUMNS, rows, header="keys"), f"answer-statistics-{per}.csv")

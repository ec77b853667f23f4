"""Consultation pages: public reading, organisers' forms, the table of answers and its files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mosty.comments.context import comments_context
from mosty.comments.models import Comment
from mosty.consultations import access, exporting, selectors, services
from mosty.consultations.drafts import diff_blocks
from mosty.consultations.forms import AnswerForm, ConsultationForm, FilterForm, VersionForm
from mosty.consultations.models import Decision
from mosty.core.errors import ApplicationError
from mosty.core.exports import file_response
from mosty.core.http import AuthenticatedHttpRequest, HtmxHttpRequest
from mosty.core.pagination import paginate
from mosty.organisations.access import represented_organisation_ids
from mosty.organisations.forms import add_service_errors
from mosty.organisations.models import Organisation


def consultation_list(request: HtmxHttpRequest) -> HttpResponse:
    form = FilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    context = {
        "form": form,
        "page": paginate(request, selectors.consultation_list(status)),
        "can_create": access.may_create(request.user),
    }
    return render(request, "consultations/consultation_list.html", context)


def _organisations(user: object) -> QuerySet[Organisation]:
    """The organisations the user represents: the registry is too long for a select, and the
    commission organises in its own name."""
    return Organisation.objects.filter(pk__in=represented_organisation_ids(user)).order_by("name_ru")


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_create(request.user):
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, organisations=_organisations(request.user))
    if form.is_bound and form.is_valid():
        try:
            consultation = services.consultation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consultation has been published."))
            return redirect("consultations:detail", pk=consultation.pk)
    return render(request, "consultations/consultation_form.html", {"form": form, "consultation": None})


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk, action="manage")
    initial = {
        "title": consultation.title,
        "summary": consultation.summary,
        "opens_at": consultation.opens_at,
        "closes_at": consultation.closes_at,
    }
    form = ConsultationForm(request.POST or None, initial=initial, editing=True)
    if form.is_bound and form.is_valid():
        try:
            services.consultation_update(actor=request.user, consultation=consultation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consultation has been saved."))
            return redirect("consultations:detail", pk=consultation.pk)
    context = {"form": form, "consultation": consultation}
    return render(request, "consultations/consultation_form.html", context)


def _version_number(request: HttpRequest, name: str = "version") -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        raise Http404
    return int(value)


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk)
    versions = selectors.versions_of(consultation)
    version = selectors.version_of(consultation, _version_number(request))
    context = {
        "consultation": consultation,
        "version": version,
        "versions": versions,
        "is_latest": version.number == versions[-1].number,
        "sections": selectors.sections_of(version),
        "can_manage": access.may_manage(request.user, consultation),
        "answered_count": consultation.answers.count(),
        "comment_total": selectors.answerable(consultation).count(),
    }
    return render(request, "consultations/consultation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def version_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk, action="manage")
    latest = selectors.version_of(consultation, None)
    form = VersionForm(request.POST or None, initial={"text": latest.source})
    if form.is_bound and form.is_valid():
        try:
            version = services.version_publish(
                actor=request.user, consultation=consultation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Version %(number)s has been published.") % {"number": version.number}
            )
            diff = reverse("consultations:diff", args=[consultation.pk])
            return redirect(f"{diff}?from={latest.number}&to={version.number}")
    context = {"form": form, "consultation": consultation}
    return render(request, "consultations/version_form.html", context)


def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk)
    versions = selectors.versions_of(consultation)
    latest = versions[-1].number
    old = selectors.version_of(consultation, _version_number(request, "from") or max(latest - 1, 1))
    new = selectors.version_of(consultation, _version_number(request, "to") or latest)
    rows = diff_blocks(selectors.blocks_of(old), selectors.blocks_of(new))
    context = {
        "consultation": consultation,
        "versions": versions,
        "old": old,
        "new": new,
        "rows": rows,
        "changed": sum(1 for row in rows if row.op != "equal"),
    }
    return render(request, "consultations/diff.html", context)


def paragraph_detail(request: HttpRequest, pk: int, paragraph_pk: int) -> HttpResponse:
    paragraph = access.paragraph_for_user(request.user, paragraph_pk)
    consultation = paragraph.version.consultation
    if consultation.pk != pk:
        raise Http404
    context = {"consultation": consultation, "paragraph": paragraph, "version": paragraph.version}
    context.update(comments_context(request, services.PARAGRAPH_KIND, paragraph.pk))
    return render(request, "consultations/paragraph_detail.html", context)


def answer_table(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk)
    rows = selectors.answer_table(consultation)
    can_answer = access.may_manage(request.user, consultation) and consultation.status in (
        "closed",
        "answered",
    )
    context = {
        "consultation": consultation,
        "rows": rows,
        "can_answer": can_answer,
        "answered": sum(1 for row in rows if row.answer is not None),
        "decisions": Decision.choices,
    }
    return render(request, "consultations/answer_table.html", context)


def answer_table_export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk)
    rows = selectors.answer_table(consultation)
    name = f"consultation-{consultation.pk}-answers.{extension}"
    if extension == "csv":
        return file_response(exporting.table_csv(rows), name)
    if extension == "xlsx":
        return file_response(exporting.table_xlsx(consultation, rows), name)
    if extension == "pdf":
        return exporting.pdf_response(exporting.table_pdf(consultation, rows), name)
    raise Http404


@login_required
@require_POST
def answer_give(request: AuthenticatedHttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk, action="manage")
    comment = get_object_or_404(Comment, pk=comment_pk, kind=services.PARAGRAPH_KIND)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
    else:
        try:
            services.answer_give(
                actor=request.user, consultation=consultation, comment=comment, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The answer has been saved."))
    return redirect(f"{reverse('consultations:answers', args=[consultation.pk])}#answer-{comment.pk}")

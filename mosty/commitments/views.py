from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mosty.accounts.models import User
from mosty.commitments import access, selectors, services, sources
from mosty.commitments.forms import CommitmentForm, ReportForm, ReviewForm, StatusForm, add_service_errors
from mosty.commitments.models import TRANSITIONS, Commitment, Evidence, ProgressReport, Status
from mosty.core.errors import ApplicationError
from mosty.core.http import HtmxHttpRequest
from mosty.core.pagination import paginate


class AuthenticatedHtmxRequest(HtmxHttpRequest):
    """A request to a view behind login_required (for the type checker)."""

    user: User


def _status_form(commitment: Commitment, data: Any = None) -> StatusForm:
    choices = [(status.value, status.label) for status in Status if status in TRANSITIONS[commitment.status]]
    # Overdue is set by the daily job, not by hand.
    choices = [choice for choice in choices if choice[0] != Status.OVERDUE]
    return StatusForm(data, choices=choices, initial={"version": commitment.version})


def _detail_context(request: HttpRequest, commitment: Commitment, **extra: Any) -> dict[str, Any]:
    user = request.user
    can_report = access.may_report(user, commitment) and commitment.is_open
    can_verify = access.may_verify(user, commitment)
    can_edit = access.may_edit(user, commitment)
    reports = selectors.reports_of(commitment)
    context = {
        "commitment": commitment,
        "sides": commitment.responsible_sides(),
        "co_executors": list(commitment.co_executors.all()),
        "timeline": selectors.commitment_timeline(commitment),
        "reports": reports,
        "can_report": can_report,
        "can_verify": can_verify,
        "can_edit": can_edit,
        "report_form": ReportForm(initial={"reported_on": timezone.localdate()}) if can_report else None,
        "review_form": ReviewForm() if can_verify else None,
        "status_form": _status_form(commitment) if can_edit else None,
        "user_id": getattr(user, "pk", None),
        # The source shares the commitment's audience (the source apps sync it), so whoever sees the
        # commitment may see its source's title.
        "source": sources.source_link(commitment.source_kind, commitment.source_id),
    }
    context.update(extra)
    return context


def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access.commitment_for_user(request.user, pk)
    return render(request, "commitments/commitment_detail.html", _detail_context(request, commitment))


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    """The report form: a partial for HTMX (inside the commitment's page), a page of its own without."""
    commitment = access.commitment_for_user(request.user, pk, action="report")
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            files = data.pop("evidence")
            try:
                report = services.report_submit(
                    actor=request.user, commitment=commitment, files=files, **data
                )
            except ValidationError as error:
                add_service_errors(form, error, renamed={"files": "evidence"})
            except ApplicationError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Your report has been sent for verification."))
                url = reverse("commitments:detail", args=[commitment.pk]) + f"#report-{report.pk}"
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
    else:
        form = ReportForm(initial={"reported_on": timezone.localdate()})
    context = {"commitment": commitment, "report_form": form}
    template = "commitments/_report_form.html" if request.htmx else "commitments/report_form.html"
    return render(request, template, context)


@login_required
@require_POST
def report_review(request: AuthenticatedHtmxRequest, pk: int, report_pk: int) -> HttpResponse:
    commitment = access.commitment_for_user(request.user, pk, action="verify")
    report = (
        ProgressReport.objects.select_related("commitment")
        .filter(pk=report_pk, commitment=commitment)
        .first()
    )
    if report is None:
        raise Http404
    report.commitment = commitment
    form = ReviewForm(request.POST)
    url = reverse("commitments:detail", args=[commitment.pk]) + f"#report-{report.pk}"
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or return the report."))
        return redirect(url)
    try:
        if form.cleaned_data["decision"] == "accept":
            services.report_accept(actor=request.user, report=report, comment=form.cleaned_data["comment"])
            messages.success(request, _("The report has been accepted."))
        else:
            services.report_return(actor=request.user, report=report, comment=form.cleaned_data["comment"])
            messages.success(request, _("The report has been returned to its author."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except ApplicationError as refused:
        messages.error(request, refused.message)
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    commitment = access.commitment_for_user(request.user, pk, action="edit")
    form = CommitmentForm(request.POST or None, initial=CommitmentForm.initial_from(commitment))
    conflict = False
    if form.is_bound and form.is_valid():
        try:
            services.commitment_update(
                actor=request.user,
                commitment=commitment,
                expected_version=form.cleaned_data["version"],
                **form.changes(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as refused:
            form.add_error(None, refused.message)
            conflict = refused.code == "conflict"
        else:
            messages.success(request, _("The commitment has been saved."))
            return redirect("commitments:detail", pk=commitment.pk)
    context = {"commitment": commitment, "form": form, "conflict": conflict}
    return render(request, "commitments/commitment_form.html", context)


@login_required
@require_POST
def commitment_status(request: AuthenticatedHtmxRequest, pk: int) -> HttpResponse:
    commitment = access.commitment_for_user(request.user, pk, action="edit")
    form = _status_form(commitment, request.POST)
    if form.is_valid():
        try:
            services.commitment_set_status(
                actor=request.user,
                commitment=commitment,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
            )
        except ApplicationError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The status has been changed."))
    else:
        messages.error(request, _("This status cannot be chosen now."))
    return redirect("commitments:detail", pk=commitment.pk)


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, for those who may see its commitment; never from a public media address."""
    evidence = Evidence.objects.select_related("report").filter(pk=pk).first()
    if evidence is None:
        raise Http404
    access.commitment_for_user(request.user, evidence.report.commitment_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )


@login_required
@require_GET
def my_commitments(request: AuthenticatedHtmxRequest) -> HttpResponse:
    """The commitments the signed-in user answers for, by deadline, with their scorecard."""
    mine = access.responsible_commitments(request.user)
    page = paginate(request, selectors.commitment_list(mine, selectors.CommitmentFilters()))
    context = {"page": page, "scorecard": selectors.scorecard(mine)}
    return render(request, "commitments/my_commitments.html", context)

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mosty.agreements import access, selectors, services
from mosty.agreements.forms import (
    AGREEMENT_FIELDS,
    AgreementFilterForm,
    AgreementForm,
    CommitmentForm,
    DocumentForm,
    PartyForm,
    PartyFormSet,
    StatusForm,
)
from mosty.agreements.models import SOURCE_KIND, TRANSITIONS, Agreement, AgreementDocument
from mosty.commitments.access import visible_commitments
from mosty.commitments.selectors import scorecard, timeline_for_source
from mosty.core.audit import history_for
from mosty.core.errors import ApplicationError
from mosty.core.http import AuthenticatedHttpRequest, HtmxHttpRequest
from mosty.core.pagination import paginate
from mosty.events.models import Event, EventKind
from mosty.organisations.forms import add_service_errors


def agreement_list(request: HtmxHttpRequest) -> HttpResponse:
    form = AgreementFilterForm(request.GET)
    agreements = access.visible_agreements(request.user)
    filtered = selectors.agreement_list(agreements, form.filters())
    page = paginate(request, filtered)
    context = {
        "form": form,
        "page": page,
        "total": selectors.amounts_total(filtered),
        "can_create": access.may_create(request.user),
    }
    template = "agreements/_results.html" if request.htmx else "agreements/agreement_list.html"
    return render(request, template, context)


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agreement = access.agreement_for_user(user, pk)
    commitments = visible_commitments(user, selectors.agreement_commitments(agreement))
    can_edit = access.may_edit(user, agreement)
    context = {
        "agreement": agreement,
        "parties": list(agreement.parties.all()),
        "commitments": list(commitments),
        "scorecard": scorecard(commitments),
        "progress": selectors.progress_of(agreement),
        "timeline": timeline_for_source(SOURCE_KIND, agreement.pk),
        "documents": list(agreement.documents.all()),
        "can_edit": can_edit,
        "status_form": StatusForm(
            initial={"version": agreement.version}, allowed=sorted(TRANSITIONS[agreement.status])
        )
        if can_edit and TRANSITIONS[agreement.status]
        else None,
        "entries": history_for(agreement) if access.may_see_history(user, agreement) else None,
    }
    return render(request, "agreements/agreement_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not access.may_create(user):
        raise PermissionDenied
    data = request.POST or None
    form = AgreementForm(data)
    initial = [{"region": user.region_id}] if user.region_id else []
    parties = PartyFormSet(data, prefix="party", initial=initial)
    if data is not None and form.is_valid() and parties.is_valid():
        chosen = [party_form.party() for party_form in parties if not party_form.is_blank()]
        try:
            agreement = services.agreement_create(actor=user, parties=chosen, **form.agreement_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The agreement has been recorded."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request, "agreements/agreement_form.html", {"form": form, "parties": parties, "agreement": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agreement = access.agreement_for_user(user, pk, action="edit")
    initial = {name: getattr(agreement, name) for name in AGREEMENT_FIELDS if name != "status"}
    initial["event"] = agreement.event_id
    initial["sectors"] = [sector.pk for sector in agreement.sectors.all()]
    initial["version"] = agreement.version
    form = AgreementForm(request.POST or None, initial=initial, editing=True)
    if form.is_bound and form.is_valid():
        try:
            services.agreement_update(
                actor=user,
                agreement=agreement,
                expected_version=form.cleaned_data["version"] or 0,
                **form.agreement_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The agreement has been saved."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/agreement_form.html", {"form": form, "agreement": agreement})


@login_required
@require_POST
def agreement_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, pk, action="edit")
    form = StatusForm(request.POST, allowed=sorted(TRANSITIONS[agreement.status]))
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses offered."))
        return redirect("agreements:detail", pk=agreement.pk)
    try:
        services.agreement_set_status(
            actor=request.user,
            agreement=agreement,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The status has been changed."))
    return redirect("agreements:detail", pk=agreement.pk)


@login_required
@require_http_methods(["GET", "POST"])
def party_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, pk, action="edit")
    form = PartyForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            services.agreement_add_party(actor=request.user, agreement=agreement, party=form.party())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The party has been added."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/party_form.html", {"form": form, "agreement": agreement})


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, pk, action="edit")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        try:
            services.agreement_add_document(
                actor=request.user,
                agreement=agreement,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document has been added."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/document_form.html", {"form": form, "agreement": agreement})


def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A document, to those who may see its agreement (a restricted agreement's documents never
    to anyone else: 404, as for the agreement itself)."""
    agreement = access.agreement_for_user(request.user, pk)
    document = get_object_or_404(AgreementDocument, pk=document_pk, agreement=agreement)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=document.original_name)
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    if not agreement.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def commitment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, pk, action="edit")
    form = CommitmentForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            services.agreement_add_commitment(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The commitment has been added to the action plan."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/commitment_form.html", {"form": form, "agreement": agreement})


def forum(request: HttpRequest, event_pk: int) -> HttpResponse:
    """What became of every agreement signed at one forum (those the reader may see)."""
    event = get_object_or_404(Event, pk=event_pk, kind=EventKind.FORUM, workspace__isnull=True)
    user = request.user
    agreements = access.visible_agreements(user, Agreement.objects.filter(event=event))
    rows = selectors.agreement_list(agreements, selectors.AgreementFilters(sort="title"))
    page = paginate(request, rows)
    commitments = visible_commitments(user, selectors.commitments_of(agreements))
    context = {
        "event": event,
        "page": page,
        "scorecard": scorecard(commitments),
        "total": selectors.amounts_total(agreements),
        "today": timezone.localdate(),
        "reported": event.agreements_count,
    }
    return render(request, "agreements/forum.html", context)

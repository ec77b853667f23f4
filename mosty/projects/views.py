from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mosty.agreements.access import visible_agreements
from mosty.agreements.models import Agreement
from mosty.commitments.access import visible_commitments
from mosty.commitments.selectors import scorecard, timeline_for_source
from mosty.core.audit import history_for
from mosty.core.errors import ApplicationError
from mosty.core.exports import file_response
from mosty.core.http import AuthenticatedHttpRequest, HtmxHttpRequest
from mosty.core.pagination import paginate
from mosty.organisations.forms import add_service_errors
from mosty.projects import access, exporting, selectors, services
from mosty.projects.forms import (
    PROJECT_FIELDS,
    AgreementLinkForm,
    MilestoneForm,
    PartnerForm,
    PartnerFormSet,
    ProjectFilterForm,
    ProjectForm,
    StatusForm,
)
from mosty.projects.models import SOURCE_KIND, TRANSITIONS


def project_list(request: HtmxHttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET)
    projects = access.visible_projects(request.user)
    page = paginate(request, selectors.project_list(projects, form.filters()))
    context = {"form": form, "page": page, "can_create": access.may_create(request.user)}
    template = "projects/_results.html" if request.htmx else "projects/project_list.html"
    return render(request, template, context)


@require_GET
def project_export(request: HttpRequest) -> HttpResponse:
    """The projects of the list (its filters applied, only those the reader may see), all of them,
    as CSV or XLSX with headings in the reader's language."""
    chosen = request.GET.get("format", "xlsx")
    if chosen not in exporting.FORMATS:
        raise Http404
    user = request.user
    filters = ProjectFilterForm(request.GET).filters()
    projects = selectors.project_list(access.visible_projects(user), filters)
    rows = exporting.export_rows(exporting.with_visible_agreements(projects, user))
    content = exporting.to_xlsx(rows) if chosen == "xlsx" else exporting.to_csv(rows)
    response = file_response(content, exporting.export_filename(chosen, timezone.localdate()))
    if user.is_authenticated:
        response["Cache-Control"] = "private, no-store"  # it may hold restricted projects
    return response


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = access.project_for_user(user, pk)
    milestones = visible_commitments(user, selectors.project_milestones(project))
    can_edit = access.may_edit(user, project)
    context = {
        "project": project,
        "partners": list(project.partners.all()),
        "budget_rub": selectors.budget_in_rub(project),
        "milestones": list(milestones),
        "scorecard": scorecard(milestones),
        "timeline": timeline_for_source(SOURCE_KIND, project.pk),
        "agreements": list(
            visible_agreements(user, project.related_agreements.all()).order_by("title", "pk")
        ),
        "can_edit": can_edit,
        "status_form": StatusForm(
            initial={"version": project.version}, allowed=sorted(TRANSITIONS[project.status])
        )
        if can_edit and TRANSITIONS[project.status]
        else None,
        "link_form": AgreementLinkForm(initial={"version": project.version}) if can_edit else None,
        "entries": history_for(project) if access.may_see_history(user, project) else None,
    }
    return render(request, "projects/project_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not access.may_create(user):
        raise PermissionDenied
    data = request.POST or None
    form = ProjectForm(data)
    initial = [{"region": user.region_id, "role": "lead"}] if user.region_id else []
    partners = PartnerFormSet(data, prefix="partner", initial=initial)
    if data is not None and form.is_valid() and partners.is_valid():
        chosen = [partner_form.partner() for partner_form in partners if not partner_form.is_blank()]
        try:
            project = services.project_create(actor=user, partners=chosen, **form.project_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The project has been recorded."))
            return redirect("projects:detail", pk=project.pk)
    return render(
        request, "projects/project_form.html", {"form": form, "partners": partners, "project": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = access.project_for_user(user, pk, action="edit")
    initial = {name: getattr(project, name) for name in PROJECT_FIELDS if name != "sectors"}
    initial["sectors"] = [sector.pk for sector in project.sectors.all()]
    initial["version"] = project.version
    form = ProjectForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.project_update(
                actor=user,
                project=project,
                expected_version=form.cleaned_data["version"] or 0,
                **form.project_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
@require_POST
def project_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk, action="edit")
    form = StatusForm(request.POST, allowed=sorted(TRANSITIONS[project.status]))
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses offered."))
        return redirect("projects:detail", pk=project.pk)
    try:
        services.project_set_status(
            actor=request.user,
            project=project,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The status has been changed."))
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def partner_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk, action="edit")
    form = PartnerForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            services.project_add_partner(actor=request.user, project=project, partner=form.partner())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The partner has been added."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/partner_form.html", {"form": form, "project": project})


@login_required
@require_http_methods(["GET", "POST"])
def milestone_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk, action="edit")
    form = MilestoneForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            services.project_add_milestone(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The milestone has been added."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/milestone_form.html", {"form": form, "project": project})


@login_required
@require_POST
def agreement_link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk, action="edit")
    form = AgreementLinkForm(request.POST)
    if form.is_valid():
        try:
            services.project_link_agreement(
                actor=request.user,
                project=project,
                agreement=form.cleaned_data["agreement"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The agreement has been linked to the project."))
            return redirect("projects:detail", pk=project.pk)
    for problem in form.errors.get("agreement", []) + form.non_field_errors():
        messages.error(request, str(problem))
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
def agreement_unlink(request: AuthenticatedHttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk, action="edit")
    agreement = get_object_or_404(Agreement, pk=agreement_pk, projects=project)
    services.project_unlink_agreement(actor=request.user, project=project, agreement=agreement)
    messages.success(request, _("The agreement is no longer linked to the project."))
    return redirect("projects:detail", pk=project.pk)

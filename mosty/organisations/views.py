from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mosty.core.audit import history_for
from mosty.core.errors import ApplicationError
from mosty.core.http import AuthenticatedHttpRequest, HtmxHttpRequest
from mosty.core.pagination import paginate
from mosty.organisations import access, selectors, services
from mosty.organisations.fields import OPTIONS_LIMIT, SEARCH_SUFFIX, valid_ids
from mosty.organisations.forms import (
    OrganisationFilterForm,
    OrganisationForm,
    add_service_errors,
    initial_from,
    initial_from_data,
)
from mosty.organisations.models import Organisation


def organisation_list(request: HtmxHttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET)
    page = paginate(request, selectors.organisation_list(form.filters()))
    context = {"form": form, "page": page, "can_create": access.may_create_any_organisation(request.user)}
    template = "organisations/_results.html" if request.htmx else "organisations/organisation_list.html"
    return render(request, template, context)


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_user(request.user, pk)
    user = request.user
    internals = access.may_see_internals(user, organisation)
    context = {
        "organisation": organisation,
        "sectors": list(organisation.sectors.all()),
        "representatives": list(organisation.representatives.all()) if internals else None,
        "entries": history_for(organisation) if internals else None,
        "can_edit": access.may_edit_organisation(user, organisation),
        "can_verify": access.may_verify_organisation(user, organisation),
        "can_delete": access.may_delete_organisation(user, organisation),
    }
    return render(request, "organisations/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not access.may_create_any_organisation(user):
        raise PermissionDenied
    regions = access.regions_for_placement(user)
    initial = {"region": user.region_id} if user.region_id else {}
    if "refresh" in request.POST:
        form = OrganisationForm(regions=regions, initial=initial_from_data(request.POST))
    else:
        form = OrganisationForm(request.POST or None, regions=regions, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            organisation = services.organisation_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation has been created."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/organisation_form.html", {"form": form, "organisation": None})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    organisation = access.organisation_for_user(user, pk, action="edit")
    regions = access.regions_for_placement(user, organisation)
    if "refresh" in request.POST:
        form = OrganisationForm(regions=regions, initial=initial_from_data(request.POST))
    else:
        form = OrganisationForm(request.POST or None, regions=regions, initial=initial_from(organisation))
    if form.is_bound and form.is_valid():
        try:
            services.organisation_update(actor=user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation has been saved."))
            return redirect("organisations:detail", pk=organisation.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "organisations/organisation_form.html", context)


@login_required
@require_POST
def organisation_verify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_user(request.user, pk, action="verify")
    verified = request.POST.get("verified", "1") != "0"
    services.organisation_verify(actor=request.user, organisation=organisation, verified=verified)
    if verified:
        messages.success(request, _("The organisation is marked as verified."))
    else:
        messages.success(request, _("The verified mark has been taken back."))
    return redirect("organisations:detail", pk=organisation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_user(request.user, pk, action="delete")
    error = None
    if request.method == "POST":
        try:
            services.organisation_delete(actor=request.user, organisation=organisation)
        except ApplicationError as refused:
            error = refused.message
        else:
            messages.success(request, _("The organisation has been deleted."))
            return redirect("organisations:list")
    context = {"organisation": organisation, "error": error}
    return render(request, "organisations/organisation_confirm_delete.html", context)


@require_GET
def settlement_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of a region's settlements, for the settlement select of a form (HTMX).
    The region comes as `region`, or as `region_a` / `region_b` from the two sides of a tie."""
    raw = request.GET.get("region") or request.GET.get("region_a") or request.GET.get("region_b") or ""
    region_id = int(raw) if raw.isdigit() and len(raw) < 19 else None
    context = {"settlements": selectors.settlements_of(region_id), "selected": None}
    return render(request, "organisations/_settlement_options.html", context)


_DOM_ID = re.compile(r"[A-Za-z][\w-]{0,150}")


@require_GET
def organisation_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of an organisation select as its search box is typed in (HTMX): the ones already
    selected, kept, then at most OPTIONS_LIMIT name matches. Organisations are public, so no sign-in.
    The select's name comes as `field`, its selection under that name, the text as `q` or `<field>_q`."""
    field = request.GET.get("field", "")[:200]
    q = (request.GET.get("q") or request.GET.get(field + SEARCH_SUFFIX) or "")[:200]
    selected_ids = valid_ids(request.GET.getlist(field))[:OPTIONS_LIMIT] if field else []
    selected = list(Organisation.objects.filter(pk__in=selected_ids).order_by(selectors.name_order(), "pk"))
    dom_id = request.GET.get("id", "")
    context = {
        "blank": request.GET.get("blank") == "1",
        "selected": selected,
        "found": selectors.organisation_matches(q, limit=OPTIONS_LIMIT, exclude=selected_ids),
        "q": q.strip(),
        "dom_id": dom_id if _DOM_ID.fullmatch(dom_id) else "",
    }
    return render(request, "organisations/_options.html", context)

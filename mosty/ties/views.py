from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mosty.core.audit import history_for
from mosty.core.http import AuthenticatedHttpRequest, HtmxHttpRequest
from mosty.core.pagination import paginate
from mosty.organisations.forms import add_service_errors
from mosty.territories.models import Region
from mosty.ties import access, selectors, services
from mosty.ties.forms import TieFilterForm, TieForm, initial_from, initial_from_data
from mosty.ties.maps import tie_map_svg


def tie_list(request: HtmxHttpRequest) -> HttpResponse:
    form = TieFilterForm(request.GET)
    ties = selectors.tie_list(form.filters())
    page = paginate(request, ties)
    # The map draws every tie that matches, not only this page's; the table lists them as text.
    map_svg = tie_map_svg(ties, Region.objects.all())
    context = {
        "form": form,
        "page": page,
        "map_svg": map_svg,
        "can_create": access.may_create_ties(request.user),
    }
    template = "ties/_results.html" if request.htmx else "ties/tie_list.html"
    return render(request, template, context)


def tie_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tie = access.tie_for_user(request.user, pk)
    user = request.user
    context = {
        "tie": tie,
        "sides": [
            (tie.region_a, tie.settlement_a, tie.region_a.country.name),
            (tie.region_b, tie.settlement_b, tie.region_b.country.name),
        ],
        "can_edit": access.may_edit_tie(user, tie),
        "can_delete": access.may_delete_tie(user, tie),
        "entries": history_for(tie) if access.may_see_history(user, tie) else None,
    }
    return render(request, "ties/tie_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def tie_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not access.may_create_ties(user):
        raise PermissionDenied
    if "refresh" in request.POST:
        form = TieForm(initial=initial_from_data(request.POST))
    else:
        initial = {"region_a": user.region_id} if user.region_id else {}
        form = TieForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            tie = services.tie_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The tie has been created."))
            return redirect("ties:detail", pk=tie.pk)
    return render(request, "ties/tie_form.html", {"form": form, "tie": None})


@login_required
@require_http_methods(["GET", "POST"])
def tie_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    tie = access.tie_for_user(user, pk, action="edit")
    if "refresh" in request.POST:
        form = TieForm(initial=initial_from_data(request.POST))
    else:
        form = TieForm(request.POST or None, initial=initial_from(tie))
    if form.is_bound and form.is_valid():
        try:
            services.tie_update(actor=user, tie=tie, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The tie has been saved."))
            return redirect("ties:detail", pk=tie.pk)
    return render(request, "ties/tie_form.html", {"form": form, "tie": tie})


@login_required
@require_http_methods(["GET", "POST"])
def tie_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tie = access.tie_for_user(request.user, pk, action="delete")
    if request.method == "POST":
        services.tie_delete(actor=request.user, tie=tie)
        messages.success(request, _("The tie has been deleted."))
        return redirect("ties:list")
    return render(request, "ties/tie_confirm_delete.html", {"tie": tie})

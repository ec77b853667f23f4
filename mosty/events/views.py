from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mosty.core.audit import history_for
from mosty.core.http import HtmxHttpRequest
from mosty.core.pagination import paginate
from mosty.events import access, selectors, services
from mosty.events.forms import EventFilterForm, EventForm
from mosty.events.selectors import EventFilters, When


def event_list(request: HtmxHttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET, years=selectors.event_years())
    form.is_valid()  # invalid filters are ignored; the valid ones apply
    data = getattr(form, "cleaned_data", {})
    when = When.PAST if data.get("when") == When.PAST else When.UPCOMING
    filters = EventFilters(
        when=when,
        kind=data.get("kind") or "",
        region=data.get("region") or "",
        country=data.get("country") or "",
        year=data.get("year"),
    )
    page = paginate(request, selectors.event_list(filters))
    context = {
        "form": form,
        "page": page,
        "when": when,
        "can_create": access.can_create_events(request.user),
    }
    template = "events/_event_results.html" if request.htmx else "events/event_list.html"
    return render(request, template, context)


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.event_for_user(request.user, pk)
    user = request.user
    context = {
        "event": event,
        "regions": list(event.regions.all()),
        "organisers": list(event.organisers.all()),
        "can_edit": access.can_edit_event(user, event),
        "can_delete": access.can_delete_event(user, event),
        "entries": history_for(event) if getattr(user, "is_staff_role", False) else None,
    }
    return render(request, "events/event_detail.html", context)


def forum_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.forum_list(), per_page=50)
    return render(request, "events/forum_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can_create_events(user):
        raise PermissionDenied
    own_region = getattr(user, "region_id", None)
    initial = {"regions": [own_region]} if own_region and not access.is_nationwide(user) else {}
    form = EventForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event has been created."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.event_for_user(request.user, pk, write=True)
    form = EventForm(
        request.POST or None, user=request.user, event=event, initial=EventForm.initial_for(event)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.event_for_user(request.user, pk)
    if not access.can_delete_event(request.user, event):
        raise PermissionDenied
    if request.method == "POST":
        services.event_delete(actor=request.user, event=event)
        messages.success(request, _("The event has been deleted."))
        return redirect(reverse("events:list"))
    return render(request, "events/event_confirm_delete.html", {"event": event})

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from mosty.commitments.access import visible_commitments
from mosty.core.audit import history_for
from mosty.core.errors import ApplicationError
from mosty.core.http import AuthenticatedHttpRequest, HtmxHttpRequest
from mosty.core.pagination import paginate
from mosty.events import access, ics, selectors, services
from mosty.events.comments import comments_context
from mosty.events.forms import DecisionForm, EventFilterForm, EventForm, RegistrationForm
from mosty.events.models import AgendaDocument, Event, RegistrationStatus
from mosty.events.selectors import EventFilters, When
from mosty.organisations.forms import add_service_errors
from mosty.territories.models import Region

REGISTERED_MESSAGES: dict[str, Any] = {
    RegistrationStatus.CONFIRMED: gettext_lazy("You are registered: your place is confirmed."),
    RegistrationStatus.WAITING: gettext_lazy(
        "All places are taken: you are on the waiting list and will be told when a place frees up."
    ),
    RegistrationStatus.PENDING: gettext_lazy("Your registration awaits the organisers' approval."),
}


def event_list(request: HtmxHttpRequest) -> HttpResponse:
    """The calendar: upcoming or past events the reader may see, filtered by kind, region and topic."""
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
        topic=data.get("topic") or "",
    )
    page = paginate(request, selectors.event_list(filters, access.visible_events(request.user)))
    context = {
        "form": form,
        "page": page,
        "when": when,
        "region": filters.region,
        "can_create": access.can_create_events(request.user),
    }
    template = "events/_event_results.html" if request.htmx else "events/event_list.html"
    return render(request, template, context)


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.event_for_user(request.user, pk)
    user = request.user
    can_manage = access.can_manage_event(user, event)
    mine = selectors.my_registration(event, user)
    questions = list(event.questions.all())
    decisions = visible_commitments(user, selectors.decisions_of(event))
    context = {
        "event": event,
        "regions": list(event.regions.all()),
        "organisers": list(event.organisers.all()),
        "topics": list(event.sectors.all()),
        "agenda": selectors.agenda_of(event),
        "can_edit": access.can_edit_event(user, event),
        "can_manage": can_manage,
        "can_delete": access.can_delete_event(user, event),
        "registration": mine,
        "waiting_position": selectors.waiting_position(mine)
        if mine is not None and mine.status == RegistrationStatus.WAITING
        else None,
        "registration_open": services.registration_open(event),
        "registration_form": RegistrationForm(questions=questions) if mine is None else None,
        "counts": selectors.registration_counts(event) if event.takes_registrations else {},
        "decisions": list(decisions),
        "attendees": services.attendees_count(event) if event.minutes_published_at else None,
        "organisations_present": list(event.organisations_present.all())
        if event.minutes_published_at
        else [],
        "calendar_url": ics.google_calendar_url(event) if event.start_date else "",
        "decision_form": DecisionForm() if can_manage else None,
        **comments_context(request, event.pk),
        "entries": history_for(event) if getattr(user, "is_staff_role", False) else None,
    }
    return render(request, "events/event_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Register (POST), or the registration form alone (GET) for those who come back to it."""
    event = access.event_for_user(request.user, pk)
    data = request.POST if request.method == "POST" else None  # bound even without questions
    form = RegistrationForm(data, questions=list(event.questions.all()))
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                actor=request.user, event=event, answers=form.answers()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("events:detail", pk=event.pk)
        else:
            messages.success(request, REGISTERED_MESSAGES[registration.status])
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/register.html", {"event": event, "form": form})


@login_required
@require_POST
def cancel_registration(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.event_for_user(request.user, pk)
    registration = selectors.my_registration(event, request.user)
    if registration is None:
        raise Http404
    services.registration_cancel(actor=request.user, registration=registration)
    messages.success(request, _("Your registration has been cancelled."))
    return redirect("events:detail", pk=event.pk)


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """All public events as an iCal feed (workspace events never: a feed URL is shared freely)."""
    events = selectors.feed_events(selectors.public_events())
    return _calendar_response(ics.calendar_bytes(events, name=_("Mosty: events")), "mosty-events.ics")


def region_calendar_feed(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code.upper())
    hosted = selectors.public_events().filter(regions=region)
    events = selectors.feed_events(hosted)
    name = _("Mosty: events in %(region)s") % {"region": region.name}
    return _calendar_response(ics.calendar_bytes(events, name=name), f"mosty-events-{region.code}.ics")


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One event's .ics ("Add to calendar"), to those who may see the event."""
    event = access.event_for_user(request.user, pk)
    if event.start_date is None:
        raise Http404
    response = _calendar_response(ics.event_bytes(event), f"event-{event.pk}.ics")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    if event.workspace_id is not None:
        response["Cache-Control"] = "private, no-store"
    return response


def _file(event: Event, field: Any, name: str, content_type: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    if event.workspace_id is not None:
        response["Cache-Control"] = "private, no-store"
    return response


def agenda_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A programme document, to those who may see the event (404 to anyone else)."""
    event = access.event_for_user(request.user, pk)
    document = get_object_or_404(AgendaDocument, pk=document_pk, item__event=event)
    return _file(event, document.file, document.original_name, document.content_type)


def minutes_document(request: HttpRequest, pk: int) -> FileResponse:
    event = access.event_for_user(request.user, pk)
    if not event.minutes_file or event.minutes_published_at is None:
        raise Http404
    return _file(event, event.minutes_file, event.minutes_file_name, event.minutes_file_type)


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

"""The organisers' pages of an event: programme, registration settings and questions, invitations,
the list of registrations (approve, decline, attendance on the day, export), minutes and decisions.
Each view reaches the event through `access.event_for_user(..., write=True)`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from mosty.core.errors import ApplicationError
from mosty.core.exports import Column, Sheet, csv_bytes, file_response, xlsx_bytes
from mosty.core.http import AuthenticatedHttpRequest
from mosty.events import access, selectors, services
from mosty.events.forms import (
    AgendaItemForm,
    DecisionForm,
    DocumentForm,
    InvitationForm,
    MinutesForm,
    QuestionForm,
    RegistrationSettingsForm,
)
from mosty.events.models import AgendaItem, Event, Registration, RegistrationQuestion
from mosty.organisations.forms import add_service_errors


def _data(request: AuthenticatedHttpRequest) -> Any:
    """The posted data, so that a form is bound on every POST (also an empty one)."""
    return request.POST if request.method == "POST" else None


def _event(request: AuthenticatedHttpRequest, pk: int) -> Event:
    return access.event_for_user(request.user, pk, write=True)


@login_required
@require_http_methods(["GET", "POST"])
def programme(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The programme: its items with their documents, and a form to add an item."""
    event = _event(request, pk)
    form = AgendaItemForm(_data(request), initial={"day": event.start_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agenda item has been added."))
            return redirect("events:programme", pk=event.pk)
    context = {
        "event": event,
        "form": form,
        "agenda": selectors.agenda_of(event),
        "document_form": DocumentForm(),
    }
    return render(request, "events/programme.html", context)


@login_required
@require_POST
def agenda_item_delete(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    event = _event(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, event=event)
    services.agenda_item_delete(actor=request.user, item=item)
    messages.success(request, _("The agenda item has been removed."))
    return redirect("events:programme", pk=event.pk)


@login_required
@require_POST
def agenda_document_add(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    event = _event(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, event=event)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.agenda_document_add(actor=request.user, item=item, file=form.cleaned_data["file"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The document has been added."))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect("events:programme", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def registration_settings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """How people register: mode, places, deadline; the questions on the form; invitations."""
    event = _event(request, pk)
    settings_form = RegistrationSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        initial={
            "registration_mode": event.registration_mode,
            "capacity": event.capacity,
            "registration_deadline": event.registration_deadline,
        },
    )
    question_form = QuestionForm(request.POST if request.POST.get("form") == "question" else None)
    invitation_form = InvitationForm(request.POST if request.POST.get("form") == "invitation" else None)
    if request.method == "POST":
        done = ""
        if settings_form.is_bound and settings_form.is_valid():
            try:
                services.registration_settings_update(
                    actor=request.user, event=event, **settings_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(settings_form, error)
            else:
                done = _("The registration settings have been saved.")
        elif question_form.is_bound and question_form.is_valid():
            try:
                services.question_add(actor=request.user, event=event, **question_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(question_form, error)
            else:
                done = _("The question has been added.")
        elif invitation_form.is_bound and invitation_form.is_valid():
            try:
                services.invitation_create(actor=request.user, event=event, **invitation_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(invitation_form, error)
            else:
                done = _("The invitation has been sent.")
        if done:
            messages.success(request, done)
            return redirect("events:registration_settings", pk=event.pk)
    context = {
        "event": event,
        "settings_form": settings_form,
        "question_form": question_form,
        "invitation_form": invitation_form,
        "questions": list(event.questions.all()),
        "invitations": list(event.invitations.all()),
    }
    return render(request, "events/registration_settings.html", context)


@login_required
@require_POST
def question_delete(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    event = _event(request, pk)
    question = get_object_or_404(RegistrationQuestion, pk=question_pk, event=event)
    services.question_delete(actor=request.user, question=question)
    messages.success(request, _("The question has been removed."))
    return redirect("events:registration_settings", pk=event.pk)


def _rows(event: Event) -> tuple[list[RegistrationQuestion], list[Registration]]:
    return list(event.questions.all()), list(selectors.registrations_for_organisers(event))


@login_required
def registrations(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Everyone who registered, with their answers; approve or decline, mark attendance."""
    event = _event(request, pk)
    questions, rows = _rows(event)
    for registration in rows:
        by_question = {answer.question_id: answer.value for answer in registration.answers.all()}
        registration.answer_list = [by_question.get(question.pk, "") for question in questions]  # type: ignore[attr-defined]
    context = {
        "event": event,
        "questions": questions,
        "registrations": rows,
        "counts": selectors.registration_counts(event),
        "attendees": services.attendees_count(event),
    }
    return render(request, "events/registrations.html", context)


ACTIONS = {
    "approve": (services.registration_approve, gettext_lazy("The registration has been approved.")),
    "decline": (services.registration_decline, gettext_lazy("The registration has been declined.")),
    "cancel": (services.registration_cancel, gettext_lazy("The registration has been cancelled.")),
}


@login_required
@require_POST
def registration_action(
    request: AuthenticatedHttpRequest, pk: int, registration_pk: int, action: str
) -> HttpResponse:
    event = _event(request, pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    if action not in ACTIONS:
        return HttpResponse(status=404)
    service, done = ACTIONS[action]
    try:
        service(actor=request.user, registration=registration)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(done))
    return redirect("events:registrations", pk=event.pk)


@login_required
@require_POST
def attendance(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """Tick or untick one person's attendance; an HTMX request gets the row back, a plain form the page."""
    event = _event(request, pk)
    registration = get_object_or_404(
        Registration.objects.select_related("user"), pk=registration_pk, event=event
    )
    registration.event = event
    attended = request.POST.get("attended") == "on"
    try:
        services.attendance_set(actor=request.user, registration=registration, attended=attended)
    except ApplicationError as error:
        messages.error(request, error.message)
    if getattr(request, "htmx", False):
        context = {"event": event, "registration": registration, "attendees": services.attendees_count(event)}
        return render(request, "events/_attendance.html", context)
    return redirect("events:registrations", pk=event.pk)


def _export_columns(questions: list[RegistrationQuestion]) -> list[Column]:
    columns = [
        Column("name", gettext_lazy("name")),
        Column("email", gettext_lazy("e-mail")),
        Column("status", gettext_lazy("status")),
        Column("registered", gettext_lazy("registered")),
        Column("attended", gettext_lazy("attended")),
    ]
    columns += [Column(f"q{question.pk}", question.text) for question in questions]
    return columns


def _export_rows(questions: list[RegistrationQuestion], rows: list[Registration]) -> list[dict[str, Any]]:
    out = []
    for registration in rows:
        answers = {answer.question_id: answer.value for answer in registration.answers.all()}
        row: dict[str, Any] = {
            "name": registration.user.display_name,
            "email": registration.user.email,
            "status": str(registration.get_status_display()),
            "registered": registration.created_at.date(),
            "attended": _("yes") if registration.attended else _("no"),
        }
        for question in questions:
            row[f"q{question.pk}"] = answers.get(question.pk, "")
        out.append(row)
    return out


@login_required
def registrations_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The attendee list with the answers, as XLSX or CSV (organisers only)."""
    event = _event(request, pk)
    questions, rows = _rows(event)
    columns = _export_columns(questions)
    data = _export_rows(questions, rows)
    if fmt == "csv":
        response = file_response(csv_bytes(columns, data), f"event-{event.pk}-registrations.csv")
    else:
        sheet = Sheet("registrations", columns, data, title=event.title)
        response = file_response(xlsx_bytes([sheet]), f"event-{event.pk}-registrations.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    initial = {
        "minutes": event.minutes,
        "attendees_override": event.attendees_override,
        "organisations_present": [organisation.pk for organisation in event.organisations_present.all()],
    }
    form = MinutesForm(_data(request), request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_publish(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes have been published."))
            return redirect("events:detail", pk=event.pk)
    context = {"event": event, "form": form, "counted": services.attendees_count(event)}
    return render(request, "events/minutes_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A decision of the event, tracked by the commitment engine from now on."""
    event = _event(request, pk)
    form = DecisionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_add(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision has been added and is tracked as a commitment."))
            return redirect(reverse("events:detail", args=[event.pk]) + "#decisions")
    return render(request, "events/decision_form.html", {"event": event, "form": form})

"""Registration, organisers' pages, minutes and decisions through the HTTP client."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from mosty import factories
from mosty.accounts.models import User
from mosty.commitments.models import Commitment, Status
from mosty.events import services
from mosty.events.models import AgendaDocument, Event, QuestionKind, Registration, RegistrationStatus
from mosty.events.tests.conftest import future_event
from mosty.territories.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text(response: Any) -> str:
    return response.content.decode()


def test_a_visitor_registers_on_the_event_page_and_sees_the_place_confirmed(
    client: Client, open_event: Event, citizen: User, django_capture_on_commit_callbacks: Any
) -> None:
    english(client).force_login(citizen)
    page = text(client.get(reverse("events:detail", args=[open_event.pk])))
    assert "0 of 2 places taken" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:register", args=[open_event.pk]), follow=True)
    page = text(response)
    assert "You are registered: your place is confirmed." in page
    assert "Your registration: confirmed" in page
    assert "1 of 2 places taken" in page
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments[0][0] == "event.ics"
    # Registering twice is refused politely, on the page.
    page = text(client.post(reverse("events:register", args=[open_event.pk]), follow=True))
    assert "You are already registered for this event." in page
    assert Registration.objects.filter(event=open_event).count() == 1
    # Cancelling.
    page = text(client.post(reverse("events:cancel", args=[open_event.pk]), follow=True))
    assert "Your registration has been cancelled." in page
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED


def test_a_full_event_puts_the_visitor_on_the_waiting_list_with_a_position(
    client: Client, open_event: Event, citizen: User
) -> None:
    for _ in range(3):
        services.registration_create(actor=factories.UserFactory.create(), event=open_event)
    english(client).force_login(citizen)
    page = text(client.post(reverse("events:register", args=[open_event.pk]), follow=True))
    assert "you are on the waiting list" in page
    assert "number 2 on the waiting list" in page
    assert "2 of 2 places taken" in page and "2 on the waiting list" in page


def test_required_questions_are_asked_on_the_form(
    client: Client, open_event: Event, coordinator: User, citizen: User
) -> None:
    question = services.question_add(
        actor=coordinator,
        event=open_event,
        text="Какую организацию вы представляете?",
        kind=QuestionKind.SHORT,
        required=True,
    )
    english(client).force_login(citizen)
    response = client.post(reverse("events:register", args=[open_event.pk]), {})
    assert response.status_code == 200
    assert "This field is required." in text(response)
    assert not Registration.objects.exists()
    client.post(reverse("events:register", args=[open_event.pk]), {f"question_{question.pk}": "Школа №5"})
    assert Registration.objects.get().answers.get().value == "Школа №5"


def test_anonymous_visitors_are_asked_to_sign_in(client: Client, open_event: Event) -> None:
    page = text(english(client).get(reverse("events:detail", args=[open_event.pk])))
    assert "Sign in to register." in page
    response = client.post(reverse("events:register", args=[open_event.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    "url_name",
    [
        "programme",
        "registration_settings",
        "registrations",
        "minutes",
        "decision_add",
        "export_csv",
        "export_xlsx",
    ],
)
def test_organiser_pages_are_for_organisers(
    client: Client, open_event: Event, citizen: User, coordinator: User, url_name: str
) -> None:
    url = reverse(f"events:{url_name}", args=[open_event.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_the_organiser_builds_the_programme_with_documents_served_through_the_event(
    client: Client, open_event: Event, coordinator: User
) -> None:
    english(client).force_login(coordinator)
    url = reverse("events:programme", args=[open_event.pk])
    client.post(
        url, {"start_time": "10:00", "end_time": "11:30", "title": "Открытие", "speakers": "Губернатор"}
    )
    client.post(url, {"start_time": "09:30", "title": "Регистрация участников"})
    items = list(open_event.agenda.order_by("start_time").values_list("title", flat=True))
    assert items == ["Регистрация участников", "Открытие"]
    item = open_event.agenda.get(title="Открытие")
    upload = SimpleUploadedFile("программа.pdf", PDF, content_type="application/pdf")
    client.post(reverse("events:agenda_document_add", args=[open_event.pk, item.pk]), {"file": upload})
    document = AgendaDocument.objects.get()
    page = text(client.get(reverse("events:detail", args=[open_event.pk])))
    assert page.index("Регистрация участников") < page.index("Открытие")
    assert "программа.pdf" in page
    response = client.get(reverse("events:agenda_document", args=[open_event.pk, document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    # A program disguised as a PDF is refused.
    fake = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = text(
        client.post(
            reverse("events:agenda_document_add", args=[open_event.pk, item.pk]), {"file": fake}, follow=True
        )
    )
    assert "is not what its name says it is" in page
    assert AgendaDocument.objects.count() == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_the_registrations_page_query_count_does_not_grow(
    client: Client, open_event: Event, coordinator: User, django_assert_num_queries: Any, rows: int
) -> None:
    question = services.question_add(
        actor=coordinator, event=open_event, text="Город", kind=QuestionKind.SHORT
    )
    for n in range(rows):
        services.registration_create(
            actor=factories.UserFactory.create(), event=open_event, answers={question.pk: f"Город {n}"}
        )
    client.force_login(coordinator)
    client.get(reverse("events:registrations", args=[open_event.pk]))  # warm the session
    # session, user, event (+ regions, organisers, sectors, workspace check), questions, registrations,
    # answers, counts, attendees, notifications badge: fixed whatever the number of rows.
    with django_assert_num_queries(14):  # 13, and the unread-notifications badge
        response = client.get(reverse("events:registrations", args=[open_event.pk]))
    assert "Город 0" in text(response)


def test_attendance_is_ticked_with_htmx_and_without(
    client: Client, open_event: Event, coordinator: User
) -> None:
    first = services.registration_create(actor=factories.UserFactory.create(), event=open_event)
    second = services.registration_create(actor=factories.UserFactory.create(), event=open_event)
    english(client).force_login(coordinator)
    url = reverse("events:attendance", args=[open_event.pk, first.pk])
    response = client.post(url, {"attended": "on"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = text(response)
    assert "<html" not in fragment and "checked" in fragment and "1 attendee" in fragment
    response = client.post(reverse("events:attendance", args=[open_event.pk, second.pk]), {"attended": "on"})
    assert response.status_code == 302
    client.post(url, {})  # unticked
    first.refresh_from_db()
    assert not first.attended
    assert services.attendees_count(open_event) == 1


def test_organisers_approve_and_decline_on_the_registrations_page(
    client: Client, region_ru: Region, coordinator: User, citizen: User, representative: User
) -> None:
    event = future_event(region_ru, mode="approval", capacity=5)
    first = services.registration_create(actor=citizen, event=event)
    second = services.registration_create(actor=representative, event=event)
    english(client).force_login(coordinator)
    page = text(client.get(reverse("events:registrations", args=[event.pk])))
    assert "2 awaiting approval" in page
    client.post(reverse("events:registration_action", args=[event.pk, first.pk, "approve"]))
    client.post(reverse("events:registration_action", args=[event.pk, second.pk, "decline"]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.DECLINED)
    assert (
        client.post(reverse("events:registration_action", args=[event.pk, first.pk, "destroy"])).status_code
        == 404
    )


def test_attendee_list_exports_with_answers_in_csv_and_xlsx(
    client: Client, open_event: Event, coordinator: User
) -> None:
    question = services.question_add(
        actor=coordinator, event=open_event, text="Должность", kind=QuestionKind.SHORT
    )
    user = factories.UserFactory.create(full_name="Иван Петров")
    services.registration_create(actor=user, event=open_event, answers={question.pk: '=HYPERLINK("x")'})
    english(client).force_login(coordinator)
    response = client.get(reverse("events:export_csv", args=[open_event.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["name", "e-mail", "status", "registered", "attended", "Должность"]
    assert rows[1][0] == "Иван Петров" and rows[1][2] == "confirmed"
    assert rows[1][5] == '\'=HYPERLINK("x")'  # neutralised, not a formula
    response = client.get(reverse("events:export_xlsx", args=[open_event.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][5] == "Должность" and values[1][0] == "Иван Петров"


def test_minutes_and_decisions_are_published_and_the_decisions_tracked_as_commitments(
    client: Client, region_ru: Region, coordinator: User
) -> None:
    event = future_event(region_ru, start_date=datetime.date(2026, 3, 2))
    organisation = factories.OrganisationFactory.create(
        region=region_ru, name_ru="Администрация Смоленской области", name_en="Smolensk Oblast Administration"
    )
    english(client).force_login(coordinator)
    response = client.post(
        reverse("events:minutes", args=[event.pk]),
        {
            "minutes": "Обсудили <script>alert(1)</script> молодёжный обмен.",
            "attendees_override": "42",
            "organisations_present": [organisation.pk],
            "file": SimpleUploadedFile("протокол.pdf", PDF),
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("events:decision_add", args=[event.pk]),
        {
            "title": "Провести летний лагерь",
            "responsible_organisation": organisation.pk,
            "deadline": "2026-08-01",
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.source_kind, commitment.source_id, commitment.status) == (
        "event",
        event.pk,
        Status.PLANNED,
    )
    page = text(client.get(reverse("events:detail", args=[event.pk])))
    assert "<script>alert(1)</script>" not in page
    assert "Number of attendees" in page and ">42<" in page
    assert "Smolensk Oblast Administration" in page
    assert "Провести летний лагерь" in page and "Planned" in page
    assert "протокол.pdf" in page
    response = client.get(reverse("events:minutes_document", args=[event.pk]))
    assert b"".join(response.streaming_content) == PDF
    # Without a responsible party the decision is refused on the form.
    page = text(client.post(reverse("events:decision_add", args=[event.pk]), {"title": "Без ответственного"}))
    assert "Name the responsible organisation or region." in page
    assert Commitment.objects.count() == 1


def test_the_registration_settings_page_saves_mode_places_questions_and_invitations(
    client: Client, open_event: Event, coordinator: User, citizen: User
) -> None:
    english(client).force_login(coordinator)
    url = reverse("events:registration_settings", args=[open_event.pk])
    client.post(url, {"form": "settings", "registration_mode": "invitation", "capacity": "30"})
    client.post(
        url, {"form": "question", "text": "Секция", "kind": "choice", "choices": "Экономика\nКультура"}
    )
    client.post(url, {"form": "invitation", "email": citizen.email})
    open_event.refresh_from_db()
    assert (open_event.registration_mode, open_event.capacity) == ("invitation", 30)
    assert open_event.questions.get().choice_list == ["Экономика", "Культура"]
    assert open_event.invitations.get().email == citizen.email
    page = text(client.post(url, {"form": "settings", "registration_mode": "open", "capacity": "0"}))
    assert "Ensure this value is greater than or equal to 1." in page

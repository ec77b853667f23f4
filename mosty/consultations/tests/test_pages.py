"""Consultation pages and API: the draft with comment counts in the margin, the diff with accessible
marks, the organisers' forms, and list pages whose query count does not grow with the data."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mosty.accounts.models import User
from mosty.comments import services as comments
from mosty.consultations import services
from mosty.consultations.models import Consultation, Paragraph
from mosty.consultations.tests.conftest import DRAFT, DRAFT_V2

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]
KIND = "consultation_paragraph"


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_draft_shows_numbered_paragraphs_and_comment_counts_in_the_margin(
    client: Client, consultation: Consultation, paragraphs: list[Paragraph], commenter: User, supporter: User
) -> None:
    comments.comment_create(author=commenter, kind=KIND, target_id=paragraphs[0].pk, body="Раз")
    comments.comment_create(author=supporter, kind=KIND, target_id=paragraphs[0].pk, body="Два")
    client.cookies["mosty_language"] = "en"
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert f"<h1>{consultation.title}</h1>" in page
    assert "2 comments on 1.1" in page
    assert "0 comments on 2.1" in page
    assert '<span class="draft-number">1.2</span>' in page


def test_the_detail_page_makes_the_same_number_of_queries_whatever_the_comments(
    client: Client, consultation: Consultation, paragraphs: list[Paragraph], commenter: User, supporter: User
) -> None:
    url = f"/consultations/{consultation.pk}/"
    comments.comment_create(author=commenter, kind=KIND, target_id=paragraphs[0].pk, body="Раз")
    few = _queries(client, url)
    for paragraph in paragraphs:
        comments.comment_create(author=supporter, kind=KIND, target_id=paragraph.pk, body="Ещё")
    assert _queries(client, url) == few


def test_the_list_and_the_table_make_the_same_number_of_queries_whatever_the_count(
    client: Client, consultation: Consultation, organiser: User, paragraphs: list[Paragraph], commenter: User
) -> None:
    now = timezone.now()
    comments.comment_create(author=commenter, kind=KIND, target_id=paragraphs[0].pk, body="Раз")
    few = {
        url: _queries(client, url)
        for url in ("/consultations/", f"/consultations/{consultation.pk}/answers/")
    }
    for index in range(6):
        services.consultation_create(
            actor=organiser,
            title=f"Проект {index}",
            text=DRAFT,
            opens_at=now,
            closes_at=now + datetime.timedelta(days=1),
        )
    from mosty import factories

    for paragraph in paragraphs:
        comments.comment_create(
            author=factories.UserFactory.create(), kind=KIND, target_id=paragraph.pk, body="Ещё"
        )
    for url, count in few.items():
        assert _queries(client, url) == count, url


def test_the_diff_marks_changes_with_text_labels_not_colour_only(
    client: Client, consultation: Consultation, organiser: User
) -> None:
    services.version_publish(
        actor=organiser, consultation=consultation, text=DRAFT_V2, note="Учтены замечания"
    )
    client.cookies["mosty_language"] = "en"
    page = client.get(f"/consultations/{consultation.pk}/diff/?from=1&to=2").content.decode()
    assert "Changes from version 1 to version 2" in page
    assert '<ins><span class="visually-hidden">[added: </span>и межрегионального ' in page
    assert "Changed:" in page
    assert "Added:" in page
    assert "Рекомендуется открыть новые пункты пропуска." in page
    assert "Учтены замечания" in page


def test_an_unknown_version_is_404(client: Client, consultation: Consultation) -> None:
    assert client.get(f"/consultations/{consultation.pk}/?version=9").status_code == 404
    assert client.get(f"/consultations/{consultation.pk}/diff/?from=1&to=x").status_code == 404
    assert client.get(f"/consultations/{consultation.pk}/answers.exe").status_code == 404


def test_an_organiser_creates_a_consultation_and_publishes_a_version_through_the_pages(
    client: Client, organiser: User
) -> None:
    client.force_login(organiser)
    response = client.post(
        "/consultations/new/",
        {
            "title": "Проект рекомендаций",
            "summary": "",
            "opens_at": "2026-12-01T09:00",
            "closes_at": "2026-12-20T18:00",
            "text": DRAFT,
        },
    )
    consultation = Consultation.objects.get()
    assert response.url == f"/consultations/{consultation.pk}/"
    response = client.post(
        f"/consultations/{consultation.pk}/versions/new/", {"text": DRAFT_V2, "note": "v2"}
    )
    assert response.url == f"/consultations/{consultation.pk}/diff/?from=1&to=2"
    assert consultation.versions.count() == 2


def test_a_malformed_text_is_shown_on_the_form(client: Client, organiser: User) -> None:
    client.force_login(organiser)
    client.cookies["mosty_language"] = "en"
    response = client.post(
        "/consultations/new/",
        {
            "title": "Проект",
            "opens_at": "2026-12-01T09:00",
            "closes_at": "2026-12-20T18:00",
            "text": "Без раздела",
        },
    )
    assert response.status_code == 200
    assert "must start with a section heading" in response.content.decode()
    assert not Consultation.objects.exists()


def test_citizens_do_not_see_the_organisers_forms(
    client: Client, consultation: Consultation, citizen: User
) -> None:
    client.force_login(citizen)
    assert client.get("/consultations/new/").status_code == 403
    assert client.get(f"/consultations/{consultation.pk}/versions/new/").status_code == 403
    assert client.get(f"/consultations/{consultation.pk}/edit/").status_code == 403


def test_unsafe_markup_in_a_comment_is_inert_in_the_table(
    client: Client, consultation: Consultation, paragraphs: list[Paragraph], commenter: User
) -> None:
    comments.comment_create(
        author=commenter,
        kind=KIND,
        target_id=paragraphs[0].pk,
        body='<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))',
        proposed_text="<script>alert(4)</script>",
    )
    page = client.get(f"/consultations/{consultation.pk}/answers/").content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page  # shown as text, escaped: inert
    assert 'href="javascript:' not in page


def test_the_api_lists_and_shows_consultations_with_counts(
    client: Client, consultation: Consultation, paragraphs: list[Paragraph], commenter: User
) -> None:
    comments.comment_create(author=commenter, kind=KIND, target_id=paragraphs[2].pk, body="Раз")
    listing = client.get("/api/v1/consultations", {"status": "open"}).json()
    assert listing["count"] == 1
    assert listing["items"][0]["status"] == "open"
    assert client.get("/api/v1/consultations", {"status": "answered"}).json()["count"] == 0
    detail = client.get(f"/api/v1/consultations/{consultation.pk}").json()
    assert detail["version"] == 1
    assert [v["number"] for v in detail["versions"]] == [1]
    assert [[p["label"] for p in s["paragraphs"]] for s in detail["sections"]] == [["1.1", "1.2"], ["2.1"]]
    assert detail["sections"][1]["paragraphs"][0]["comments"] == 1
    assert client.get("/api/v1/consultations/999999").status_code == 404


def test_the_list_filters_by_status(client: Client, consultation: Consultation, organiser: User) -> None:
    now = timezone.now()
    services.consultation_create(
        actor=organiser,
        title="Будущая",
        text=DRAFT,
        opens_at=now + datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=5),
    )
    page = client.get("/consultations/", {"status": "upcoming"}).content.decode()
    assert "Будущая" in page
    assert consultation.title not in page

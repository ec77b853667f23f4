"""Consultations: creating, versions, paragraph comments while open only, answers by the organisers,
the "answered" status, and the table of comments and answers on a known set (page, CSV, XLSX, PDF)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.comments import services as comments
from mosty.comments.models import Comment
from mosty.consultations import services
from mosty.consultations.models import Answer, Consultation, ConsultationStatus, Decision, Paragraph, Version
from mosty.consultations.tests.conftest import DRAFT, DRAFT_V2
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry, Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]

KIND = "consultation_paragraph"


def _after_close(consultation: Consultation) -> Any:
    return time_machine.travel(consultation.closes_at + datetime.timedelta(hours=1), tick=False)


def test_creating_imports_the_first_version_numbered(
    consultation: Consultation, paragraphs: list[Paragraph]
) -> None:
    assert consultation.status == ConsultationStatus.OPEN
    assert [p.label for p in paragraphs] == ["1.1", "1.2", "2.1"]
    assert paragraphs[0].text.startswith(
        "Настоящие рекомендации направлены на совершенствование правовой базы приграничного"
    )
    assert Version.objects.get().number == 1
    assert AuditEntry.objects.filter(object_id=str(consultation.pk)).exists()


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.MODERATOR])
def test_citizens_and_moderators_do_not_organise_consultations(role: str) -> None:
    user = factories.UserFactory.create(role=role)
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.consultation_create(
            actor=user, title="x", text=DRAFT, opens_at=now, closes_at=now + datetime.timedelta(days=1)
        )


def test_a_period_that_ends_before_it_starts_is_refused(organiser: User) -> None:
    now = timezone.now()
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            services.consultation_create(actor=organiser, title="x", text=DRAFT, opens_at=now, closes_at=now)
        assert "must close after it opens" in str(error.value.message_dict["closes_at"])


def test_a_representative_organises_only_for_their_own_organisation(region_ru: Any) -> None:
    representative = factories.UserFactory.create(role=Role.REPRESENTATIVE)
    own = factories.OrganisationFactory.create(region=region_ru)
    own.representatives.add(representative)
    other = factories.OrganisationFactory.create(region=region_ru)
    now = timezone.now()
    period = {"opens_at": now, "closes_at": now + datetime.timedelta(days=3)}
    consultation = services.consultation_create(
        actor=representative, title="Проект", text=DRAFT, organisation=own, **period
    )
    assert consultation.organisation == own
    with pytest.raises(ValidationError):
        services.consultation_create(
            actor=representative, title="Проект", text=DRAFT, organisation=other, **period
        )


def test_status_follows_the_period_and_the_answers(consultation: Consultation) -> None:
    assert (
        consultation.status_at(consultation.opens_at - datetime.timedelta(seconds=1))
        == ConsultationStatus.UPCOMING
    )
    assert consultation.status_at(consultation.closes_at) == ConsultationStatus.CLOSED
    consultation.answered_at = consultation.closes_at
    assert consultation.status_at(consultation.closes_at) == ConsultationStatus.ANSWERED


def test_a_new_version_keeps_the_old_one_and_its_comments(
    consultation: Consultation, organiser: User, paragraphs: list[Paragraph], commenter: User
) -> None:
    comments.comment_create(author=commenter, kind=KIND, target_id=paragraphs[0].pk, body="Замечание")
    version = services.version_publish(
        actor=organiser, consultation=consultation, text=DRAFT_V2, note="Учтены замечания"
    )
    assert version.number == 2
    assert Paragraph.objects.filter(version__number=1).count() == 3
    assert Paragraph.objects.filter(version=version).count() == 4
    assert Comment.objects.get().target_id == paragraphs[0].pk
    # Comments go to the current version only.
    with translation.override("en"), pytest.raises(PermissionDenied) as error:
        comments.comment_create(author=commenter, kind=KIND, target_id=paragraphs[1].pk, body="Ещё")
    assert "current version" in str(error.value)


def test_only_organisers_publish_versions(consultation: Consultation, commenter: User) -> None:
    with pytest.raises(PermissionDenied):
        services.version_publish(actor=commenter, consultation=consultation, text=DRAFT_V2)


def test_comments_proposals_and_support_on_an_open_consultation(
    consultation: Consultation, paragraphs: list[Paragraph], commenter: User, supporter: User, organiser: User
) -> None:
    comment = comments.comment_create(
        author=commenter,
        kind=KIND,
        target_id=paragraphs[0].pk,
        body="Уточнить",
        proposed_text="Новая редакция",
    )
    comments.comment_support(user=supporter, comment=comment)
    comment.refresh_from_db()
    assert comment.support_count == 1
    assert comment.proposed_text == "Новая редакция"
    assert Notification.objects.filter(recipient=organiser).exists()


@pytest.mark.parametrize("moment", ["before", "after"])
def test_commenting_outside_the_period_is_refused(
    consultation: Consultation, paragraphs: list[Paragraph], commenter: User, moment: str
) -> None:
    when = (
        consultation.opens_at - datetime.timedelta(hours=1) if moment == "before" else consultation.closes_at
    )
    expected = (
        "not open for comments yet" if moment == "before" else "This consultation is closed for comments."
    )
    with (
        time_machine.travel(when, tick=False),
        translation.override("en"),
        pytest.raises(PermissionDenied) as error,
    ):
        comments.comment_create(author=commenter, kind=KIND, target_id=paragraphs[0].pk, body="Поздно")
    assert expected in str(error.value)
    assert not Comment.objects.exists()


def test_the_closed_refusal_is_shown_on_the_paragraph_page(
    client: Client, consultation: Consultation, paragraphs: list[Paragraph], commenter: User
) -> None:
    client.force_login(commenter)
    client.cookies["mosty_language"] = "en"
    with time_machine.travel(consultation.closes_at + datetime.timedelta(days=1), tick=False):
        page = client.get(f"/consultations/{consultation.pk}/paragraphs/{paragraphs[0].pk}/").content.decode()
        response = client.post(
            f"/comments/on/{KIND}/{paragraphs[0].pk}/new/", {"body": "Поздно"}, follow=True
        )
    assert "This consultation is closed for comments." in page
    assert "This consultation is closed for comments." in response.content.decode()
    assert not Comment.objects.exists()


def test_answers_only_after_closing_only_by_organisers_and_with_reasons(
    consultation: Consultation, paragraphs: list[Paragraph], commenter: User, organiser: User
) -> None:
    comment = comments.comment_create(
        author=commenter, kind=KIND, target_id=paragraphs[0].pk, body="Замечание"
    )
    with pytest.raises(ApplicationError):
        services.answer_give(
            actor=organiser, consultation=consultation, comment=comment, decision=Decision.ACCEPTED
        )
    with _after_close(consultation):
        with pytest.raises(PermissionDenied):
            services.answer_give(
                actor=commenter, consultation=consultation, comment=comment, decision=Decision.ACCEPTED
            )
        with translation.override("en"):
            with pytest.raises(ValidationError) as error:
                services.answer_give(
                    actor=organiser, consultation=consultation, comment=comment, decision=Decision.DECLINED
                )
            assert "Say why" in str(error.value.message_dict["reason"])
        services.answer_give(
            actor=organiser, consultation=consultation, comment=comment, decision=Decision.ACCEPTED
        )
        consultation.refresh_from_db()
        assert consultation.status == ConsultationStatus.ANSWERED
        # A second answer changes the first: one answer per comment, the change audited.
        services.answer_give(
            actor=organiser,
            consultation=consultation,
            comment=comment,
            decision=Decision.PARTLY,
            reason="Частично",
        )
    assert Answer.objects.get().decision == Decision.PARTLY
    assert AuditEntry.objects.filter(
        object_id=str(Answer.objects.get().pk), action=AuditEntry.Action.UPDATE
    ).exists()


def test_a_comment_on_another_consultation_cannot_be_answered_here(
    consultation: Consultation, paragraphs: list[Paragraph], commenter: User, organiser: User
) -> None:
    comment = comments.comment_create(
        author=commenter, kind=KIND, target_id=paragraphs[0].pk, body="Замечание"
    )
    now = timezone.now()
    other = services.consultation_create(
        actor=organiser,
        title="Другая",
        text=DRAFT,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now - datetime.timedelta(days=1),
    )
    with pytest.raises(ApplicationError):
        services.answer_give(actor=organiser, consultation=other, comment=comment, decision=Decision.ACCEPTED)


# --- The table of comments and answers on a known set ----------------------------------------------


@pytest.fixture
def answered(
    consultation: Consultation, paragraphs: list[Paragraph], organiser: User, supporter: User
) -> Consultation:
    """Three comments (one with a proposed wording and a supporter, one reply that needs no answer),
    all answered after closing."""
    first = factories.UserFactory.create(full_name="Андрей Первый")
    second = factories.UserFactory.create(full_name="Борис Второй")
    third = factories.UserFactory.create(full_name="Вера Третья")
    c1 = comments.comment_create(
        author=first,
        kind=KIND,
        target_id=paragraphs[0].pk,
        body="Добавить межрегиональное сотрудничество",
        proposed_text=(
            "Настоящие рекомендации направлены на развитие приграничного и межрегионального сотрудничества."
        ),
    )
    comments.comment_support(user=supporter, comment=c1)
    c2 = comments.comment_create(author=second, kind=KIND, target_id=paragraphs[2].pk, body="Нужны сроки")
    c3 = comments.comment_create(author=third, kind=KIND, target_id=paragraphs[1].pk, body="=1+1 формула")
    comments.comment_create(author=third, kind=KIND, target_id=paragraphs[0].pk, body="Согласна", parent=c1)
    with _after_close(consultation):
        services.answer_give(
            actor=organiser, consultation=consultation, comment=c1, decision=Decision.ACCEPTED
        )
        services.answer_give(
            actor=organiser,
            consultation=consultation,
            comment=c2,
            decision=Decision.PARTLY,
            reason="Сроки будут определены соглашениями",
        )
        consultation.refresh_from_db()
        assert consultation.answered_at is None  # one left
        services.answer_give(
            actor=organiser,
            consultation=consultation,
            comment=c3,
            decision=Decision.DECLINED,
            reason="Не относится к предмету",
        )
    consultation.refresh_from_db()
    return consultation


EXPECTED = [
    ["1", "1.1", "Андрей Первый", "Добавить межрегиональное сотрудничество", "1", "accepted", ""],
    ["1", "1.2", "Вера Третья", "'=1+1 формула", "0", "declined", "Не относится к предмету"],
    [
        "1",
        "2.1",
        "Борис Второй",
        "Нужны сроки",
        "0",
        "partly accepted",
        "Сроки будут определены соглашениями",
    ],
]


def test_the_consultation_is_answered_when_every_comment_is(answered: Consultation) -> None:
    later = answered.closes_at + datetime.timedelta(hours=1)
    assert answered.status_at(later) == ConsultationStatus.ANSWERED
    assert Answer.objects.count() == 3


def test_the_table_page_lists_every_comment_with_its_answer(client: Client, answered: Consultation) -> None:
    client.cookies["mosty_language"] = "en"
    page = client.get(f"/consultations/{answered.pk}/answers/").content.decode()
    assert "<h1>Table of comments and answers</h1>" in page
    positions = [page.index(row[2]) for row in EXPECTED]
    assert positions == sorted(positions)
    for text in (
        "Partly accepted",
        "Declined",
        "Accepted",
        "Сроки будут определены соглашениями",
        "3 of 3 comments answered",
    ):
        assert text in page
    assert "Согласна" not in page  # replies are discussion, not comments to answer


def test_the_csv_and_xlsx_hold_the_known_table(client: Client, answered: Consultation) -> None:
    client.cookies["mosty_language"] = "en"
    csv_text = client.get(f"/consultations/{answered.pk}/answers.csv").content.decode("utf-8-sig")
    lines = csv_text.strip().split("\r\n")
    assert (
        lines[0] == "version,paragraph,author,written,comment,proposed wording,supported by,decision,reason"
    )
    assert len(lines) == 4
    response = client.get(f"/consultations/{answered.pk}/answers.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["answers"]
    rows = [
        [("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert [[r[0], r[1], r[2], r[4], r[6], r[7], r[8]] for r in rows] == EXPECTED
    assert rows[0][5].startswith("Настоящие рекомендации направлены на развитие")


def test_the_pdf_holds_the_known_table_in_cyrillic(client: Client, answered: Consultation) -> None:
    client.cookies["mosty_language"] = "en"
    response = client.get(f"/consultations/{answered.pk}/answers.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    squashed = " ".join(text.split())
    assert answered.title in squashed
    for row in EXPECTED:
        assert row[2] in squashed
    for answer in ("Сроки будут определены соглашениями", "Не относится к предмету"):
        assert answer in squashed
    assert "partly accepted" in squashed


def test_the_api_gives_the_table_too(client: Client, answered: Consultation) -> None:
    rows = client.get(f"/api/v1/consultations/{answered.pk}/answers").json()
    assert [(r["paragraph"], r["author"], r["decision"]) for r in rows] == [
        ("1.1", "Андрей Первый", "accepted"),
        ("1.2", "Вера Третья", "declined"),
        ("2.1", "Борис Второй", "partly"),
    ]


def test_an_organiser_answers_through_the_page(
    client: Client, consultation: Consultation, paragraphs: list[Paragraph], commenter: User, organiser: User
) -> None:
    comment = comments.comment_create(
        author=commenter, kind=KIND, target_id=paragraphs[0].pk, body="Замечание"
    )
    client.force_login(organiser)
    with _after_close(consultation):
        page = client.get(f"/consultations/{consultation.pk}/answers/").content.decode()
        assert f'action="/consultations/{consultation.pk}/comments/{comment.pk}/answer/"' in page
        response = client.post(
            f"/consultations/{consultation.pk}/comments/{comment.pk}/answer/",
            {"decision": "declined", "reason": "Нет"},
        )
    assert response.status_code == 302
    assert Answer.objects.get().reason == "Нет"


def test_others_cannot_answer_through_the_page(
    client: Client, consultation: Consultation, paragraphs: list[Paragraph], commenter: User
) -> None:
    comment = comments.comment_create(
        author=commenter, kind=KIND, target_id=paragraphs[0].pk, body="Замечание"
    )
    client.force_login(commenter)
    with _after_close(consultation):
        response = client.post(
            f"/consultations/{consultation.pk}/comments/{comment.pk}/answer/", {"decision": "accepted"}
        )
    assert response.status_code == 403
    assert not Answer.objects.exists()

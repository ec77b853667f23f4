"""The commitment's page, reporting with evidence, verification, editing with a conflict, evidence
downloads behind the access check, and the "my commitments" list with its query count pinned."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.commitments import services
from mosty.commitments.models import Commitment, ProgressReport, Status
from mosty.core.uploads import FILE_CONTENT_MISMATCH
from mosty.organisations.models import Organisation

D = decimal.Decimal
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _detail(commitment: Commitment) -> str:
    return reverse("commitments:detail", args=[commitment.pk])


def test_commitment_page_shows_what_who_when_indicator_and_timeline(
    client: Client, commitment: Commitment, co_organisation: Organisation
) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(
        deadline=datetime.date(2026, 12, 1), actual_value=D(4), status=Status.IN_PROGRESS
    )
    factories.ProgressReportFactory(commitment=commitment, text="Проведены переговоры с 4 предприятиями")
    response = client.get(_detail(commitment))
    html = response.content.decode()
    assert "<h1>Провести совместную ярмарку льна</h1>" in html
    assert "Смоленский льнозавод" in html
    assert "Оршанский льнокомбинат" in html
    assert 'datetime="2026-12-01"' in html
    assert 'value="40"' in html  # 4 of 10: the progress bar
    assert "Проведены переговоры с 4 предприятиями" in html
    assert response.context["timeline"][0].kind == "report"
    assert 'id="timeline-heading"' in html
    assert response.context["can_report"] is False  # anonymous
    assert reverse("commitments:report", args=[commitment.pk]) not in html


def test_representative_reports_progress_with_evidence_without_javascript(
    client: Client, commitment: Commitment, representative: User
) -> None:
    client.force_login(representative)
    page = client.get(_detail(commitment)).content.decode()
    assert reverse("commitments:report", args=[commitment.pk]) in page
    response = client.post(
        reverse("commitments:report", args=[commitment.pk]),
        {
            "reported_on": datetime.date.today().isoformat(),
            "text": "Ярмарка проведена",
            "actual_value": "10",
            "links": "https://example.org/news/1\n",
            "evidence": [SimpleUploadedFile("protocol.pdf", PDF)],
        },
    )
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_detail(commitment)}#report-{report.pk}"
    assert report.links == ["https://example.org/news/1"]
    assert report.evidence.get().original_name == "protocol.pdf"
    commitment.refresh_from_db()
    assert commitment.actual_value is None  # waits for verification
    page = client.get(_detail(commitment)).content.decode()
    evidence = report.evidence.get()
    assert reverse("commitments:evidence", args=[evidence.pk]) in page
    assert "/media/" not in page


def test_report_form_partial_shows_refused_file_and_keeps_the_text(
    client: Client, commitment: Commitment, representative: User
) -> None:
    client.force_login(representative)
    form = client.get(reverse("commitments:report", args=[commitment.pk]), headers={"HX-Request": "true"})
    assert "<html" not in form.content.decode()
    assert 'enctype="multipart/form-data"' in form.content.decode()
    response = client.post(
        reverse("commitments:report", args=[commitment.pk]),
        {
            "reported_on": datetime.date.today().isoformat(),
            "text": "Ярмарка проведена",
            "evidence": [SimpleUploadedFile("protocol.pdf", b"MZ\x90\x00 not a pdf")],
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert response.context["report_form"].errors["evidence"] == [
        str(FILE_CONTENT_MISMATCH % {"name": "protocol.pdf"})
    ]
    assert 'id="id_evidence_error"' in html
    assert "Ярмарка проведена" in html
    assert not ProgressReport.objects.exists()


@pytest.mark.usefixtures("no_staff_mfa")
def test_coordinator_accepts_a_report_on_the_page_and_the_commitment_follows(
    client: Client, commitment: Commitment, representative: User, coordinator: User
) -> None:
    report = factories.ProgressReportFactory(commitment=commitment, author=representative, actual_value=D(10))
    client.force_login(coordinator)
    page = client.get(_detail(commitment)).content.decode()
    assert reverse("commitments:review", args=[commitment.pk, report.pk]) in page
    response = client.post(
        reverse("commitments:review", args=[commitment.pk, report.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == Status.DONE
    assert commitment.actual_value == D(10)


@pytest.mark.usefixtures("no_staff_mfa")
def test_second_editor_on_the_page_sees_the_conflict_and_keeps_what_they_typed(
    client: Client, commitment: Commitment, coordinator: User, commission_member: User
) -> None:
    client.force_login(coordinator)
    form = client.get(reverse("commitments:edit", args=[commitment.pk]))
    assert form.context["form"].initial["version"] == 1
    services.commitment_update(
        actor=commission_member, commitment=commitment, expected_version=1, title="Правка комиссии"
    )
    response = client.post(
        reverse("commitments:edit", args=[commitment.pk]),
        {"title": "Правка координатора", "report_every": "none", "weight": "1", "version": "1"},
    )
    assert response.status_code == 200
    assert response.context["conflict"] is True
    assert str(services.CONFLICT) in response.context["form"].non_field_errors()
    assert "Правка координатора" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.title == "Правка комиссии"


def test_evidence_is_served_only_to_those_who_may_see_the_commitment(
    client: Client, commitment: Commitment, representative: User, citizen: User
) -> None:
    report = services.report_submit(
        actor=representative,
        commitment=commitment,
        reported_on=datetime.date.today(),
        text="Протокол",
        files=[SimpleUploadedFile("Протокол.pdf", PDF)],
    )
    url = reverse("commitments:evidence", args=[report.evidence.get().pk])
    public = client.get(url)
    assert public.status_code == 200
    assert b"".join(public.streaming_content) == PDF  # type: ignore[attr-defined]
    assert public["Content-Type"] == "application/pdf"
    assert "attachment" in public["Content-Disposition"]
    Commitment.objects.filter(pk=commitment.pk).update(is_public=False)
    client.force_login(citizen)
    assert client.get(url).status_code == 404
    client.force_login(representative)
    assert client.get(url).status_code == 200
    assert client.get(reverse("commitments:evidence", args=[999999])).status_code == 404


def test_my_commitments_lists_only_what_the_user_answers_for(
    client: Client, commitment: Commitment, co_executor_user: User
) -> None:
    factories.CommitmentFactory(title="Чужое обязательство")
    client.force_login(co_executor_user)
    response = client.get(reverse("commitments:mine"))
    html = response.content.decode()
    assert "Провести совместную ярмарку льна" in html
    assert "Чужое обязательство" not in html
    assert response.context["scorecard"].total == 1


def test_my_commitments_asks_for_sign_in(client: Client) -> None:
    response = client.get(reverse("commitments:mine"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("rows", [3, 30])
def test_my_commitments_query_count_does_not_grow_with_rows(
    client: Client,
    organisation: Organisation,
    co_organisation: Organisation,
    representative: User,
    rows: int,
    django_assert_num_queries: Any,
) -> None:
    for _ in range(rows):
        factories.CommitmentFactory(responsible_organisation=organisation).co_executors.add(co_organisation)
    client.force_login(representative)
    # session, user, scorecard, count, rows with parties, co-executors
    with django_assert_num_queries(7):  # 6, and the unread-notifications badge
        response = client.get(reverse("commitments:mine"))
    assert len(response.context["page"].object_list) == min(rows, 25)

"""Reporting progress and verifying reports through the API with a token: the services of the
commitment's page, its permissions, and the API's error shape."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from mosty import factories
from mosty.accounts.models import User
from mosty.accounts.selectors import user_has_totp
from mosty.accounts.tests.conftest import activate_totp
from mosty.accounts.tokens import api_token_create
from mosty.commitments.models import Commitment, ProgressReport, Status
from mosty.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _token(user: User) -> dict[str, str]:
    if user.is_staff_role and not user_has_totp(user):
        activate_totp(user)
    _token, secret = api_token_create(actor=user, user=user, name="test")
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


def _post(client: Client, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return client.post(path, body, content_type="application/json", headers=headers or {})


REPORT = {
    "reported_on": "2026-01-20",
    "text": "Ярмарка проведена, участвовали 6 предприятий.",
    "actual_value": "6",
    "links": ["https://smolensk.example/news/1"],
}


def test_the_responsible_party_reports_and_the_audit_row_names_them(
    client: Client, commitment: Commitment, representative: User
) -> None:
    response = _post(client, f"/api/v1/commitments/{commitment.pk}/reports", REPORT, _token(representative))

    assert response.status_code == 201, response.content
    report = ProgressReport.objects.get()
    body = response.json()
    assert body["id"] == report.pk
    assert body["commitment"] == commitment.pk
    assert body["status"] == "submitted"
    assert body["actual_value"] == "6.00"
    assert body["links"] == ["https://smolensk.example/news/1"]
    assert body["evidence"] == []
    assert report.author == representative
    commitment.refresh_from_db()
    assert commitment.actual_value is None  # only an accepted report changes the commitment
    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(ProgressReport))
    assert entry.actor == representative


def test_a_co_executor_may_report_too(client: Client, commitment: Commitment, co_executor_user: User) -> None:
    response = _post(client, f"/api/v1/commitments/{commitment.pk}/reports", REPORT, _token(co_executor_user))

    assert response.status_code == 201


def test_report_refusals(client: Client, commitment: Commitment, representative: User, citizen: User) -> None:
    path = f"/api/v1/commitments/{commitment.pk}/reports"

    assert _post(client, path, REPORT).status_code == 401
    forbidden = _post(client, path, REPORT, _token(citizen))
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "forbidden"
    headers = _token(representative)
    bad_link = _post(client, path, {**REPORT, "links": ["javascript:alert(1)"]}, headers)
    assert bad_link.status_code == 400
    assert bad_link.json()["error"]["details"][0]["field"] == "links"
    future = _post(client, path, {**REPORT, "reported_on": "2999-01-01"}, headers)
    assert future.status_code == 400
    assert future.json()["error"]["details"][0]["field"] == "reported_on"
    negative = _post(client, path, {**REPORT, "actual_value": "-1"}, headers)
    assert negative.status_code == 400
    assert _post(client, "/api/v1/commitments/999999/reports", REPORT, headers).status_code == 404
    assert not ProgressReport.objects.exists()


def test_a_closed_commitment_takes_no_reports(
    client: Client, commitment: Commitment, representative: User
) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(status=Status.CANCELLED)

    response = _post(client, f"/api/v1/commitments/{commitment.pk}/reports", REPORT, _token(representative))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "commitment_closed"


def test_a_restricted_commitment_is_not_found_for_outsiders(client: Client, commitment: Commitment) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(is_public=False)
    outsider = factories.UserFactory(role="representative")

    response = _post(client, f"/api/v1/commitments/{commitment.pk}/reports", REPORT, _token(outsider))

    assert response.status_code == 404


@pytest.fixture
def report(commitment: Commitment, representative: User) -> ProgressReport:
    return factories.ProgressReportFactory(
        commitment=commitment, author=representative, actual_value=Decimal(10), marks_done=True
    )


def test_the_coordinator_accepts_a_report_and_the_commitment_changes(
    client: Client, report: ProgressReport, coordinator: User
) -> None:
    headers = _token(coordinator)

    response = _post(client, f"/api/v1/reports/{report.pk}/accept", {"comment": "Подтверждено"}, headers)
    again = _post(client, f"/api/v1/reports/{report.pk}/accept", {}, headers)

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert response.json()["review_comment"] == "Подтверждено"
    commitment = Commitment.objects.get()
    assert commitment.status == Status.DONE
    assert commitment.actual_value == Decimal(10)
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "already_reviewed"
    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Commitment), action=AuditEntry.Action.UPDATE
    ).get()
    assert entry.actor == coordinator


def test_the_author_and_outsiders_may_not_verify(
    client: Client, report: ProgressReport, representative: User, citizen: User
) -> None:
    assert _post(client, f"/api/v1/reports/{report.pk}/accept", {}, _token(representative)).status_code == 403
    assert (
        _post(client, f"/api/v1/reports/{report.pk}/return", {"comment": "x"}, _token(citizen)).status_code
        == 403
    )
    assert _post(client, "/api/v1/reports/999999/accept", {}, _token(citizen)).status_code == 404
    assert _post(client, f"/api/v1/reports/{report.pk}/accept", {}).status_code == 401
    report.refresh_from_db()
    assert report.status == ProgressReport.ReviewStatus.SUBMITTED


def test_returning_a_report_needs_a_comment(
    client: Client, report: ProgressReport, commission_member: User
) -> None:
    headers = _token(commission_member)

    empty = _post(client, f"/api/v1/reports/{report.pk}/return", {"comment": ""}, headers)
    blank = _post(client, f"/api/v1/reports/{report.pk}/return", {"comment": "<b></b>"}, headers)
    returned = _post(
        client, f"/api/v1/reports/{report.pk}/return", {"comment": "Приложите протокол"}, headers
    )

    assert empty.status_code == 400
    assert blank.status_code == 400
    assert blank.json()["error"]["details"][0]["field"] == "review_comment"
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == "returned"
    assert Commitment.objects.get().status == Status.PLANNED

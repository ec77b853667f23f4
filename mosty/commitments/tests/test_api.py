"""/api/v1/commitments: visibility as on the pages, filters, the detail with reports, unknown ids."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.test import Client

from mosty import factories
from mosty.accounts.models import User
from mosty.commitments.models import Commitment, Status
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

D = decimal.Decimal


def test_list_items_carry_parties_deadline_indicator_and_source(
    client: Client, commitment: Commitment, co_organisation: Organisation
) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(deadline=datetime.date(2026, 12, 1), actual_value=D(4))
    body = client.get("/api/v1/commitments").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == commitment.pk
    assert item["title"] == "Провести совместную ярмарку льна"
    assert item["status"] == "planned"
    assert item["responsible_organisation"] == commitment.responsible_organisation_id
    assert item["responsible_region"] is None
    assert item["co_executors"] == [co_organisation.pk]
    assert item["deadline"] == "2026-12-01"
    assert item["indicator"] == {"unit": "предприятий", "planned": "10.00", "actual": "4.00", "percent": 40}
    assert item["source"] == {"kind": "agreement", "id": 1}


def test_restricted_commitments_only_for_those_who_may_see_them(
    client: Client, commitment: Commitment, representative: User
) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(is_public=False)
    assert client.get("/api/v1/commitments").json()["count"] == 0
    assert client.get(f"/api/v1/commitments/{commitment.pk}").status_code == 404
    client.force_login(representative)
    assert client.get("/api/v1/commitments").json()["count"] == 1
    assert client.get(f"/api/v1/commitments/{commitment.pk}").json()["id"] == commitment.pk


def test_filters_combine(
    client: Client, commitment: Commitment, region_by: Region, organisation: Organisation
) -> None:
    overdue = factories.CommitmentFactory(
        responsible_organisation=None,
        responsible_region=region_by,
        status=Status.OVERDUE,
        deadline=datetime.date(2026, 1, 1),
        source_kind="event_decision",
        source_id=3,
    )

    def ids(query: str) -> list[int]:
        return [item["id"] for item in client.get(f"/api/v1/commitments?{query}").json()["items"]]

    assert ids("status=overdue") == [overdue.pk]
    assert ids("region=by-vi") == [overdue.pk]
    assert ids("region=RU-SMO") == [commitment.pk]  # through the responsible organisation's region
    assert ids(f"organisation={organisation.pk}") == [commitment.pk]
    assert ids("source_kind=event_decision&source_id=3") == [overdue.pk]
    assert ids("overdue=true") == [overdue.pk]
    assert client.get("/api/v1/commitments?status=lost").status_code == 400


def test_detail_lists_reports_with_evidence_addresses(
    client: Client, commitment: Commitment, representative: User, settings: Any, tmp_path: Any
) -> None:
    factories.ProgressReportFactory(
        commitment=commitment, author=representative, links=["https://example.org/"]
    )
    body = client.get(f"/api/v1/commitments/{commitment.pk}").json()
    assert body["description"] == ""
    assert [report["text"] for report in body["reports"]] == [
        "Выставка проведена, участвовали 12 предприятий."
    ]
    assert body["reports"][0]["status"] == "submitted"
    assert body["reports"][0]["links"] == ["https://example.org/"]
    assert client.get("/api/v1/commitments/999999").status_code == 404


def test_list_query_count_does_not_grow(
    client: Client, organisation: Organisation, co_organisation: Organisation, django_assert_num_queries: Any
) -> None:
    for rows in (3, 30):
        Commitment.objects.all().delete()
        for _ in range(rows):
            factories.CommitmentFactory(responsible_organisation=organisation).co_executors.add(
                co_organisation
            )
        with django_assert_num_queries(3):
            body = client.get("/api/v1/commitments").json()
        assert body["count"] == rows

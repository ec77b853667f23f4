"""The agreements in the API: public ones for everyone, restricted ones for those who may see them."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from mosty.accounts.models import User
from mosty.agreements.models import Agreement
from mosty.commitments.models import Commitment, Status
from mosty.events.models import Event
from mosty.territories.models import Region

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


def _ids(client: Client, **params: object) -> list[int]:
    response = client.get("/api/v1/agreements", params)
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def test_anonymous_sees_public_agreements_only(
    client: Client, agreement: Agreement, restricted: Agreement
) -> None:
    assert _ids(client) == [agreement.pk]
    assert client.get(f"/api/v1/agreements/{restricted.pk}").status_code == 404


def test_party_coordinator_and_commission_see_restricted_ones(
    agreement: Agreement, restricted: Agreement, coordinator: User, commission_member: User, citizen: User
) -> None:
    for user, expected in [(coordinator, True), (commission_member, True), (citizen, False)]:
        client = Client()
        client.force_login(user)
        assert (restricted.pk in _ids(client)) is expected
        assert client.get(f"/api/v1/agreements/{restricted.pk}").status_code == (200 if expected else 404)


def test_list_item_carries_parties_progress_and_filters_apply(
    client: Client, agreement: Agreement, forum: Event, region_ru: Region
) -> None:
    Commitment.objects.create(
        source_kind="agreement",
        source_id=agreement.pk,
        title="П",
        responsible_region=region_ru,
        status=Status.OVERDUE,
        deadline=datetime.date(2020, 1, 1),
    )
    item = client.get("/api/v1/agreements").json()["items"][0]
    assert item["number"] == "12-01"
    assert item["forum"] == forum.pk
    assert item["status"] == "signed"
    assert [party["region"] for party in item["parties"]] == ["RU-SMO", "BY-VI"]
    assert item["parties"][0]["names"]["ru"] == "Смоленская область"
    assert item["parties"][0]["signatory_name"] == "В. Анохин"
    assert (item["progress"], item["commitments"], item["overdue_commitments"]) == (0.0, 1, 1)
    assert _ids(client, forum=forum.pk, overdue="true", region="BY-VI", year=2025) == [agreement.pk]
    assert _ids(client, kind="memorandum") == []
    assert client.get("/api/v1/agreements", {"sort": "drop table"}).status_code == 400


def test_detail_has_the_scorecard(client: Client, agreement: Agreement, region_ru: Region) -> None:
    Commitment.objects.create(
        source_kind="agreement",
        source_id=agreement.pk,
        title="П",
        responsible_region=region_ru,
        status=Status.DONE,
        completed_on=datetime.date(2025, 7, 1),
    )
    body = client.get(f"/api/v1/agreements/{agreement.pk}").json()
    assert body["scorecard"]["done_on_time"] == 1
    assert body["progress"] == 100.0
    assert body["prolongation"] == "none"

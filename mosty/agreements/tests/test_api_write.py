"""Writing agreements through the API with a token: the pages' services and permissions, the API's
error shape (401, 403, 404, 400 with details, 409 conflict), audit rows naming the token's user."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.accounts.selectors import user_has_totp
from mosty.accounts.tests.conftest import activate_totp
from mosty.accounts.tokens import api_token_create
from mosty.agreements.models import Agreement
from mosty.commitments.models import Commitment
from mosty.core.models import AuditEntry
from mosty.events.models import Event
from mosty.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _token(user: User) -> dict[str, str]:
    if user.is_staff_role and not user_has_totp(user):
        activate_totp(user)
    _token, secret = api_token_create(actor=user, user=user, name="test")
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


def _post(client: Client, path: str, body: dict[str, Any], headers: dict[str, str] | None) -> Any:
    return client.post(path, body, content_type="application/json", headers=headers or {})


def _patch(client: Client, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.patch(path, body, content_type="application/json", headers=headers)


NEW = {
    "title": "Соглашение о сотрудничестве в области образования",
    "kind": "regions",
    "number": "12-07",
    "status": "signed",
    "signed_on": "2025-06-26",
    "amount": "1500000.00",
    "currency": "rub",
    "parties": [
        {"region": "RU-SMO", "signatory_name": "В. Анохин", "signatory_position": "Губернатор"},
        {"region": "by-vi"},
    ],
}


def test_a_coordinator_records_an_agreement_and_the_audit_row_names_them(
    client: Client, coordinator: User, region_by: Any, forum: Event
) -> None:
    factories.SectorFactory(code="P", name_en="Education")

    response = _post(
        client, "/api/v1/agreements", {**NEW, "forum": forum.pk, "sectors": ["P"]}, _token(coordinator)
    )

    assert response.status_code == 201, response.content
    body = response.json()
    agreement = Agreement.objects.get()
    assert body["id"] == agreement.pk
    assert body["version"] == 1
    assert body["forum"] == forum.pk
    assert body["sectors"] == ["P"]
    assert body["currency"] == "RUB"
    assert [party["region"] for party in body["parties"]] == ["RU-SMO", "BY-VI"]
    assert body["parties"][0]["signatory_name"] == "В. Анохин"
    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(Agreement))
    assert entry.actor == coordinator
    assert entry.action == AuditEntry.Action.CREATE


def test_recording_needs_a_token(client: Client, region_ru: Any, region_by: Any) -> None:
    response = _post(client, "/api/v1/agreements", NEW, None)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert not Agreement.objects.exists()


def test_a_citizen_may_not_record_an_agreement(
    client: Client, citizen: User, region_ru: Any, region_by: Any
) -> None:
    response = _post(client, "/api/v1/agreements", NEW, _token(citizen))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert not Agreement.objects.exists()


def test_a_coordinator_may_not_record_an_agreement_without_a_party_in_their_region(
    client: Client, coordinator: User, region_by: Any, other_region: Any
) -> None:
    body = {**NEW, "parties": [{"region": "RU-KLU"}, {"region": "BY-VI"}]}

    assert _post(client, "/api/v1/agreements", body, _token(coordinator)).status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"parties": [{"region": "RU-SMO"}]}, ""),
        ({"parties": [{"region": "RU-SMO"}, {"region": "XX-NONE"}]}, "parties.1"),
        ({"parties": [{"region": "RU-SMO"}, {"organisation": 999999}]}, "parties.1"),
        ({"amount": "-5"}, "amount"),
        ({"currency": "GBP"}, "currency"),
        ({"sectors": ["ZZ"]}, "sectors"),
        ({"kind": "treaty"}, "kind"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(
    client: Client,
    commission_member: User,
    region_ru: Any,
    region_by: Any,
    change: dict[str, Any],
    field: str,
) -> None:
    response = _post(client, "/api/v1/agreements", {**NEW, **change}, _token(commission_member))

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert any(detail["field"].endswith(field) for detail in error["details"]), error
    assert not Agreement.objects.exists()


def test_an_agreement_is_changed_with_its_version_and_a_stale_version_is_a_conflict(
    client: Client, agreement: Agreement, coordinator: User
) -> None:
    headers = _token(coordinator)
    path = f"/api/v1/agreements/{agreement.pk}"

    first = _patch(
        client, path, {"version": 1, "title": "Новое название", "amount": "10", "currency": "BYN"}, headers
    )
    second = _patch(client, path, {"version": 1, "title": "Другое название"}, headers)

    assert first.status_code == 200, first.content
    assert first.json()["title"] == "Новое название"
    assert first.json()["version"] == 2
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "conflict"
    agreement.refresh_from_db()
    assert agreement.title == "Новое название"
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).latest("pk")
    assert entry.actor == coordinator
    assert entry.changes["title"][1] == "Новое название"


def test_a_patch_changes_only_what_is_sent_and_null_clears(
    client: Client, agreement: Agreement, commission_member: User
) -> None:
    response = _patch(
        client, f"/api/v1/agreements/{agreement.pk}", {"version": 1, "forum": None}, _token(commission_member)
    )

    assert response.status_code == 200, response.content
    agreement.refresh_from_db()
    assert agreement.event is None
    assert agreement.number == "12-01"


def test_patch_refusals(
    client: Client, agreement: Agreement, restricted: Agreement, citizen: User, commission_member: User
) -> None:
    other = factories.UserFactory(role=Role.COORDINATOR, region=factories.RegionFactory(code="RU-TUL"))
    outsider = _token(other)

    assert (
        _patch(
            client, f"/api/v1/agreements/{agreement.pk}", {"version": 1, "title": "x"}, outsider
        ).status_code
        == 403
    )
    assert (
        _patch(
            client, f"/api/v1/agreements/{restricted.pk}", {"version": 1, "title": "x"}, outsider
        ).status_code
        == 404
    )
    assert _patch(client, "/api/v1/agreements/999999", {"version": 1}, outsider).status_code == 404
    missing_version = _patch(
        client, f"/api/v1/agreements/{agreement.pk}", {"title": "x"}, _token(commission_member)
    )
    assert missing_version.status_code == 400
    assert missing_version.json()["error"]["details"][0]["field"].endswith("version")
    cleared = _patch(
        client, f"/api/v1/agreements/{agreement.pk}", {"version": 1, "title": None}, _token(commission_member)
    )
    assert cleared.status_code == 400


def test_a_commitment_is_added_to_the_action_plan(
    client: Client, agreement: Agreement, coordinator: User, organisation: Organisation
) -> None:
    body = {
        "title": "Провести обмен делегациями школьников",
        "responsible_region": "ru-smo",
        "co_executors": [organisation.pk],
        "deadline": "2026-09-01",
        "indicator_unit": "поездок",
        "planned_value": "4",
        "report_every": "quarter",
    }

    response = _post(client, f"/api/v1/agreements/{agreement.pk}/commitments", body, _token(coordinator))

    assert response.status_code == 201, response.content
    commitment = Commitment.objects.get()
    assert response.json()["id"] == commitment.pk
    assert response.json()["version"] == 1
    assert response.json()["co_executors"] == [organisation.pk]
    assert (commitment.source_kind, commitment.source_id) == ("agreement", agreement.pk)
    assert AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Commitment), actor=coordinator
    ).exists()


def test_a_commitment_names_the_responsible_party_on_the_other_side(
    client: Client, agreement: Agreement, commission_member: User, organisation: Organisation
) -> None:
    path = f"/api/v1/agreements/{agreement.pk}/commitments"
    body = {
        "title": "Провести ярмарку",
        "responsible_region": "RU-SMO",
        "counterpart_organisation": organisation.pk,
    }

    response = _post(client, path, body, _token(commission_member))

    assert response.status_code == 201, response.content
    assert response.json()["counterpart_organisation"] == organisation.pk
    assert Commitment.objects.get().counterpart_organisation == organisation
    same_country = _post(
        client,
        path,
        {**body, "counterpart_organisation": None, "counterpart_region": "ru-smo"},
        _token(commission_member),
    )
    unknown = _post(client, path, {**body, "counterpart_region": "BY-XX"}, _token(commission_member))
    assert same_country.status_code == 400
    assert same_country.json()["error"]["details"][0]["field"] == "counterpart_region"
    assert unknown.status_code == 400
    assert unknown.json()["error"]["details"][0]["field"] == "counterpart_region"
    assert Commitment.objects.count() == 1


def test_adding_a_commitment_refusals(
    client: Client, agreement: Agreement, citizen: User, commission_member: User
) -> None:
    path = f"/api/v1/agreements/{agreement.pk}/commitments"

    assert (
        _post(client, path, {"title": "x", "responsible_region": "RU-SMO"}, _token(citizen)).status_code
        == 403
    )
    no_party = _post(client, path, {"title": "x"}, _token(commission_member))
    before_signing = _post(
        client,
        path,
        {"title": "x", "responsible_region": "RU-SMO", "deadline": "2020-01-01"},
        _token(commission_member),
    )

    assert no_party.status_code == 400
    assert no_party.json()["error"]["details"][0]["field"] == "responsible_organisation"
    assert before_signing.status_code == 400
    assert before_signing.json()["error"]["details"][0]["field"] == "deadline"
    assert not Commitment.objects.exists()


def test_a_token_shows_restricted_agreements_in_the_read_api(
    client: Client, restricted: Agreement, commission_member: User
) -> None:
    anonymous = client.get("/api/v1/agreements").json()
    with_token = client.get("/api/v1/agreements", headers=_token(commission_member)).json()

    assert restricted.pk not in [item["id"] for item in anonymous["items"]]
    assert restricted.pk in [item["id"] for item in with_token["items"]]
    assert (
        client.get(f"/api/v1/agreements/{restricted.pk}", headers=_token(commission_member)).status_code
        == 200
    )


def test_writes_are_limited_per_token(
    client: Client, agreement: Agreement, commission_member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mosty.api.auth import WRITE_THROTTLE

    monkeypatch.setattr(WRITE_THROTTLE[0], "num_requests", 1)
    headers = _token(commission_member)
    path = f"/api/v1/agreements/{agreement.pk}"

    assert _patch(client, path, {"version": 1, "place": "Минск"}, headers).status_code == 200
    refused = _patch(client, path, {"version": 2, "place": "Гродно"}, headers)

    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert (
        _patch(client, path, {"version": 2, "place": "Гродно"}, _token(commission_member)).status_code == 200
    )

"""The initiatives API: public ones for everyone, the token user's own besides; filters and detail."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mosty import factories
from mosty.accounts.models import User
from mosty.accounts.tokens import api_token_create
from mosty.initiatives.models import Initiative, InitiativeStatus
from mosty.initiatives.tests.conftest import Advance

pytestmark = pytest.mark.django_db


def _token(user: User) -> str:
    return api_token_create(actor=user, user=user, name="test")[1]


def test_list_shows_published_initiatives_with_count(advance: Advance) -> None:
    initiative = advance(InitiativeStatus.PUBLISHED)
    body = Client().get("/api/v1/initiatives").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == initiative.pk
    assert item["public_status"] == "answer_ready"
    assert item["status"] == "published"
    assert item["supporters"] == 3
    assert set(item["regions"]) == {"BY-VI", "RU-SMO"}
    assert item["registered_on"] == initiative.forwarded_on.isoformat()


def test_detail_has_the_published_answer_and_the_rating(advance: Advance) -> None:
    initiative = advance(InitiativeStatus.PUBLISHED)
    detail = Client().get(f"/api/v1/initiatives/{initiative.pk}").json()
    assert detail["answer"] == "Обмен включён в план на лето."
    assert detail["rating"] is None and detail["ratings"] == 0


def test_an_unpublished_answer_is_not_in_the_api(advance: Advance) -> None:
    initiative = advance(InitiativeStatus.ANSWERED)
    assert Client().get(f"/api/v1/initiatives/{initiative.pk}").json()["answer"] is None


def test_a_draft_is_seen_only_with_its_author_token(draft: Initiative, author: User) -> None:
    anonymous = Client().get("/api/v1/initiatives").json()
    assert anonymous["count"] == 0
    assert Client().get(f"/api/v1/initiatives/{draft.pk}").status_code == 404
    headers = {"Authorization": f"Bearer {_token(author)}"}
    own = Client().get("/api/v1/initiatives", headers=headers).json()
    assert [item["id"] for item in own["items"]] == [draft.pk]
    assert Client().get(f"/api/v1/initiatives/{draft.pk}", headers=headers).json()["status"] == "draft"
    other = {"Authorization": f"Bearer {_token(factories.UserFactory.create())}"}
    assert Client().get(f"/api/v1/initiatives/{draft.pk}", headers=other).status_code == 404


def test_filters_and_bad_queries(advance: Advance, region_by: Any) -> None:
    initiative = advance(InitiativeStatus.FORWARDED)
    client = Client()
    assert client.get("/api/v1/initiatives", {"status": "in_progress"}).json()["count"] == 1
    assert client.get("/api/v1/initiatives", {"status": "closed"}).json()["count"] == 0
    assert client.get("/api/v1/initiatives", {"youth": "true", "region": region_by.pk}).json()["count"] == 1
    assert client.get("/api/v1/initiatives", {"category": "sport"}).json()["count"] == 0
    assert client.get("/api/v1/initiatives", {"q": "обмен"}).json()["items"][0]["id"] == initiative.pk
    assert client.get("/api/v1/initiatives", {"sort": "nonsense"}).status_code == 400
    assert client.get("/api/v1/initiatives/0").status_code == 400

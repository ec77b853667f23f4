"""Projects in the JSON API: public ones for everyone, restricted ones for those who may see them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from mosty import factories
from mosty.accounts.models import User
from mosty.projects import services
from mosty.projects.models import Project
from mosty.territories.models import Region

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


def _client(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_anonymous_reader_gets_only_public_projects(project: Project, restricted: Project) -> None:
    body = _client().get("/api/v1/projects").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["id"] == project.pk
    assert item["kind"] == "project"
    assert item["restricted"] is False
    assert [(partner["kind"], partner["role"]) for partner in item["partners"]] == [
        ("organisation", "lead"),
        ("region", "partner"),
        ("organisation", "funder"),
    ]
    assert item["partners"][1]["region"] == "RU-SMO"
    assert set(item["partners"][1]["names"]) == {"ru", "be", "en"}


@pytest.mark.parametrize(
    ("name", "sees"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("other_coordinator", False),
        ("funder_representative", True),
        ("partner_region_coordinator", True),
        ("commission", True),
    ],
)
def test_restricted_project_in_the_api_follows_the_access_rule(
    name: str, sees: bool, actors: dict[str, Any], project: Project, restricted: Project
) -> None:
    user = actors[name]
    client = _client(None if name == "anonymous" else user)
    ids = {item["id"] for item in client.get("/api/v1/projects").json()["items"]}
    assert ids == ({project.pk, restricted.pk} if sees else {project.pk})
    response = client.get(f"/api/v1/projects/{restricted.pk}")
    assert response.status_code == (200 if sees else 404)
    if sees:
        assert response.json()["restricted"] is True


def test_project_detail_has_goals_scorecard_and_visible_agreements_only(
    project: Project, commission_member: User, region_ru: Region
) -> None:
    seen = factories.AgreementFactory()
    hidden = factories.AgreementFactory(visibility="restricted")
    services.project_link_agreement(actor=commission_member, project=project, agreement=seen)
    services.project_link_agreement(actor=commission_member, project=project, agreement=hidden)
    services.project_add_milestone(
        actor=commission_member,
        project=project,
        title="Веха",
        responsible_region=region_ru,
        deadline=datetime.date(2030, 1, 1),
    )
    body = _client().get(f"/api/v1/projects/{project.pk}").json()
    assert body["goals"] == "Создать общий туристический маршрут."
    assert body["related_agreements"] == [seen.pk]
    assert body["scorecard"]["total"] == 1 and body["scorecard"]["planned"] == 1
    assert body["milestones"] == 1
    assert _client(commission_member).get(f"/api/v1/projects/{project.pk}").json()["related_agreements"] == [
        seen.pk,
        hidden.pk,
    ]


def test_api_filters_and_unknown_ids(project: Project, client: Client) -> None:
    assert client.get("/api/v1/projects", {"kind": "programme"}).json()["count"] == 0
    assert client.get("/api/v1/projects", {"region": "RU-SMO", "year": 2026}).json()["count"] == 1
    assert client.get("/api/v1/projects", {"status": "nonsense"}).status_code == 400
    assert client.get("/api/v1/projects/999999").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_api_list_query_count_does_not_grow_with_rows(
    client: Client, region_ru: Region, django_assert_num_queries: Any, count: int
) -> None:
    for n in range(count):
        factories.ProjectPartnerFactory(project=factories.ProjectFactory(title=f"П {n}"), region=region_ru)
    with django_assert_num_queries(4):  # count, rows, partners, sectors
        body = client.get("/api/v1/projects").json()
    assert body["count"] == count

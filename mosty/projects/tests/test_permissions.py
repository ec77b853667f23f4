"""Who may see and edit a project, as a matrix: the access functions, the pages and the lists agree."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from mosty.projects import access, services
from mosty.projects.models import Project

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

# actor: (sees the restricted project, may edit a project)
MATRIX = {
    "anonymous": (False, False),
    "citizen": (False, False),
    "other_representative": (False, False),
    "lead_representative": (True, True),
    "funder_representative": (True, False),
    "partner_region_coordinator": (True, True),
    "partner_org_region_coordinator": (True, True),
    "other_coordinator": (False, False),
    "moderator": (False, False),
    "commission": (True, True),
    "admin": (True, True),
}


@pytest.mark.parametrize("name", MATRIX)
def test_restricted_project_is_seen_only_by_partners_and_the_commission(
    name: str, actors: dict[str, Any], restricted: Project, project: Project
) -> None:
    user = actors[name]
    sees, _edits = MATRIX[name]
    if sees:
        assert access.project_for_user(user, restricted.pk).pk == restricted.pk
    else:
        with pytest.raises(Http404):
            access.project_for_user(user, restricted.pk)
    visible = set(access.visible_projects(user).values_list("pk", flat=True))
    assert visible == ({project.pk, restricted.pk} if sees else {project.pk})


@pytest.mark.parametrize("name", MATRIX)
def test_public_project_is_seen_by_everyone_and_edited_by_the_matrix(
    name: str, actors: dict[str, Any], project: Project
) -> None:
    user = actors[name]
    _sees, edits = MATRIX[name]
    assert access.project_for_user(user, project.pk).pk == project.pk
    if edits:
        assert access.project_for_user(user, project.pk, action="edit").pk == project.pk
    else:
        with pytest.raises(PermissionDenied):
            access.project_for_user(user, project.pk, action="edit")


@pytest.mark.parametrize("name", MATRIX)
def test_edit_page_answers_by_the_matrix(name: str, actors: dict[str, Any], restricted: Project) -> None:
    user = actors[name]
    sees, edits = MATRIX[name]
    client = Client()
    if name != "anonymous":
        client.force_login(user)
    response = client.get(reverse("projects:edit", args=[restricted.pk]))
    if name == "anonymous":
        assert response.status_code == 302  # to the login page
    else:
        assert response.status_code == (200 if edits else 403 if sees else 404)


@pytest.mark.parametrize("name", ["funder_representative", "citizen", "other_coordinator"])
def test_status_change_by_someone_who_may_not_edit_is_refused_and_changes_nothing(
    name: str, actors: dict[str, Any], project: Project
) -> None:
    with pytest.raises(PermissionDenied):
        services.project_set_status(
            actor=actors[name], project=project, status="in_progress", expected_version=project.version
        )
    project.refresh_from_db()
    assert project.status == "planned"


def test_unknown_project_answers_404(actors: dict[str, Any], db: None) -> None:
    with pytest.raises(Http404):
        access.project_for_user(actors["commission"], 999_999)

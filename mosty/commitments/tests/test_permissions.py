"""Who may see, report on, verify and edit a commitment: the matrix, through the access choke point
and through the pages (404 for what one may not see, 403 for what one sees but may not do)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.commitments import access
from mosty.commitments.models import Commitment
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

from .conftest import ACTORS

# A commitment of an organisation of Smolensk Oblast, with a co-executor in Vitebsk Region.
# actor: (sees it when public, sees it when restricted, may report, may verify)
ORGANISATION_MATRIX = {
    "anonymous": (True, False, False, False),
    "citizen": (True, False, False, False),
    "representative_own": (True, True, True, False),
    "co_executor": (True, True, True, False),
    "representative_other": (True, False, False, False),
    "coordinator_own": (True, True, False, True),
    "coordinator_co_executor": (True, False, False, False),
    "coordinator_other": (True, False, False, False),
    "commission": (True, True, True, True),
    "moderator": (True, False, False, False),
    "admin": (True, True, True, True),
}

# A commitment of Smolensk Oblast itself (no organisation).
REGION_MATRIX = {
    "anonymous": (True, False, False, False),
    "citizen": (True, False, False, False),
    "representative_own": (True, False, False, False),
    "co_executor": (True, False, False, False),
    "representative_other": (True, False, False, False),
    "coordinator_own": (True, True, True, True),
    "coordinator_co_executor": (True, False, False, False),
    "coordinator_other": (True, False, False, False),
    "commission": (True, True, True, True),
    "moderator": (True, False, False, False),
    "admin": (True, True, True, True),
}


def _allowed(user: Any, pk: int, action: str) -> bool | None:
    """True: allowed; False: forbidden (403); None: not found (404)."""
    try:
        access.commitment_for_user(user, pk, action=action)  # type: ignore[arg-type]
    except Http404:
        return None
    except PermissionDenied:
        return False
    return True


def _check(actors: dict[str, Any], commitment: Commitment, matrix: dict[str, tuple[bool, ...]]) -> None:
    for name in ACTORS:
        user = actors[name]
        sees_public, sees_restricted, reports, verifies = matrix[name]
        for public in (True, False):
            Commitment.objects.filter(pk=commitment.pk).update(is_public=public)
            sees = sees_public if public else sees_restricted
            assert _allowed(user, commitment.pk, "view") is (True if sees else None), (name, public)
            expected_report = reports if sees else None
            expected_verify = verifies if sees else None
            assert _allowed(user, commitment.pk, "report") is expected_report, (name, public, "report")
            assert _allowed(user, commitment.pk, "verify") is expected_verify, (name, public, "verify")
            assert _allowed(user, commitment.pk, "edit") is expected_verify, (name, public, "edit")
            visible = access.visible_commitments(user).filter(pk=commitment.pk).exists()
            assert visible is sees, (name, public, "list")


def test_permission_matrix_of_an_organisations_commitment(
    actors: dict[str, Any], commitment: Commitment
) -> None:
    _check(actors, commitment, ORGANISATION_MATRIX)


def test_permission_matrix_of_a_regions_commitment(actors: dict[str, Any], region_ru: Region) -> None:
    commitment = factories.CommitmentFactory(responsible_organisation=None, responsible_region=region_ru)
    _check(actors, commitment, REGION_MATRIX)


def test_audience_regions_and_organisations_see_a_restricted_commitment(
    actors: dict[str, Any], commitment: Commitment, other_region: Region, other_organisation: Organisation
) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(is_public=False)
    assert _allowed(actors["coordinator_other"], commitment.pk, "view") is None
    assert _allowed(actors["representative_other"], commitment.pk, "view") is None
    commitment.audience_regions.add(other_region)
    commitment.audience_organisations.add(other_organisation)
    assert _allowed(actors["coordinator_other"], commitment.pk, "view") is True
    assert _allowed(actors["representative_other"], commitment.pk, "view") is True
    # Seeing is not acting: the audience neither reports nor verifies.
    assert _allowed(actors["coordinator_other"], commitment.pk, "verify") is False
    assert _allowed(actors["representative_other"], commitment.pk, "report") is False
    assert access.visible_commitments(actors["citizen"]).filter(pk=commitment.pk).exists() is False


def test_unknown_and_restricted_commitments_answer_the_same_404(
    client: Client, actors: dict[str, Any], commitment: Commitment
) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(is_public=False)
    client.force_login(actors["citizen"])
    restricted = client.get(reverse("commitments:detail", args=[commitment.pk]))
    missing = client.get(reverse("commitments:detail", args=[commitment.pk + 1000]))
    assert restricted.status_code == missing.status_code == 404
    assert commitment.title not in restricted.content.decode()


def test_seeing_a_public_commitment_does_not_allow_reporting_on_it(
    client: Client, actors: dict[str, Any], commitment: Commitment
) -> None:
    client.force_login(actors["citizen"])
    assert client.get(reverse("commitments:detail", args=[commitment.pk])).status_code == 200
    response = client.post(reverse("commitments:report", args=[commitment.pk]), {"text": "x"})
    assert response.status_code == 403
    assert not commitment.reports.exists()


@pytest.mark.usefixtures("no_staff_mfa")
def test_the_responsible_organisations_coordinator_may_not_report_but_may_verify(
    client: Client, actors: dict[str, Any], commitment: Commitment
) -> None:
    client.force_login(actors["coordinator_own"])
    page = client.get(reverse("commitments:detail", args=[commitment.pk]))
    assert page.context["can_verify"] is True
    assert page.context["can_report"] is False
    assert client.get(reverse("commitments:report", args=[commitment.pk])).status_code == 403

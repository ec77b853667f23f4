"""The demo consultations and workspaces load through the services, twice without duplicates."""

from __future__ import annotations

import io
from typing import Any

import pytest

from mosty import factories
from mosty.accounts.models import Role
from mosty.consultations import demo as consultations_demo
from mosty.consultations.models import Answer, Consultation, ConsultationStatus
from mosty.workspaces import demo as workspaces_demo
from mosty.workspaces.access import member_workspace_ids
from mosty.workspaces.models import Thread, Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(region_ru: Any) -> dict[str, Any]:
    roles = {
        "commission@mosty.example": Role.COMMISSION,
        "citizen@mosty.example": Role.CITIZEN,
        "representative@mosty.example": Role.REPRESENTATIVE,
        "coordinator.smolensk@mosty.example": Role.COORDINATOR,
        "coordinator.vitebsk@mosty.example": Role.COORDINATOR,
        "coordinator.mogilev@mosty.example": Role.COORDINATOR,
        "moderator@mosty.example": Role.MODERATOR,
    }
    return {
        email: factories.UserFactory.create(
            email=email, role=role, region=region_ru if role == Role.COORDINATOR else None
        )
        for email, role in roles.items()
    }


def test_demo_consultations_load_once_with_an_answered_table(demo_accounts: dict[str, Any]) -> None:
    out = io.StringIO()
    consultations_demo.load_demo(stdout=out)
    consultations_demo.load_demo(stdout=out)
    assert Consultation.objects.count() == 2
    legal = Consultation.objects.get(title=consultations_demo.LEGAL_TITLE)
    assert legal.status == ConsultationStatus.ANSWERED
    assert legal.versions.count() == 2
    assert Answer.objects.filter(consultation=legal).count() == len(consultations_demo.LEGAL_COMMENTS)
    youth = Consultation.objects.get(title=consultations_demo.YOUTH_TITLE)
    assert youth.status == ConsultationStatus.OPEN


def test_demo_workspaces_load_once_and_stay_private(demo_accounts: dict[str, Any]) -> None:
    out = io.StringIO()
    workspaces_demo.load_demo(stdout=out)
    workspaces_demo.load_demo(stdout=out)
    assert sorted(Workspace.objects.values_list("name", flat=True)) == [
        "Молодёжная политика",
        "Советы депутатов приграничных регионов",
    ]
    assert Thread.objects.count() == 3
    assert member_workspace_ids(demo_accounts["citizen@mosty.example"]) == set()
    assert len(member_workspace_ids(demo_accounts["coordinator.vitebsk@mosty.example"])) == 2

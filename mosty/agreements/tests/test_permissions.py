"""Who sees and edits an agreement: the matrix, through the access functions and the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from mosty.agreements import access
from mosty.agreements.models import Agreement

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

# Who may see the restricted agreement (region_ru and an organisation of region_by are its parties).
VIEW_RESTRICTED = {
    "anonymous": False,
    "citizen": False,
    "other_representative": False,
    "party_representative": True,
    "party_coordinator": True,
    "party_org_region_coordinator": True,
    "other_coordinator": False,
    "moderator": False,
    "commission": True,
    "admin": True,
}

# Who may edit the public agreement between region_ru and region_by.
EDIT = {
    "anonymous": False,
    "citizen": False,
    "other_representative": False,
    "party_representative": False,
    "party_coordinator": True,
    "party_org_region_coordinator": True,
    "other_coordinator": False,
    "moderator": False,
    "commission": True,
    "admin": True,
}


@pytest.mark.parametrize(("actor", "allowed"), VIEW_RESTRICTED.items())
def test_restricted_agreement_is_seen_only_by_parties_and_commission(
    actors: dict[str, Any], restricted: Agreement, actor: str, allowed: bool
) -> None:
    user = actors[actor]
    if allowed:
        assert access.agreement_for_user(user, restricted.pk) == restricted
    else:
        with pytest.raises(Http404):
            access.agreement_for_user(user, restricted.pk)
    assert access.visible_agreements(user).filter(pk=restricted.pk).exists() is allowed


@pytest.mark.parametrize(("actor", "allowed"), VIEW_RESTRICTED.items())
def test_restricted_agreement_page_answers_404_to_outsiders(
    actors: dict[str, Any], restricted: Agreement, actor: str, allowed: bool
) -> None:
    client = Client()
    if actors[actor].is_authenticated:
        client.force_login(actors[actor])
    response = client.get(reverse("agreements:detail", args=[restricted.pk]))
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert "Контракт на поставку" in response.content.decode()


@pytest.mark.parametrize("actor", VIEW_RESTRICTED)
def test_public_agreement_is_seen_by_everyone(
    actors: dict[str, Any], agreement: Agreement, actor: str
) -> None:
    assert access.agreement_for_user(actors[actor], agreement.pk) == agreement


@pytest.mark.parametrize(("actor", "allowed"), EDIT.items())
def test_edit_is_for_commission_and_coordinators_of_a_party_region(
    actors: dict[str, Any], agreement: Agreement, actor: str, allowed: bool
) -> None:
    user = actors[actor]
    if allowed:
        assert access.agreement_for_user(user, agreement.pk, action="edit") == agreement
    else:
        with pytest.raises(PermissionDenied):
            access.agreement_for_user(user, agreement.pk, action="edit")


@pytest.mark.parametrize(("actor", "allowed"), EDIT.items())
def test_edit_page_answers_403_to_those_who_may_not_edit(
    actors: dict[str, Any], agreement: Agreement, actor: str, allowed: bool
) -> None:
    client = Client()
    if actors[actor].is_authenticated:
        client.force_login(actors[actor])
    response = client.get(reverse("agreements:edit", args=[agreement.pk]))
    if actor == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("actor", ["commission", "admin"])
def test_manage_is_for_the_commission_only(actors: dict[str, Any], agreement: Agreement, actor: str) -> None:
    assert access.agreement_for_user(actors[actor], agreement.pk, action="manage") == agreement
    with pytest.raises(PermissionDenied):
        access.agreement_for_user(actors["party_coordinator"], agreement.pk, action="manage")


def test_unknown_agreement_is_404(actors: dict[str, Any]) -> None:
    with pytest.raises(Http404):
        access.agreement_for_user(actors["commission"], 999_999)

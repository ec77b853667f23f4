"""The permission matrix of ties, through the services and through the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.territories.models import Region
from mosty.ties import services
from mosty.ties.models import Tie, TieKind, TieStatus
from mosty.ties.tests.conftest import ACTORS

# Who may do what with a tie between region_ru (side A) and region_by (side B).
MAY_WRITE = {
    "anonymous": False,
    "citizen": False,
    "representative": False,
    "coordinator_side_a": True,
    "coordinator_side_b": True,
    "coordinator_other": False,
    "commission": True,
    "moderator": False,
    "admin": True,
}
MAY_DELETE = {
    "anonymous": False,
    "citizen": False,
    "representative": False,
    "coordinator_side_a": False,
    "coordinator_side_b": False,
    "coordinator_other": False,
    "commission": True,
    "moderator": False,
    "admin": True,
}


def test_the_matrix_covers_every_actor() -> None:
    assert set(MAY_WRITE) == set(ACTORS)
    assert set(MAY_DELETE) == set(ACTORS)


@pytest.fixture
def gomel(db: None) -> Region:
    return factories.RegionFactory(
        code="BY-HO", country=factories.CountryFactory(code="BY"), name_ru="Гомельская область"
    )


# --- Through the services -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ACTORS)
def test_create_tie_by_role(who: str, actors: dict[str, Any], region_ru: Region, gomel: Region) -> None:
    # A tie of region_ru with Gomel: the coordinator of region_by is not on either side of this one.
    may = MAY_WRITE[who] and who != "coordinator_side_b"
    if may:
        created = services.tie_create(
            actor=actors[who], kind=TieKind.PARTNER_REGIONS, region_a=region_ru, region_b=gomel
        )
        assert created.created_by == actors[who]
    else:
        with pytest.raises(PermissionDenied):
            services.tie_create(
                actor=actors[who], kind=TieKind.PARTNER_REGIONS, region_a=region_ru, region_b=gomel
            )
        assert not Tie.objects.filter(region_b=gomel).exists()


def test_coordinator_of_the_belarusian_side_may_create_a_tie_given_in_either_order(
    actors: dict[str, Any], region_by: Region, other_region: Region
) -> None:
    created = services.tie_create(
        actor=actors["coordinator_side_b"],
        kind=TieKind.COOPERATION,
        region_a=region_by,
        region_b=other_region,
    )
    assert (created.region_a, created.region_b) == (other_region, region_by)


@pytest.mark.parametrize("who", ACTORS)
def test_edit_tie_by_role(who: str, actors: dict[str, Any], tie: Tie) -> None:
    if MAY_WRITE[who]:
        services.tie_update(actor=actors[who], tie=tie, status=TieStatus.DORMANT)
        tie.refresh_from_db()
        assert tie.status == TieStatus.DORMANT
    else:
        with pytest.raises(PermissionDenied):
            services.tie_update(actor=actors[who], tie=tie, status=TieStatus.DORMANT)
        tie.refresh_from_db()
        assert tie.status == TieStatus.ACTIVE


@pytest.mark.parametrize("who", ACTORS)
def test_delete_tie_by_role(who: str, actors: dict[str, Any], tie: Tie) -> None:
    if MAY_DELETE[who]:
        services.tie_delete(actor=actors[who], tie=tie)
        assert not Tie.objects.exists()
    else:
        with pytest.raises(PermissionDenied):
            services.tie_delete(actor=actors[who], tie=tie)
        assert Tie.objects.exists()


def test_coordinator_may_not_take_their_region_out_of_a_tie(
    actors: dict[str, Any], tie: Tie, other_region: Region
) -> None:
    with pytest.raises(PermissionDenied):
        services.tie_update(actor=actors["coordinator_side_a"], tie=tie, region_a=other_region)
    tie.refresh_from_db()
    assert tie.region_a.code == "RU-SMO"


# --- Through the pages ----------------------------------------------------------------------------


def _client_for(actor: Any) -> Client:
    client = Client()
    if actor.is_authenticated:
        client.force_login(actor)
    return client


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.usefixtures("no_staff_mfa")
@pytest.mark.parametrize("who", ACTORS)
def test_create_page_by_role(who: str, actors: dict[str, Any], region_ru: Region, gomel: Region) -> None:
    client = _client_for(actors[who])
    data = {
        "kind": TieKind.PARTNER_REGIONS,
        "region_a": region_ru.pk,
        "region_b": gomel.pk,
        "status": "active",
    }
    response = client.post(reverse("ties:create"), data)
    created = Tie.objects.filter(region_b=gomel).first()
    if who == "anonymous":
        assert _is_login_redirect(response)
        assert created is None
    elif MAY_WRITE[who] and who != "coordinator_side_b":
        assert created is not None
        assert response["Location"] == reverse("ties:detail", args=[created.pk])
    else:
        assert response.status_code == 403
        assert created is None


@pytest.mark.usefixtures("no_staff_mfa")
@pytest.mark.parametrize("who", ACTORS)
def test_edit_page_by_role(who: str, actors: dict[str, Any], tie: Tie) -> None:
    client = _client_for(actors[who])
    url = reverse("ties:edit", args=[tie.pk])
    data = {"kind": tie.kind, "region_a": tie.region_a_id, "region_b": tie.region_b_id, "status": "dormant"}
    response = client.post(url, data)
    tie.refresh_from_db()
    if who == "anonymous":
        assert _is_login_redirect(response)
    elif MAY_WRITE[who]:
        assert response.status_code == 302
        assert tie.status == TieStatus.DORMANT
        return
    else:
        assert response.status_code == 403
        assert client.get(url).status_code == 403
    assert tie.status == TieStatus.ACTIVE


@pytest.mark.usefixtures("no_staff_mfa")
@pytest.mark.parametrize("who", ACTORS)
def test_delete_page_by_role(who: str, actors: dict[str, Any], tie: Tie) -> None:
    client = _client_for(actors[who])
    response = client.post(reverse("ties:delete", args=[tie.pk]))
    if who == "anonymous":
        assert _is_login_redirect(response)
        assert Tie.objects.exists()
    elif MAY_DELETE[who]:
        assert response["Location"] == reverse("ties:list")
        assert not Tie.objects.exists()
    else:
        assert response.status_code == 403
        assert Tie.objects.exists()


@pytest.mark.usefixtures("no_staff_mfa")
@pytest.mark.parametrize("who", ACTORS)
def test_tie_page_shows_only_the_buttons_and_history_the_visitor_may_see(
    who: str, actors: dict[str, Any], tie: Tie
) -> None:
    html = _client_for(actors[who]).get(reverse("ties:detail", args=[tie.pk])).content.decode()
    assert (reverse("ties:edit", args=[tie.pk]) in html) == MAY_WRITE[who]
    assert (reverse("ties:delete", args=[tie.pk]) in html) == MAY_DELETE[who]
    staff = who.startswith("coordinator") or who in ("commission", "moderator", "admin")
    assert ('id="history-heading"' in html) == staff


@pytest.mark.usefixtures("no_staff_mfa")
def test_unknown_tie_is_not_found_on_every_page(actors: dict[str, Any]) -> None:
    client = _client_for(actors["admin"])
    for name in ("detail", "edit", "delete"):
        assert client.get(reverse(f"ties:{name}", args=[999_999])).status_code == 404
    assert Client().get(reverse("ties:detail", args=[999_999])).status_code == 404

"""The permission matrix of organisations, through the services and through the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from mosty.organisations import services
from mosty.organisations.models import Organisation, OrganisationKind
from mosty.organisations.tests.conftest import ACTORS
from mosty.territories.models import Region

# Who may do what with an organisation of region_ru represented by "representative_own".
MAY_CREATE_IN_REGION = {
    "anonymous": False,
    "citizen": False,
    "representative_own": True,
    "representative_other": True,
    "coordinator_own": True,
    "coordinator_other": False,
    "commission": True,
    "moderator": False,
    "admin": True,
}
MAY_EDIT = {
    "anonymous": False,
    "citizen": False,
    "representative_own": True,
    "representative_other": False,
    "coordinator_own": True,
    "coordinator_other": False,
    "commission": True,
    "moderator": False,
    "admin": True,
}
MAY_VERIFY = {
    "anonymous": False,
    "citizen": False,
    "representative_own": False,
    "representative_other": False,
    "coordinator_own": True,
    "coordinator_other": False,
    "commission": True,
    "moderator": True,
    "admin": True,
}
MAY_DELETE = {
    "anonymous": False,
    "citizen": False,
    "representative_own": False,
    "representative_other": False,
    "coordinator_own": False,
    "coordinator_other": False,
    "commission": True,
    "moderator": False,
    "admin": True,
}


def test_the_matrix_covers_every_actor() -> None:
    for table in (MAY_CREATE_IN_REGION, MAY_EDIT, MAY_VERIFY, MAY_DELETE):
        assert set(table) == set(ACTORS)


# --- Through the services -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ACTORS)
def test_create_organisation_in_region_by_role(who: str, actors: dict[str, Any], region_ru: Region) -> None:
    actor = actors[who]
    if MAY_CREATE_IN_REGION[who]:
        created = services.organisation_create(
            actor=actor, kind=OrganisationKind.NGO, region=region_ru, name_ru="Новая организация"
        )
        assert created.region == region_ru
        assert created.created_by == actor
    else:
        with pytest.raises(PermissionDenied):
            services.organisation_create(
                actor=actor, kind=OrganisationKind.NGO, region=region_ru, name_ru="Новая организация"
            )
        assert not Organisation.objects.filter(name_ru="Новая организация").exists()


def test_representative_who_creates_an_organisation_becomes_its_representative(
    actors: dict[str, Any], other_region: Region
) -> None:
    newcomer = actors["representative_other"]
    created = services.organisation_create(
        actor=newcomer, kind=OrganisationKind.ENTERPRISE, region=other_region, name_ru="Калужский завод"
    )
    assert list(created.representatives.all()) == [newcomer]


def test_commission_member_who_creates_an_organisation_is_not_made_its_representative(
    actors: dict[str, Any], region_ru: Region
) -> None:
    created = services.organisation_create(
        actor=actors["commission"], kind=OrganisationKind.NGO, region=region_ru, name_ru="Фонд"
    )
    assert list(created.representatives.all()) == []


@pytest.mark.parametrize("who", ACTORS)
def test_edit_organisation_by_role(who: str, actors: dict[str, Any], organisation: Organisation) -> None:
    actor = actors[who]
    if MAY_EDIT[who]:
        services.organisation_update(actor=actor, organisation=organisation, phone="+7 4812 00-00-00")
        organisation.refresh_from_db()
        assert organisation.phone == "+7 4812 00-00-00"
    else:
        with pytest.raises(PermissionDenied):
            services.organisation_update(actor=actor, organisation=organisation, phone="+7 4812 00-00-00")
        organisation.refresh_from_db()
        assert organisation.phone == ""


@pytest.mark.parametrize("who", ACTORS)
def test_verify_organisation_by_role(who: str, actors: dict[str, Any], organisation: Organisation) -> None:
    actor = actors[who]
    if MAY_VERIFY[who]:
        services.organisation_verify(actor=actor, organisation=organisation)
        organisation.refresh_from_db()
        assert organisation.is_verified
        assert organisation.verified_by == actor
        assert organisation.verified_at is not None
    else:
        with pytest.raises(PermissionDenied):
            services.organisation_verify(actor=actor, organisation=organisation)
        organisation.refresh_from_db()
        assert not organisation.is_verified


@pytest.mark.parametrize("who", ACTORS)
def test_delete_organisation_by_role(who: str, actors: dict[str, Any], organisation: Organisation) -> None:
    actor = actors[who]
    if MAY_DELETE[who]:
        services.organisation_delete(actor=actor, organisation=organisation)
        assert not Organisation.objects.exists()
    else:
        with pytest.raises(PermissionDenied):
            services.organisation_delete(actor=actor, organisation=organisation)
        assert Organisation.objects.exists()


def test_coordinator_may_not_move_an_organisation_out_of_their_region(
    actors: dict[str, Any], organisation: Organisation, other_region: Region
) -> None:
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=actors["coordinator_own"], organisation=organisation, region=other_region
        )
    organisation.refresh_from_db()
    assert organisation.region_id != other_region.pk


def test_representative_may_move_their_organisation_to_another_region(
    actors: dict[str, Any], organisation: Organisation, other_region: Region
) -> None:
    services.organisation_update(
        actor=actors["representative_own"], organisation=organisation, region=other_region
    )
    organisation.refresh_from_db()
    assert organisation.region == other_region


def test_coordinator_of_the_region_adds_a_representative(
    actors: dict[str, Any], organisation: Organisation
) -> None:
    newcomer = actors["citizen"]
    services.organisation_add_representative(
        actor=actors["coordinator_own"], organisation=organisation, user=newcomer
    )
    assert organisation.representatives.filter(pk=newcomer.pk).exists()
    # Now a representative of it, the citizen may edit it.
    services.organisation_update(actor=newcomer, organisation=organisation, address="ул. Ленина, 1")


@pytest.mark.parametrize(
    "who", ["citizen", "representative_own", "coordinator_other", "moderator", "anonymous"]
)
def test_only_staff_of_the_region_or_nationwide_add_representatives(
    who: str, actors: dict[str, Any], organisation: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        services.organisation_add_representative(
            actor=actors[who], organisation=organisation, user=actors["representative_other"]
        )
    assert not organisation.representatives.filter(pk=actors["representative_other"].pk).exists()


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
def test_create_page_by_role(who: str, actors: dict[str, Any], region_ru: Region) -> None:
    client = _client_for(actors[who])
    data = {"name_ru": "Новая организация", "kind": OrganisationKind.NGO, "region": region_ru.pk}
    response = client.post(reverse("organisations:create"), data)
    created = Organisation.objects.filter(name_ru="Новая организация").first()
    if who == "anonymous":
        assert _is_login_redirect(response)
        assert created is None
    elif MAY_CREATE_IN_REGION[who]:
        assert created is not None
        assert response.status_code == 302
        assert response["Location"] == reverse("organisations:detail", args=[created.pk])
    else:
        assert response.status_code == 403
        assert created is None


@pytest.mark.usefixtures("no_staff_mfa")
@pytest.mark.parametrize("who", ACTORS)
def test_edit_page_by_role(
    who: str, actors: dict[str, Any], organisation: Organisation, region_ru: Region
) -> None:
    client = _client_for(actors[who])
    url = reverse("organisations:edit", args=[organisation.pk])
    data = {"name_ru": "Переименованная", "kind": organisation.kind, "region": region_ru.pk}
    response = client.post(url, data)
    organisation.refresh_from_db()
    if who == "anonymous":
        assert _is_login_redirect(response)
    elif MAY_EDIT[who]:
        assert response.status_code == 302
        assert organisation.name_ru == "Переименованная"
        return
    else:
        assert response.status_code == 403
        assert client.get(url).status_code == 403
    assert organisation.name_ru == "Смоленский льнозавод"


@pytest.mark.usefixtures("no_staff_mfa")
@pytest.mark.parametrize("who", ACTORS)
def test_verify_button_by_role(who: str, actors: dict[str, Any], organisation: Organisation) -> None:
    client = _client_for(actors[who])
    response = client.post(reverse("organisations:verify", args=[organisation.pk]), {"verified": "1"})
    organisation.refresh_from_db()
    if who == "anonymous":
        assert _is_login_redirect(response)
        assert not organisation.is_verified
    elif MAY_VERIFY[who]:
        assert response.status_code == 302
        assert organisation.is_verified
    else:
        assert response.status_code == 403
        assert not organisation.is_verified


@pytest.mark.usefixtures("no_staff_mfa")
@pytest.mark.parametrize("who", ACTORS)
def test_delete_page_by_role(who: str, actors: dict[str, Any], organisation: Organisation) -> None:
    client = _client_for(actors[who])
    response = client.post(reverse("organisations:delete", args=[organisation.pk]))
    if who == "anonymous":
        assert _is_login_redirect(response)
        assert Organisation.objects.exists()
    elif MAY_DELETE[who]:
        assert response.status_code == 302
        assert response["Location"] == reverse("organisations:list")
        assert not Organisation.objects.exists()
    else:
        assert response.status_code == 403
        assert Organisation.objects.exists()


@pytest.mark.usefixtures("no_staff_mfa")
@pytest.mark.parametrize("who", ACTORS)
def test_organisation_page_shows_only_the_buttons_the_visitor_may_use(
    who: str, actors: dict[str, Any], organisation: Organisation
) -> None:
    response = _client_for(actors[who]).get(reverse("organisations:detail", args=[organisation.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert (reverse("organisations:edit", args=[organisation.pk]) in html) == MAY_EDIT[who]
    assert (reverse("organisations:verify", args=[organisation.pk]) in html) == MAY_VERIFY[who]
    assert (reverse("organisations:delete", args=[organisation.pk]) in html) == MAY_DELETE[who]


@pytest.mark.usefixtures("no_staff_mfa")
@pytest.mark.parametrize("who", ACTORS)
def test_history_and_representatives_are_shown_to_staff_and_the_organisations_own_people(
    who: str, actors: dict[str, Any], organisation: Organisation
) -> None:
    response = _client_for(actors[who]).get(reverse("organisations:detail", args=[organisation.pk]))
    html = response.content.decode()
    sees = who in (
        "representative_own",
        "coordinator_own",
        "coordinator_other",
        "commission",
        "moderator",
        "admin",
    )
    assert ('id="history-heading"' in html) == sees
    assert (actors["representative_own"].display_name in html) == sees


@pytest.mark.usefixtures("no_staff_mfa")
def test_unknown_organisation_is_not_found_on_every_page(actors: dict[str, Any]) -> None:
    client = _client_for(actors["admin"])
    for name in ("detail", "edit", "delete"):
        assert client.get(reverse(f"organisations:{name}", args=[999_999])).status_code == 404
    assert client.post(reverse("organisations:verify", args=[999_999])).status_code == 404
    assert Client().get(reverse("organisations:detail", args=[999_999])).status_code == 404


@pytest.mark.usefixtures("no_staff_mfa")
def test_forged_region_in_a_coordinators_edit_form_is_forbidden(
    actors: dict[str, Any], organisation: Organisation, other_region: Region
) -> None:
    client = _client_for(actors["coordinator_own"])
    data = {"name_ru": organisation.name_ru, "kind": organisation.kind, "region": other_region.pk}
    response = client.post(reverse("organisations:edit", args=[organisation.pk]), data)
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.region_id != other_region.pk

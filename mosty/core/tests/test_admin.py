"""The audited admin base: one audit row per change, and access by role."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.core.models import AuditEntry
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("mosty.core.tests.admin_urls"),
    pytest.mark.usefixtures("no_staff_mfa"),
]


def _form(organisation: Organisation, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name_ru": organisation.name_ru,
        "kind": organisation.kind,
        "region": organisation.region_id,
        "sectors": [sector.pk for sector in organisation.sectors.all()],
        "description": organisation.description,
    }
    data.update(changes)
    return data


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_admin_create_writes_one_create_row(moderator: User, region_ru: Region) -> None:
    sector = factories.SectorFactory(code="85")
    client = _client(moderator)

    response = client.post(
        reverse("audit_test_admin:organisations_organisation_add"),
        {
            "name_ru": "Смоленский университет",
            "kind": "university",
            "region": region_ru.pk,
            "sectors": [sector.pk],
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name_ru="Смоленский университет")
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == moderator
    assert entry.object_id == str(organisation.pk)
    assert entry.changes["sectors"] == [None, [sector.pk]]


def test_admin_change_of_fields_and_many_to_many_writes_one_row_with_both(
    commission_member: User, region_ru: Region
) -> None:
    old_sector, new_sector = factories.SectorFactory(code="01"), factories.SectorFactory(code="02")
    organisation = factories.OrganisationFactory(region=region_ru, name_ru="Было")
    organisation.sectors.set([old_sector])
    client = _client(commission_member)

    response = client.post(
        reverse("audit_test_admin:organisations_organisation_change", args=[organisation.pk]),
        _form(organisation, name_ru="Стало", sectors=[new_sector.pk]),
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.actor == commission_member
    assert entry.changes == {"name_ru": ["Было", "Стало"], "sectors": [[old_sector.pk], [new_sector.pk]]}


def test_admin_save_without_changes_writes_no_row(administrator: User) -> None:
    organisation = factories.OrganisationFactory()

    response = _client(administrator).post(
        reverse("audit_test_admin:organisations_organisation_change", args=[organisation.pk]),
        _form(organisation),
    )

    assert response.status_code == 302
    assert not AuditEntry.objects.exists()


def test_admin_delete_writes_a_delete_row_with_the_old_values(administrator: User) -> None:
    organisation = factories.OrganisationFactory(name_ru="Удалить")
    pk = organisation.pk

    response = _client(administrator).post(
        reverse("audit_test_admin:organisations_organisation_delete", args=[pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id) == (AuditEntry.Action.DELETE, str(pk))
    assert entry.changes["name_ru"] == ["Удалить", None]


def test_admin_bulk_delete_writes_a_row_per_object(commission_member: User) -> None:
    organisations = [factories.OrganisationFactory() for _ in range(3)]

    response = _client(commission_member).post(
        reverse("audit_test_admin:organisations_organisation_changelist"),
        {"action": "delete_selected", "_selected_action": [o.pk for o in organisations], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Organisation.objects.exists()
    assert sorted(AuditEntry.objects.values_list("object_id", flat=True)) == sorted(
        str(o.pk) for o in organisations
    )
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {AuditEntry.Action.DELETE}


@pytest.mark.parametrize(
    ("role", "view", "change", "delete"),
    [
        (Role.ADMIN, True, True, True),
        (Role.COMMISSION, True, True, True),
        (Role.MODERATOR, True, True, False),
        (Role.COORDINATOR, True, False, False),
    ],
)
def test_admin_access_by_staff_role(
    role: str, view: bool, change: bool, delete: bool, region_ru: Region
) -> None:
    user = factories.UserFactory(
        role=role, is_staff=True, region=region_ru if role == Role.COORDINATOR else None
    )
    organisation = factories.OrganisationFactory(region=region_ru, name_ru="Было")
    client = _client(user)
    change_url = reverse("audit_test_admin:organisations_organisation_change", args=[organisation.pk])

    page = client.get(change_url)
    posted = client.post(change_url, _form(organisation, name_ru="Стало"))
    deleted = client.post(
        reverse("audit_test_admin:organisations_organisation_delete", args=[organisation.pk]), {"post": "yes"}
    )

    assert (page.status_code == 200) is view
    assert (posted.status_code == 302) is change
    assert (posted.status_code == 403) is not change
    assert (deleted.status_code == 403) is not delete
    assert Organisation.objects.filter(pk=organisation.pk).exists() is not delete


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.REPRESENTATIVE])
def test_admin_refuses_non_staff_roles_even_with_the_staff_flag(role: str) -> None:
    user = factories.UserFactory(role=role, is_staff=True)
    organisation = factories.OrganisationFactory()

    response = _client(user).get(
        reverse("audit_test_admin:organisations_organisation_change", args=[organisation.pk])
    )

    assert response.status_code == 403

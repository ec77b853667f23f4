"""The staff admin of organisations and ties: lists with search and filters, verification by the service."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.core.models import AuditEntry
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_admin_lists_and_searches_organisations(moderator: User, region_ru: Region) -> None:
    factories.OrganisationFactory(region=region_ru, name_ru="Смоленский льнозавод")
    factories.OrganisationFactory(region=region_ru, name_ru="Фонд «Мосты»")
    html = _client(moderator).get(reverse("admin:organisations_organisation_changelist"), {"q": "льнозавод"})
    content = html.content.decode()
    assert "Смоленский льнозавод" in content
    assert "Фонд «Мосты»" not in content


def test_admin_verify_action_goes_through_the_service(moderator: User, region_ru: Region) -> None:
    organisation = factories.OrganisationFactory(region=region_ru)
    response = _client(moderator).post(
        reverse("admin:organisations_organisation_changelist"),
        {"action": "verify", "_selected_action": [organisation.pk]},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.is_verified
    assert organisation.verified_by == moderator
    assert AuditEntry.objects.get().changes["is_verified"] == [False, True]


def test_admin_lists_ties(commission_member: User, region_ru: Region, region_by: Region) -> None:
    factories.TieFactory(region_a=region_ru, region_b=region_by)
    html = _client(commission_member).get(reverse("admin:ties_tie_changelist")).content.decode()
    assert "Смоленская область — Витебская область" in html


def test_admin_edit_of_an_organisation_is_audited(administrator: User, region_ru: Region) -> None:
    organisation = factories.OrganisationFactory(region=region_ru, name_ru="Фонд", kind="ngo")
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    data = {"name_ru": "Фонд «Мосты»", "name_be": "", "name_en": "", "kind": "ngo", "region": region_ru.pk}
    data.update({"settlement": "", "website": "", "email": "", "phone": "", "address": "", "description": ""})
    response = _client(administrator).post(url, data)
    assert response.status_code == 302
    assert Organisation.objects.get().name_ru == "Фонд «Мосты»"
    assert AuditEntry.objects.get().changes["name_ru"] == ["Фонд", "Фонд «Мосты»"]

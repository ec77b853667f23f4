"""The project tests' cast: a public and a restricted project with a lead organisation in region_by,
region_ru as a partner and a funding organisation, and a user for every row of the matrix."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.organisations.models import Organisation
from mosty.projects import services
from mosty.projects.models import PartnerRole, Project, ProjectKind, Visibility
from mosty.projects.services import PartnerInput
from mosty.territories.models import Region

START = datetime.date(2025, 3, 1)
END = datetime.date(2027, 12, 31)


@pytest.fixture
def other_region(db: None) -> Region:
    return factories.RegionFactory(code="RU-KLU", name_ru="Калужская область", name_en="Kaluga Oblast")


@pytest.fixture
def lead_organisation(region_by: Region) -> Organisation:
    return factories.OrganisationFactory(region=region_by, name_ru="Витебский государственный университет")


@pytest.fixture
def funder(region_by: Region) -> Organisation:
    return factories.OrganisationFactory(region=region_by, name_ru="ОАО «Витебский завод»")


def _partners(region_ru: Region, lead: Organisation, funder: Organisation) -> list[PartnerInput]:
    return [
        PartnerInput(organisation=lead, role=PartnerRole.LEAD),
        PartnerInput(region=region_ru, role=PartnerRole.PARTNER),
        PartnerInput(organisation=funder, role=PartnerRole.FUNDER),
    ]


@pytest.fixture
def project(
    region_ru: Region, lead_organisation: Organisation, funder: Organisation, commission_member: User
) -> Project:
    return services.project_create(
        actor=commission_member,
        title="Приграничный туристический маршрут «Смоленск — Витебск»",
        kind=ProjectKind.COOPERATION_PROJECT,
        period_start=START,
        period_end=END,
        goals="Создать общий туристический маршрут.",
        partners=_partners(region_ru, lead_organisation, funder),
    )


@pytest.fixture
def restricted(
    region_ru: Region, lead_organisation: Organisation, funder: Organisation, commission_member: User
) -> Project:
    return services.project_create(
        actor=commission_member,
        title="Программа импортозамещения в машиностроении",
        kind=ProjectKind.PRIORITY_PROGRAMME,
        period_start=START,
        visibility=Visibility.RESTRICTED,
        partners=_partners(region_ru, lead_organisation, funder),
    )


def _representative_of(organisation: Organisation) -> User:
    user = factories.UserFactory(role=Role.REPRESENTATIVE)
    organisation.representatives.add(user)
    return user


@pytest.fixture
def lead_representative(lead_organisation: Organisation) -> User:
    return _representative_of(lead_organisation)


@pytest.fixture
def funder_representative(funder: Organisation) -> User:
    return _representative_of(funder)


@pytest.fixture
def actors(
    region_by: Region,
    other_region: Region,
    citizen: User,
    representative: User,
    lead_representative: User,
    funder_representative: User,
    coordinator: User,
    commission_member: User,
    moderator: User,
    administrator: User,
) -> dict[str, Any]:
    return {
        "anonymous": AnonymousUser(),
        "citizen": citizen,
        "other_representative": representative,
        "lead_representative": lead_representative,
        "funder_representative": funder_representative,
        "partner_region_coordinator": coordinator,
        "partner_org_region_coordinator": factories.UserFactory(role=Role.COORDINATOR, region=region_by),
        "other_coordinator": factories.UserFactory(role=Role.COORDINATOR, region=other_region),
        "moderator": moderator,
        "commission": commission_member,
        "admin": administrator,
    }

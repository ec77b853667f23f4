"""The agreement tests' cast: a forum, a public and a restricted agreement between region_ru and
region_by (the restricted one also with an organisation), and a user for every row of the matrix."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.agreements import services
from mosty.agreements.models import Agreement, AgreementKind, AgreementStatus, Visibility
from mosty.agreements.services import PartyInput
from mosty.events.models import Event, EventKind
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

SIGNED = datetime.date(2025, 6, 26)


@pytest.fixture
def forum(db: None) -> Event:
    return factories.EventFactory(
        kind=EventKind.FORUM, title_ru="XII Форум регионов", forum_number=12, year=2025, agreements_count=54
    )


@pytest.fixture
def other_region(db: None) -> Region:
    return factories.RegionFactory(code="RU-KLU", name_ru="Калужская область", name_en="Kaluga Oblast")


@pytest.fixture
def organisation(region_by: Region) -> Organisation:
    return factories.OrganisationFactory(region=region_by, name_ru="ОАО «Витебский завод»")


@pytest.fixture
def agreement(region_ru: Region, region_by: Region, forum: Event, commission_member: User) -> Agreement:
    return services.agreement_create(
        actor=commission_member,
        title="Соглашение о торгово-экономическом сотрудничестве",
        kind=AgreementKind.BETWEEN_REGIONS,
        number="12-01",
        status=AgreementStatus.SIGNED,
        signed_on=SIGNED,
        event=forum,
        parties=[
            PartyInput(region=region_ru, signatory_name="В. Анохин", signatory_position="Губернатор"),
            PartyInput(region=region_by, signatory_name="А. Субботин", signatory_position="Председатель"),
        ],
    )


@pytest.fixture
def restricted(region_ru: Region, organisation: Organisation, commission_member: User) -> Agreement:
    return services.agreement_create(
        actor=commission_member,
        title="Контракт на поставку",
        kind=AgreementKind.TRADE_CONTRACT,
        status=AgreementStatus.SIGNED,
        signed_on=SIGNED,
        visibility=Visibility.RESTRICTED,
        parties=[PartyInput(region=region_ru), PartyInput(organisation=organisation)],
    )


@pytest.fixture
def party_representative(organisation: Organisation) -> User:
    user = factories.UserFactory(role=Role.REPRESENTATIVE)
    organisation.representatives.add(user)
    return user


@pytest.fixture
def actors(
    region_by: Region,
    other_region: Region,
    citizen: User,
    representative: User,
    party_representative: User,
    coordinator: User,
    commission_member: User,
    moderator: User,
    administrator: User,
) -> dict[str, Any]:
    return {
        "anonymous": AnonymousUser(),
        "citizen": citizen,
        "other_representative": representative,
        "party_representative": party_representative,
        "party_coordinator": coordinator,
        "party_org_region_coordinator": factories.UserFactory(role=Role.COORDINATOR, region=region_by),
        "other_coordinator": factories.UserFactory(role=Role.COORDINATOR, region=other_region),
        "moderator": moderator,
        "commission": commission_member,
        "admin": administrator,
    }

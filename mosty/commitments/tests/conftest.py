"""The commitment tests' cast: an organisation of Smolensk Oblast answering for a commitment, a
co-executor in Vitebsk Region, and a user for every row of the permission matrix."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.commitments.models import Commitment
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

ACTORS = (
    "anonymous",
    "citizen",
    "representative_own",
    "co_executor",
    "representative_other",
    "coordinator_own",
    "coordinator_co_executor",
    "coordinator_other",
    "commission",
    "moderator",
    "admin",
)


@pytest.fixture
def other_region(db: None) -> Region:
    return factories.RegionFactory(code="RU-KLU", name_ru="Калужская область", name_en="Kaluga Oblast")


@pytest.fixture
def organisation(region_ru: Region, representative: User) -> Organisation:
    organisation = factories.OrganisationFactory(region=region_ru, name_ru="Смоленский льнозавод")
    organisation.representatives.add(representative)
    return organisation


@pytest.fixture
def co_executor_user(db: None) -> User:
    return factories.UserFactory(role=Role.REPRESENTATIVE, full_name="Соисполнитель")


@pytest.fixture
def co_organisation(region_by: Region, co_executor_user: User) -> Organisation:
    organisation = factories.OrganisationFactory(region=region_by, name_ru="Оршанский льнокомбинат")
    organisation.representatives.add(co_executor_user)
    return organisation


@pytest.fixture
def other_organisation(other_region: Region) -> Organisation:
    return factories.OrganisationFactory(region=other_region, name_ru="Калужский завод")


@pytest.fixture
def commitment(organisation: Organisation, co_organisation: Organisation) -> Commitment:
    commitment = factories.CommitmentFactory(
        responsible_organisation=organisation,
        title="Провести совместную ярмарку льна",
        indicator_unit="предприятий",
        planned_value=10,
    )
    commitment.co_executors.add(co_organisation)
    return commitment


@pytest.fixture
def actors(
    organisation: Organisation,
    co_organisation: Organisation,
    other_organisation: Organisation,
    region_by: Region,
    other_region: Region,
    citizen: User,
    representative: User,
    co_executor_user: User,
    coordinator: User,
    commission_member: User,
    moderator: User,
    administrator: User,
) -> dict[str, Any]:
    representative_other = factories.UserFactory(role=Role.REPRESENTATIVE)
    other_organisation.representatives.add(representative_other)
    return {
        "anonymous": AnonymousUser(),
        "citizen": citizen,
        "representative_own": representative,
        "co_executor": co_executor_user,
        "representative_other": representative_other,
        "coordinator_own": coordinator,
        "coordinator_co_executor": factories.UserFactory(role=Role.COORDINATOR, region=region_by),
        "coordinator_other": factories.UserFactory(role=Role.COORDINATOR, region=other_region),
        "commission": commission_member,
        "moderator": moderator,
        "admin": administrator,
    }

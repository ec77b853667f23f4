"""The organisation tests' cast: one organisation in region_ru, and a user for every row of the matrix."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

# Every kind of visitor the permission matrix covers.
ACTORS = (
    "anonymous",
    "citizen",
    "representative_own",
    "representative_other",
    "coordinator_own",
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
    organisation = factories.OrganisationFactory(
        region=region_ru, name_ru="Смоленский льнозавод", name_en="Smolensk Flax Mill"
    )
    organisation.representatives.add(representative)
    return organisation


@pytest.fixture
def actors(
    organisation: Organisation,
    other_region: Region,
    citizen: User,
    representative: User,
    coordinator: User,
    commission_member: User,
    moderator: User,
    administrator: User,
) -> dict[str, Any]:
    return {
        "anonymous": AnonymousUser(),
        "citizen": citizen,
        "representative_own": representative,
        "representative_other": factories.UserFactory(role=Role.REPRESENTATIVE),
        "coordinator_own": coordinator,
        "coordinator_other": factories.UserFactory(role=Role.COORDINATOR, region=other_region),
        "commission": commission_member,
        "moderator": moderator,
        "admin": administrator,
    }

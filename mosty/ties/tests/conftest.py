"""The tie tests' cast: a tie between region_ru and region_by, and a user for every row of the matrix."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.territories.models import Region
from mosty.ties.models import Tie, TieKind

# Every kind of visitor the permission matrix covers.
ACTORS = (
    "anonymous",
    "citizen",
    "representative",
    "coordinator_side_a",
    "coordinator_side_b",
    "coordinator_other",
    "commission",
    "moderator",
    "admin",
)


@pytest.fixture
def other_region(db: None) -> Region:
    return factories.RegionFactory(code="RU-KLU", name_ru="Калужская область", name_en="Kaluga Oblast")


@pytest.fixture
def tie(region_ru: Region, region_by: Region) -> Tie:
    return factories.TieFactory(
        kind=TieKind.PARTNER_REGIONS,
        region_a=region_ru,
        region_b=region_by,
        since=datetime.date(2003, 5, 12),
        basis="Соглашение о сотрудничестве от 12.05.2003",
    )


@pytest.fixture
def actors(
    tie: Tie,
    region_by: Region,
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
        "representative": representative,
        "coordinator_side_a": coordinator,
        "coordinator_side_b": factories.UserFactory(role=Role.COORDINATOR, region=region_by),
        "coordinator_other": factories.UserFactory(role=Role.COORDINATOR, region=other_region),
        "commission": commission_member,
        "moderator": moderator,
        "admin": administrator,
    }

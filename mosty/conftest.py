"""Fixtures every app's tests share: the standard users by role, and a small territory set."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.territories.models import Region


@pytest.fixture(autouse=True)
def _fast_passwords(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _no_page_cache(settings: object) -> None:
    # Tests change data with factories (no audit row, so no invalidation); the page cache has its own tests.
    settings.MOSTY_PAGE_CACHE_SECONDS = 0  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def region_ru(db: None) -> Region:
    return factories.RegionFactory.create(
        code="RU-SMO",
        name_ru="Смоленская область",
        name_en="Smolensk Oblast",
        name_be="Смаленская вобласць",
        borders_other_country=True,
    )


@pytest.fixture
def region_by(db: None) -> Region:
    return factories.RegionFactory.create(
        code="BY-VI",
        country=factories.CountryFactory.create(code="BY"),
        name_ru="Витебская область",
        name_be="Віцебская вобласць",
        name_en="Vitebsk Region",
        borders_other_country=True,
    )


@pytest.fixture
def citizen(db: None) -> User:
    return factories.UserFactory.create(role=Role.CITIZEN)


@pytest.fixture
def representative(db: None) -> User:
    return factories.UserFactory.create(role=Role.REPRESENTATIVE)


@pytest.fixture
def coordinator(region_ru: Region) -> User:
    return factories.UserFactory.create(role=Role.COORDINATOR, region=region_ru)


@pytest.fixture
def commission_member(db: None) -> User:
    return factories.UserFactory.create(role=Role.COMMISSION, is_staff=True)


@pytest.fixture
def moderator(db: None) -> User:
    return factories.UserFactory.create(role=Role.MODERATOR, is_staff=True)


@pytest.fixture
def administrator(db: None) -> User:
    return factories.UserFactory.create(role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def no_staff_mfa(settings: object) -> None:
    """Lets staff users reach pages in tests that are not about two-factor authentication."""
    settings.MOSTY_STAFF_MFA_REQUIRED = False  # type: ignore[attr-defined]


assert django_settings.LANGUAGE_CODE == "ru"

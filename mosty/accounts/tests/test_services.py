"""Creating accounts and handing out roles: who may, what follows from a role, and the audit rows."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError

from mosty import factories
from mosty.accounts import services
from mosty.accounts.models import Role, User
from mosty.core.models import AuditEntry
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db

ALL_ROLES = [role.value for role in Role]


def _actor(role: str, region: Region) -> User:
    return factories.UserFactory(role=role, region=region if role == Role.COORDINATOR else None)


def test_user_create_registers_the_email_for_sign_in_and_audits_without_the_password() -> None:
    user = services.user_create(
        email=" Ivan.Petrov@Example.org ", password="long-enough-secret-42", full_name="Иван Петров"
    )

    assert user.email == "ivan.petrov@example.org"
    assert user.check_password("long-enough-secret-42")
    assert (user.role, user.is_staff, user.is_superuser) == (Role.CITIZEN, False, False)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == ("ivan.petrov@example.org", True, False)
    entry = AuditEntry.objects.get(object_id=str(user.pk))
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor is None
    assert entry.changes["email"] == [None, "ivan.petrov@example.org"]
    assert "password" not in entry.changes
    assert "last_login" not in entry.changes


def test_user_create_of_a_coordinator_needs_a_region(region_ru: Region) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_create(email="c@example.org", password="long-enough-secret-42", role=Role.COORDINATOR)

    assert "region" in error.value.message_dict
    assert not User.objects.filter(email="c@example.org").exists()
    coordinator = services.user_create(
        email="c@example.org",
        password="long-enough-secret-42",
        role=Role.COORDINATOR,
        region=region_ru,
        email_verified=True,
    )
    assert (coordinator.region, coordinator.is_staff, coordinator.is_superuser) == (region_ru, True, False)
    assert EmailAddress.objects.get(user=coordinator).verified


def test_user_create_refuses_a_weak_password_and_a_taken_email(citizen: User) -> None:
    with pytest.raises(ValidationError):
        services.user_create(email="weak@example.org", password="12345")
    with pytest.raises(ValidationError):
        services.user_create(email=citizen.email.upper(), password="long-enough-secret-42")

    assert not User.objects.filter(email="weak@example.org").exists()


def test_user_create_without_a_password_leaves_it_unusable() -> None:
    user = services.user_create(email="later@example.org", password=None)

    assert not user.has_usable_password()


@pytest.mark.parametrize("actor_role", ALL_ROLES)
def test_only_an_administrator_may_set_roles(actor_role: str, region_ru: Region) -> None:
    actor = _actor(actor_role, region_ru)
    user = factories.UserFactory(role=Role.CITIZEN)

    if actor_role == Role.ADMIN:
        services.user_set_role(actor=actor, user=user, role=Role.MODERATOR)
        user.refresh_from_db()
        assert user.role == Role.MODERATOR
    else:
        with pytest.raises(PermissionDenied):
            services.user_set_role(actor=actor, user=user, role=Role.MODERATOR)
        user.refresh_from_db()
        assert user.role == Role.CITIZEN
        assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("role", "is_staff", "is_superuser"),
    [
        (Role.CITIZEN, False, False),
        (Role.REPRESENTATIVE, False, False),
        (Role.COORDINATOR, True, False),
        (Role.COMMISSION, True, False),
        (Role.MODERATOR, True, False),
        (Role.ADMIN, True, True),
    ],
)
def test_role_decides_admin_access_and_superuser(
    administrator: User, region_ru: Region, role: str, is_staff: bool, is_superuser: bool
) -> None:
    user = factories.UserFactory(role=Role.CITIZEN)

    services.user_set_role(
        actor=administrator, user=user, role=role, region=region_ru if role == Role.COORDINATOR else None
    )

    user.refresh_from_db()
    assert (user.role, user.is_staff, user.is_superuser) == (role, is_staff, is_superuser)


def test_setting_a_role_is_audited_with_old_and_new_values(administrator: User, region_ru: Region) -> None:
    user = factories.UserFactory(role=Role.CITIZEN)

    services.user_set_role(actor=administrator, user=user, role=Role.COORDINATOR, region=region_ru)

    entry = AuditEntry.objects.get(object_id=str(user.pk))
    assert entry.actor == administrator
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes == {
        "role": [Role.CITIZEN, Role.COORDINATOR],
        "region": [None, region_ru.pk],
        "is_staff": [False, True],
    }


def test_setting_the_same_role_again_writes_no_row(administrator: User, moderator: User) -> None:
    services.user_set_role(actor=administrator, user=moderator, role=Role.MODERATOR)

    assert not AuditEntry.objects.exists()


def test_a_coordinator_role_needs_a_region(administrator: User) -> None:
    user = factories.UserFactory(role=Role.CITIZEN)

    with pytest.raises(ValidationError) as error:
        services.user_set_role(actor=administrator, user=user, role=Role.COORDINATOR)

    assert error.value.message_dict == {"region": ["A regional coordinator must have a region."]}
    user.refresh_from_db()
    assert user.role == Role.CITIZEN


def test_leaving_the_coordinator_role_drops_the_region(administrator: User, coordinator: User) -> None:
    services.user_set_role(actor=administrator, user=coordinator, role=Role.CITIZEN)

    coordinator.refresh_from_db()
    assert (coordinator.role, coordinator.region, coordinator.is_staff) == (Role.CITIZEN, None, False)


def test_a_region_is_not_kept_for_other_roles(administrator: User, region_ru: Region) -> None:
    user = factories.UserFactory(role=Role.CITIZEN)

    services.user_set_role(actor=administrator, user=user, role=Role.COMMISSION, region=region_ru)

    user.refresh_from_db()
    assert user.region is None


def test_an_administrator_cannot_change_their_own_role(administrator: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_set_role(actor=administrator, user=administrator, role=Role.CITIZEN)

    assert "role" in error.value.message_dict
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMIN


def test_an_inactive_administrator_may_not_set_roles(administrator: User) -> None:
    administrator.is_active = False
    user = factories.UserFactory(role=Role.CITIZEN)

    with pytest.raises(PermissionDenied):
        services.user_set_role(actor=administrator, user=user, role=Role.MODERATOR)


def test_an_unknown_role_is_refused(administrator: User) -> None:
    user = factories.UserFactory(role=Role.CITIZEN)

    with pytest.raises(ValidationError):
        services.user_set_role(actor=administrator, user=user, role="emperor")


def test_profile_update_is_audited(citizen: User) -> None:
    old_name = citizen.full_name

    services.user_update_profile(actor=citizen, user=citizen, full_name="  Алесь Бяляцкі ")

    citizen.refresh_from_db()
    assert citizen.full_name == "Алесь Бяляцкі"
    entry = AuditEntry.objects.get(object_id=str(citizen.pk))
    assert (entry.actor, entry.action) == (citizen, AuditEntry.Action.UPDATE)
    assert entry.changes == {"full_name": [old_name, "Алесь Бяляцкі"]}


@pytest.mark.parametrize("actor_role", [Role.CITIZEN, Role.COMMISSION, Role.MODERATOR, Role.COORDINATOR])
def test_only_the_user_or_an_administrator_edits_a_profile(
    actor_role: str, region_ru: Region, administrator: User
) -> None:
    user = factories.UserFactory(full_name="Было")

    with pytest.raises(PermissionDenied):
        services.user_update_profile(actor=_actor(actor_role, region_ru), user=user, full_name="Стало")
    services.user_update_profile(actor=administrator, user=user, full_name="Стало")

    user.refresh_from_db()
    assert user.full_name == "Стало"

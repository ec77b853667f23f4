"""The user and audit-history pages of the staff admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts import services
from mosty.accounts.models import Role, User
from mosty.core.models import AuditEntry
from mosty.territories.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


def _client(user: User) -> Client:
    client = Client()
    client.cookies["mosty_language"] = "en"
    client.force_login(user)
    return client


def _form(user: User, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "full_name": user.full_name,
        "role": user.role,
        "region": user.region_id or "",
        "is_active": "on" if user.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_user_list_shows_the_useful_columns_and_never_the_password(administrator: User) -> None:
    factories.UserFactory(email="olga@example.org", full_name="Ольга Смирнова", role=Role.MODERATOR)

    html = _client(administrator).get(reverse("admin:accounts_user_changelist")).content.decode()

    assert "olga@example.org" in html
    assert "Ольга Смирнова" in html
    assert "Moderator" in html or "moderator" in html
    assert "md5$" not in html and "pbkdf2" not in html


def test_user_list_searches_by_email_and_name(administrator: User) -> None:
    factories.UserFactory(email="olga@example.org", full_name="Ольга Смирнова")
    factories.UserFactory(email="ivan@example.org", full_name="Иван Петров")
    client = _client(administrator)

    by_name = client.get(reverse("admin:accounts_user_changelist"), {"q": "Смирнова"}).content.decode()
    by_role = client.get(reverse("admin:accounts_user_changelist"), {"role__exact": "admin"}).content.decode()

    assert "olga@example.org" in by_name and "ivan@example.org" not in by_name
    assert administrator.email in by_role and "olga@example.org" not in by_role


def test_administrator_sets_a_role_in_the_admin_with_one_audit_row(
    administrator: User, region_ru: Region
) -> None:
    user = factories.UserFactory(role=Role.CITIZEN)

    response = _client(administrator).post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        _form(user, role=Role.COORDINATOR, region=region_ru.pk),
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.role, user.region, user.is_staff) == (Role.COORDINATOR, region_ru, True)
    entry = AuditEntry.objects.get(object_id=str(user.pk))
    assert entry.actor == administrator
    assert entry.changes == {
        "role": [Role.CITIZEN, Role.COORDINATOR],
        "region": [None, region_ru.pk],
        "is_staff": [False, True],
    }


def test_coordinator_without_a_region_is_refused_in_the_admin(administrator: User) -> None:
    user = factories.UserFactory(role=Role.CITIZEN)

    response = _client(administrator).post(
        reverse("admin:accounts_user_change", args=[user.pk]), _form(user, role=Role.COORDINATOR)
    )

    assert response.status_code == 200
    assert "A regional coordinator must have a region." in response.content.decode()
    user.refresh_from_db()
    assert user.role == Role.CITIZEN
    assert not AuditEntry.objects.exists()


def test_administrator_cannot_demote_themselves_in_the_admin(administrator: User) -> None:
    response = _client(administrator).post(
        reverse("admin:accounts_user_change", args=[administrator.pk]),
        _form(administrator, role=Role.CITIZEN),
    )

    assert response.status_code == 200
    assert "You cannot change your own role" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMIN


@pytest.mark.parametrize("role", [Role.COMMISSION, Role.MODERATOR])
def test_other_staff_see_users_but_cannot_change_them(role: str) -> None:
    staff = factories.UserFactory(role=role, is_staff=True)
    user = factories.UserFactory(role=Role.CITIZEN)
    client = _client(staff)

    listed = client.get(reverse("admin:accounts_user_changelist"))
    posted = client.post(reverse("admin:accounts_user_change", args=[user.pk]), _form(user, role=Role.ADMIN))

    assert user.email in listed.content.decode()
    assert posted.status_code == 403
    user.refresh_from_db()
    assert user.role == Role.CITIZEN


def test_nobody_adds_or_deletes_users_in_the_admin(administrator: User, citizen: User) -> None:
    client = _client(administrator)

    assert client.get(reverse("admin:accounts_user_add")).status_code == 403
    assert (
        client.post(reverse("admin:accounts_user_delete", args=[citizen.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert User.objects.filter(pk=citizen.pk).exists()


def test_audit_history_is_listed_for_staff_and_read_only(administrator: User, moderator: User) -> None:
    user = factories.UserFactory(role=Role.CITIZEN)
    services.user_set_role(actor=administrator, user=user, role=Role.REPRESENTATIVE)
    entry = AuditEntry.objects.get()
    client = _client(moderator)

    listed = client.get(reverse("admin:core_auditentry_changelist")).content.decode()
    detail = client.get(reverse("admin:core_auditentry_change", args=[entry.pk]))
    changed = client.post(reverse("admin:core_auditentry_change", args=[entry.pk]), {"object_repr": "forged"})

    assert str(user) in listed
    assert detail.status_code == 200
    assert "<li>Role: citizen → organisation representative</li>" in detail.content.decode()
    assert changed.status_code == 403
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    assert (
        client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.object_repr == str(user)


def test_audit_history_filters_by_action(administrator: User, moderator: User) -> None:
    user = services.user_create(email="made@example.org", password=None)
    services.user_set_role(actor=administrator, user=user, role=Role.REPRESENTATIVE)

    html = _client(moderator).get(reverse("admin:core_auditentry_changelist"), {"action__exact": "update"})

    assert "1 result" in html.content.decode()
    assert "2 total" in html.content.decode()

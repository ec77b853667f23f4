"""Two-factor authentication: required for every staff role, asked for at sign-in once activated."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.accounts.tests.conftest import PASSWORD, activate_totp, recovery_codes, totp_code
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db

STAFF_ROLES = [Role.COORDINATOR, Role.COMMISSION, Role.MODERATOR, Role.ADMIN]
NON_STAFF_ROLES = [Role.CITIZEN, Role.REPRESENTATIVE]


def _user(role: str, region: Region) -> User:
    staff = role in STAFF_ROLES
    return factories.UserFactory(
        role=role,
        is_staff=staff,
        is_superuser=role == Role.ADMIN,
        region=region if role == Role.COORDINATOR else None,
    )


def _sign_in(client: Client, user: User, next_url: str = "") -> object:
    data = {"login": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("account_login"), data)


def _reauthenticate(client: Client) -> None:
    """Changing two-factor settings asks for the password again, even right after signing in."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


@pytest.mark.parametrize("role", STAFF_ROLES)
@pytest.mark.parametrize("path", ["/", "/admin/", "/organisations/"])
def test_staff_without_an_authenticator_app_is_sent_to_set_it_up(
    client: Client, region_ru: Region, role: str, path: str
) -> None:
    client.force_login(_user(role, region_ru))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_with_an_authenticator_app_reaches_the_admin(
    client: Client, region_ru: Region, role: str
) -> None:
    user = _user(role, region_ru)
    activate_totp(user)
    client.force_login(user)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Mosty" in response.content.decode()


@pytest.mark.parametrize("role", NON_STAFF_ROLES)
def test_citizens_and_representatives_are_never_asked_for_two_factor(
    client: Client, region_ru: Region, role: str
) -> None:
    client.force_login(_user(role, region_ru))

    response = client.get(reverse("accounts:profile"))
    admin = client.get("/admin/")

    assert response.status_code == 200
    assert not admin["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_without_an_authenticator_app_may_still_sign_out_and_open_the_setup(
    client: Client, moderator: User
) -> None:
    client.force_login(moderator)

    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_htmx_request_of_staff_without_two_factor_is_told_to_redirect(
    client: Client, moderator: User
) -> None:
    client.force_login(moderator)

    response = client.get("/organisations/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"].startswith(reverse("mfa_activate_totp"))


def test_two_factor_requirement_can_be_switched_off_for_tests(
    client: Client, moderator: User, no_staff_mfa: None
) -> None:
    client.force_login(moderator)

    assert client.get("/admin/").status_code == 200


def test_admin_login_goes_through_the_platform_login(client: Client) -> None:
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=%2Fadmin%2F"


def test_staff_activates_the_authenticator_app_and_gets_recovery_codes(
    client: Client, commission_member: User
) -> None:
    assert _sign_in(client, commission_member).status_code == 302
    setup = client.get("/", follow=True)
    assert setup.redirect_chain[-2][0].startswith(reverse("mfa_activate_totp"))
    assert setup.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    _reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page
    assert "Для вашей роли обязательна двухфакторная аутентификация" in page
    assert 'class="qr-code"' in page

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=commission_member, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert recovery_codes(commission_member)[0] in codes_page
    assert client.get("/admin/").status_code == 200


def test_activation_with_a_wrong_code_is_refused(client: Client, commission_member: User) -> None:
    client.cookies["mosty_language"] = "en"
    _sign_in(client, commission_member)
    _reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=commission_member).exists()


def test_sign_in_with_an_authenticator_app_asks_for_the_code(client: Client, administrator: User) -> None:
    client.cookies["mosty_language"] = "en"
    secret = activate_totp(administrator)

    first = _sign_in(client, administrator, next_url="/admin/")

    assert first.status_code == 302
    assert first["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Please enter an authenticator code" in page

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Incorrect code." in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(administrator.pk)
    assert client.get("/admin/").status_code == 200


def test_sign_in_with_a_recovery_code_works_once(administrator: User) -> None:
    activate_totp(administrator)
    code = recovery_codes(administrator)[0]

    first = Client()
    _sign_in(first, administrator)
    first.post(reverse("mfa_authenticate"), {"code": code})
    second = Client()
    _sign_in(second, administrator)
    reused = second.post(reverse("mfa_authenticate"), {"code": code})

    assert first.session["_auth_user_id"] == str(administrator.pk)
    assert reused.status_code == 200
    assert "_auth_user_id" not in second.session
    assert code not in recovery_codes(administrator)


def test_staff_cannot_turn_the_authenticator_app_off(client: Client, moderator: User) -> None:
    client.cookies["mosty_language"] = "en"
    secret = activate_totp(moderator)
    _sign_in(client, moderator)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    _reauthenticate(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert "You cannot deactivate two-factor authentication." in response.content.decode()
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()


def test_a_citizen_may_turn_the_authenticator_app_off(client: Client, citizen: User) -> None:
    secret = activate_totp(citizen)
    _sign_in(client, citizen)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    _reauthenticate(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=citizen, type=Authenticator.Type.TOTP).exists()

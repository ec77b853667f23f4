"""The sign-in and sign-up pages, their errors and e-mails in Belarusian, Russian and English."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from mosty.accounts.models import User

pytestmark = pytest.mark.django_db


def _squeezed(html: str) -> str:
    """The page with the blank space around tags removed, as a reader sees it."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", html)


def _client(language: str) -> Client:
    client = Client()
    client.cookies["mosty_language"] = language
    return client


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("be", ["<h1>Увайсці</h1>", "Электронная пошта", "Пароль", "Запомніць мяне", "Забылі пароль?"]),
        ("ru", ["<h1>Войти</h1>", "Пароль", "Запомнить меня", "Забыли свой пароль?"]),
        ("en", ["<h1>Sign In</h1>", "Password", "Remember Me", "Forgot your password?"]),
    ],
)
def test_login_page_is_in_the_chosen_language(language: str, texts: list[str]) -> None:
    response = _client(language).get(reverse("account_login"))

    html = _squeezed(response.content.decode())
    assert f'<html lang="{language}">' in html
    for text in texts:
        assert text in html


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("be", ["<h1>Зарэгістравацца</h1>", "Ужо маеце ўліковы запіс?", "Пароль (яшчэ раз)"]),
        ("ru", ["<h1>Зарегистрируйтесь</h1>", "Уже зарегистрированы?", "Пароль (ещё раз)"]),
        ("en", ["<h1>Sign Up</h1>", "Already have an account?", "Password (again)"]),
    ],
)
def test_signup_page_is_in_the_chosen_language(language: str, texts: list[str]) -> None:
    html = _squeezed(_client(language).get(reverse("account_signup")).content.decode())

    for text in texts:
        assert text in html


def test_login_errors_are_in_belarusian(citizen: User) -> None:
    client = _client("be")

    wrong = client.post(reverse("account_login"), {"login": citizen.email, "password": "not-the-password"})
    empty = client.post(reverse("account_login"), {"login": "", "password": ""})

    assert "Адрас электроннай пошты і/або пароль, якія вы ўказалі, няправільныя." in wrong.content.decode()
    assert f'value="{citizen.email}"' in wrong.content.decode()
    assert "Поле трэба запоўніць." in empty.content.decode()


def test_signup_errors_are_in_belarusian() -> None:
    client = _client("be")

    short = client.post(
        reverse("account_signup"), {"email": "new@example.org", "password1": "short", "password2": "short"}
    )
    mismatched = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "wide-river-crossing-7",
            "password2": "wide-river-crossing-8",
        },
    )

    assert "Гэты пароль занадта кароткі. Ён павінен мець не менш 10 сімвалаў." in short.content.decode()
    assert "Вы павінны абодва разы ўвесці адзін і той жа пароль." in mismatched.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


def test_confirmation_email_is_in_belarusian() -> None:
    password = "wide-river-crossing-7"
    _client("be").post(
        reverse("account_signup"), {"email": "new@example.org", "password1": password, "password2": password}
    )

    assert "Калі ласка, пацвердзіце свой адрас электроннай пошты" in mail.outbox[0].subject
    assert "Каб пацвердзіць, перайдзіце па спасылцы" in mail.outbox[0].body


def test_password_reset_page_is_in_belarusian() -> None:
    html = _client("be").get(reverse("account_reset_password")).content.decode()

    assert "Скід пароля" in html
    assert "Скінуць пароль" in html


@pytest.mark.parametrize(
    ("language", "heading"), [("be", "<h1>"), ("ru", "<h1>"), ("en", "<h1>Too many attempts</h1>")]
)
def test_too_many_attempts_page_is_in_the_platform_layout(citizen: User, language: str, heading: str) -> None:
    client = _client(language)
    for _ in range(5):
        client.post(reverse("account_reset_password"), {"email": citizen.email})

    response = client.post(reverse("account_reset_password"), {"email": citizen.email})

    html = response.content.decode()
    assert response.status_code == 429
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert html.count("<h1") == 1

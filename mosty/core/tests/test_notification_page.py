"""The signed-in user's notifications page: their own only, unread marked, mark all read, paginated."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mosty.accounts.models import User
from mosty.core.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_en(client: Client) -> Client:
    client.cookies["mosty_language"] = "en"
    return client


def _notification(
    user: User, title: str, *, read: bool = False, url: str = "/commitments/1/"
) -> Notification:
    return Notification.objects.create(
        recipient=user, title=title, url=url, read_at=timezone.now() if read else None
    )


def test_the_page_needs_sign_in(client: Client) -> None:
    response = client.get(reverse("core:notifications"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_page_lists_only_the_users_notifications_with_the_unread_marked(
    client_en: Client, citizen: User, representative: User
) -> None:
    _notification(citizen, "Прочитанное", read=True)
    unread = _notification(citizen, "Новое")
    _notification(representative, "Чужое")
    client_en.force_login(citizen)

    response = client_en.get(reverse("core:notifications"))

    html = response.content.decode()
    assert "<h1>Notifications</h1>" in html
    assert "<strong>Новое</strong>" in html
    assert "Прочитанное" in html and "<strong>Прочитанное</strong>" not in html
    assert "Чужое" not in html
    assert "1 unread notification." in html
    assert f'href="{reverse("core:notification_open", args=[unread.pk])}"' in html
    assert html.count('<span class="badge badge-warn">new</span>') == 1


def test_an_empty_inbox_says_so(client_en: Client, citizen: User) -> None:
    client_en.force_login(citizen)

    html = client_en.get(reverse("core:notifications")).content.decode()

    assert "You have no notifications." in html
    assert "Mark all as read" not in html


def test_the_page_is_paginated_with_a_fixed_number_of_queries(
    client_en: Client, citizen: User, settings: Any, django_assert_num_queries: Any
) -> None:
    settings.MOSTY_PAGE_SIZE = 5
    client_en.force_login(citizen)
    for n in range(3):
        _notification(citizen, f"Уведомление {n}")
    # session, user, count of the page, the page, the unread count (+ the lazy badge count if used)
    with django_assert_num_queries(6) as few:  # 5, and the unread-notifications badge
        client_en.get(reverse("core:notifications"))
    for n in range(3, 30):
        _notification(citizen, f"Уведомление {n}")

    with django_assert_num_queries(len(few.captured_queries)):
        response = client_en.get(reverse("core:notifications"), {"page": 2})

    html = response.content.decode()
    assert "Page 2 of 6" in html
    assert "Уведомление 24" in html  # newest first: page 2 holds 24..20
    assert "Уведомление 29" not in html


def test_mark_all_read_marks_only_the_users_notifications(
    client_en: Client, citizen: User, representative: User
) -> None:
    _notification(citizen, "Первое")
    _notification(citizen, "Второе")
    theirs = _notification(representative, "Чужое")
    client_en.force_login(citizen)

    response = client_en.post(reverse("core:notifications_read_all"), follow=True)

    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=citizen, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_is_a_post(client: Client, citizen: User) -> None:
    client.force_login(citizen)

    assert client.get(reverse("core:notifications_read_all")).status_code == 405


def test_opening_a_notification_marks_it_read_and_follows_its_link(client: Client, citizen: User) -> None:
    notification = _notification(citizen, "Новое", url="/commitments/7/")
    client.force_login(citizen)

    response = client.get(reverse("core:notification_open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/commitments/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_notification_never_redirects_off_the_site(client: Client, citizen: User) -> None:
    notification = _notification(citizen, "Странное", url="https://evil.example/")
    client.force_login(citizen)

    response = client.get(reverse("core:notification_open", args=[notification.pk]))

    assert response["Location"] == reverse("core:notifications")


def test_someone_elses_notification_is_not_found(client: Client, citizen: User, representative: User) -> None:
    theirs = _notification(representative, "Чужое")
    client.force_login(citizen)

    response = client.get(reverse("core:notification_open", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_htmx_request_gets_the_list_alone(client_en: Client, citizen: User) -> None:
    _notification(citizen, "Новое")
    client_en.force_login(citizen)

    html = client_en.get(reverse("core:notifications"), headers={"HX-Request": "true"}).content.decode()

    assert html.lstrip().startswith('<div id="notification-list">')
    assert "<strong>Новое</strong>" in html
    assert "<html" not in html


def test_every_page_offers_the_unread_count_for_the_account_badge(
    client: Client, citizen: User, representative: User
) -> None:
    _notification(citizen, "Новое")
    _notification(citizen, "Ещё новое")
    _notification(citizen, "Старое", read=True)
    _notification(representative, "Чужое")
    client.force_login(citizen)

    response = client.get(reverse("accounts:profile"))

    assert response.context["unread_notifications"] == 2


def test_a_visitor_has_no_unread_count(client: Client) -> None:
    response = client.get(reverse("home"))

    assert response.context["unread_notifications"] == 0


def test_every_page_shows_the_signed_in_users_unread_count_in_the_header(
    client_en: Client, citizen: User, representative: User
) -> None:
    _notification(citizen, "Unread one")
    _notification(citizen, "Unread two")
    _notification(citizen, "Read", read=True)
    _notification(representative, "Someone else's")
    client_en.force_login(citizen)

    header = client_en.get(reverse("home")).content.decode().split("</header>")[0]

    badge = '<span class="badge">2<span class="visually-hidden"> unread'
    assert f'href="/notifications/">Notifications {badge}' in header

    Notification.objects.filter(recipient=citizen).update(read_at=timezone.now())
    header = client_en.get(reverse("home")).content.decode().split("</header>")[0]
    assert 'href="/notifications/">Notifications</a>' in header

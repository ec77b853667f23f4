"""Comments over HTTP: the partial, the actions with and without HTMX, the moderation queue, and
markup that must stay inert."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from mosty.accounts.models import User
from mosty.comments import services
from mosty.comments.models import Comment, CommentReport, CommentSupport
from mosty.comments.registry import TargetKind
from mosty.comments.tests.conftest import Cast, _url
from mosty.events.models import Event

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client() -> Client:
    client = Client()
    client.cookies["mosty_language"] = "en"
    return client


def _as(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def _partial(client: Client, kind: str, target_id: int) -> Any:
    return client.get(reverse("comments:list", args=[kind, target_id]), **HTMX)


def _create_url(event: Event, kind: str = "test_event") -> str:
    return reverse("comments:create", args=[kind, event.pk])


def test_partial_shows_comments_replies_and_the_form(
    client: Client, public_kind: TargetKind, event: Event, citizen: User, other_citizen: User
) -> None:
    top = services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="**Важно**")
    services.comment_create(
        author=other_citizen, kind="test_event", target_id=event.pk, body="Ответ", parent=top
    )
    response = _partial(_as(client, other_citizen), "test_event", event.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Важно</strong>" in html
    assert f'id="comment-{top.pk}"' in html
    assert "2 comments" in html
    assert 'name="parent"' in html and "Publish" in html
    assert "<html" not in html  # the partial alone


def test_anonymous_visitor_is_offered_sign_in(client: Client, public_kind: TargetKind, event: Event) -> None:
    html = _partial(client, "test_event", event.pk).content.decode()
    assert "Sign in to comment." in html
    assert "/accounts/login/?next=" in html
    assert "<textarea" not in html


def test_unverified_user_sees_why_and_cannot_post(
    client: Client, public_kind: TargetKind, event: Event, unverified: User
) -> None:
    _as(client, unverified)
    html = _partial(client, "test_event", event.pk).content.decode()
    assert "Confirm your e-mail address to comment." in html
    response = client.post(_create_url(event), {"body": "Привет"}, **HTMX)
    assert response.status_code == 200
    assert "Confirm your e-mail address to comment." in response.content.decode()
    assert not Comment.objects.exists()


def test_closed_target_shows_the_refusal(
    client: Client, public_kind: TargetKind, closed_event: Event, citizen: User
) -> None:
    html = _partial(_as(client, citizen), "test_event", closed_event.pk).content.decode()
    assert "Commenting is closed." in html
    assert 'name="body"' not in html


def test_post_without_htmx_redirects_to_the_comment_on_its_page(
    client: Client, public_kind: TargetKind, event: Event, citizen: User
) -> None:
    response = _as(client, citizen).post(_create_url(event), {"body": "Поддерживаю"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.pk}/#comment-{comment.pk}"


def test_post_with_htmx_returns_the_refreshed_partial(
    client: Client, public_kind: TargetKind, event: Event, citizen: User
) -> None:
    response = _as(client, citizen).post(_create_url(event), {"body": "Поддерживаю"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your comment has been published." in html
    assert "<p>Поддерживаю</p>" in html


def test_too_long_body_is_shown_with_the_form_kept(
    client: Client, public_kind: TargetKind, event: Event, citizen: User
) -> None:
    _as(client, citizen)
    text = "а" * 5001
    page = client.post(_create_url(event), {"body": text})
    assert page.status_code == 200
    assert "Ensure this value has at most 5000 characters (it has 5001)." in page.content.decode()
    assert text in page.content.decode()
    assert not Comment.objects.exists()


def test_reply_by_http(
    client: Client, public_kind: TargetKind, event: Event, citizen: User, other_citizen: User
) -> None:
    top = services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="Вопрос")
    response = _as(client, other_citizen).post(_create_url(event), {"body": "Ответ", "parent": top.pk})
    assert response.status_code == 302
    assert Comment.objects.get(body="Ответ").parent == top


def test_anonymous_post_goes_to_sign_in(client: Client, public_kind: TargetKind, event: Event) -> None:
    response = client.post(_create_url(event), {"body": "Привет"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Comment.objects.exists()


def test_invisible_and_missing_targets_give_the_same_404(
    client: Client, private_kind: TargetKind, event: Event, citizen: User
) -> None:
    _as(client, citizen)
    assert _partial(client, "test_private", event.pk).status_code == 404
    assert _partial(client, "test_private", 999_999).status_code == 404
    assert _partial(client, "no_such_kind", event.pk).status_code == 404
    assert client.post(_create_url(event, "test_private"), {"body": "Тайком"}).status_code == 404
    assert not Comment.objects.exists()


def test_private_comment_actions_are_404_for_non_members(
    client: Client,
    private_kind: TargetKind,
    cast: Cast,
    event: Event,
    citizen: User,
    moderator: User,
    no_staff_mfa: None,
) -> None:
    cast.members.add(citizen.pk)
    comment = services.comment_create(author=citizen, kind="test_private", target_id=event.pk, body="Свои")
    _as(client, moderator)
    for name in ("report", "hide", "edit"):
        assert client.post(reverse(f"comments:{name}", args=[comment.pk]), {"reason": "x"}).status_code == 404
    assert client.post(reverse("comments:restore", args=[comment.pk])).status_code == 404


def test_edit_within_the_window_and_not_after(
    client: Client, public_kind: TargetKind, event: Event, citizen: User
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        comment = services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="Было")
    _as(client, citizen)
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        html = _partial(client, "test_event", event.pk).content.decode()
        assert reverse("comments:edit", args=[comment.pk]) in html
        response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Стало"})
        assert response.status_code == 302
        html = _partial(client, "test_event", event.pk).content.decode()
        assert "(edited)" in html
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        html = _partial(client, "test_event", event.pk).content.decode()
        assert reverse("comments:edit", args=[comment.pk]) not in html
        response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Поздно"}, **HTMX)
        with translation.override("en"):
            assert str(services.EDIT_WINDOW_OVER) in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Стало"


def test_report_then_moderator_hides_from_the_queue(
    client: Client,
    public_kind: TargetKind,
    event: Event,
    citizen: User,
    other_citizen: User,
    moderator: User,
    no_staff_mfa: None,
) -> None:
    comment = services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="Грубость")
    _as(client, other_citizen)
    response = client.post(reverse("comments:report", args=[comment.pk]), {"reason": "Оскорбление"})
    assert response.status_code == 302
    assert CommentReport.objects.get().reason == "Оскорбление"
    assert "You have reported this comment." in _partial(client, "test_event", event.pk).content.decode()
    assert client.get(reverse("comments:moderation")).content.decode().count("Оскорбление") == 0

    moderator_client = Client()
    moderator_client.cookies["mosty_language"] = "en"
    _as(moderator_client, moderator)
    queue = moderator_client.get(reverse("comments:moderation"))
    assert queue.status_code == 200
    html = queue.content.decode()
    assert "Оскорбление" in html and "1 report" in html
    response = moderator_client.post(
        reverse("comments:hide", args=[comment.pk]), {"reason": "Нарушение правил", "next": "moderation"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("comments:moderation")
    assert (
        "No reported comments are waiting."
        in moderator_client.get(reverse("comments:moderation")).content.decode()
    )

    other_view = _partial(client, "test_event", event.pk).content.decode()
    assert "Hidden by a moderator: Нарушение правил" in other_view
    assert "Грубость" not in other_view
    author_client = Client()
    author_client.cookies["mosty_language"] = "en"
    author_view = _partial(_as(author_client, citizen), "test_event", event.pk).content.decode()
    assert "Hidden by a moderator: Нарушение правил" in author_view
    assert "Грубость" in author_view

    response = moderator_client.post(reverse("comments:restore", args=[comment.pk]), **HTMX)
    assert "The comment is shown again." in response.content.decode()
    assert "Грубость" in _partial(client, "test_event", event.pk).content.decode()


def test_hide_by_a_citizen_is_refused(
    client: Client, public_kind: TargetKind, event: Event, citizen: User, other_citizen: User
) -> None:
    comment = services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="Текст")
    response = _as(client, other_citizen).post(
        reverse("comments:hide", args=[comment.pk]), {"reason": "Хочу"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_moderation_page_needs_two_factor_for_staff(client: Client, moderator: User) -> None:
    response = _as(client, moderator).get(reverse("comments:moderation"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_support_and_withdraw_by_http(
    client: Client, public_kind: TargetKind, event: Event, citizen: User, other_citizen: User
) -> None:
    comment = services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="Идея")
    _as(client, other_citizen)
    html = client.post(reverse("comments:support", args=[comment.pk]), **HTMX).content.decode()
    assert "Supported by 1" in html and "Withdraw support" in html
    assert CommentSupport.objects.count() == 1
    html = client.post(reverse("comments:withdraw_support", args=[comment.pk]), **HTMX).content.decode()
    assert "Supported by 0" in html
    assert not CommentSupport.objects.exists()


def test_get_of_an_action_is_not_allowed(
    client: Client, public_kind: TargetKind, event: Event, citizen: User
) -> None:
    comment = services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="Идея")
    _as(client, citizen)
    assert client.get(reverse("comments:support", args=[comment.pk])).status_code == 405
    assert client.get(_create_url(event)).status_code == 405


# --- markup that must stay inert ---------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    '"><script>alert(1)</script>',
    "<<script>script>alert(1)<</script>/script>",
    '[x](https://e.org "title" onmouseover=alert(1))',
    "<details open ontoggle=alert(1)>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "![x](javascript:alert(1))",
    "<style>body{display:none}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<a href='&#106;avascript:alert(1)'>x</a>",
    "[x](&#106;avascript:alert(1))",
]


class _Markup(HTMLParser):
    """What a browser would run: script-capable elements, event-handler attributes, script URLs."""

    DANGEROUS_TAGS = frozenset({"script", "iframe", "svg", "style", "img", "object", "embed", "math"})

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "formaction"} and value is not None:
                scheme = value.strip().lower().split(":", 1)[0]
                if ":" in value and scheme not in {"http", "https", "mailto"}:
                    self.found.append(f"{tag}[{name}={value}]")


def _executable(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_payloads_are_inert_on_the_page(
    client: Client,
    public_kind: TargetKind,
    event: Event,
    citizen: User,
    moderator: User,
    no_staff_mfa: None,
    settings: Any,
    payload: str,
) -> None:
    settings.MOSTY_COMMENT_RATE = 1000
    _as(client, citizen)
    assert client.post(_create_url(event), {"body": payload, "proposed_text": payload}).status_code == 302
    comment = Comment.objects.get()
    services.comment_report(reporter=_other(), comment=comment, reason=f"Причина: {payload}")
    page = _partial(Client(), "test_event", event.pk).content.decode()
    shown = page[page.index('<article class="comment') :]
    queue = _as(Client(), moderator).get(reverse("comments:moderation")).content.decode()
    queued = queue[queue.index('<article class="card comment') : queue.index("</article>")]
    assert _executable(comment.body_html) == []
    assert _executable(shown) == [], shown
    assert _executable(queued) == [], queued
    assert "Причина" in queued


def _other() -> User:
    from mosty import factories

    return factories.UserFactory.create()


def test_links_are_marked_nofollow_ugc(
    client: Client, public_kind: TargetKind, event: Event, citizen: User
) -> None:
    _as(client, citizen).post(_create_url(event), {"body": "См. [сайт](https://admin-smolensk.ru/)"})
    html = _partial(client, "test_event", event.pk).content.decode()
    assert '<a href="https://admin-smolensk.ru/" rel="nofollow noopener ugc">сайт</a>' in html


def test_the_markup_check_catches_what_it_looks_for() -> None:
    assert _executable(
        '<p><a href=" JavaScript:alert(1)">x</a><img src=x onerror=alert(1)><script></script></p>'
    ) == [
        "a[href= JavaScript:alert(1)]",
        "<img>",
        "img[onerror]",
        "<script>",
    ]


def test_report_is_offered_on_a_closed_target_but_not_without_a_confirmed_email(
    client: Client,
    public_kind: TargetKind,
    closed_event: Event,
    citizen: User,
    other_citizen: User,
    unverified: User,
) -> None:
    # Written before the target closed (the service refuses now).
    comment = Comment.objects.create(
        kind="test_event", target_id=closed_event.pk, author=citizen, body="Старый", body_html="<p>Старый</p>"
    )
    report_url = reverse("comments:report", args=[comment.pk])
    html = _partial(_as(client, other_citizen), "test_event", closed_event.pk).content.decode()
    assert report_url in html
    assert "Commenting is closed." in html
    unverified_client = Client()
    html = _partial(_as(unverified_client, unverified), "test_event", closed_event.pk).content.decode()
    assert report_url not in html


# --- Pages of comments ----------------------------------------------------------------------------


def _many(event: Event, author: User, count: int) -> list[Comment]:
    return [
        services.comment_create(author=author, kind="test_event", target_id=event.pk, body=f"Мнение {n}")
        for n in range(count)
    ]


def test_a_long_thread_is_shown_a_page_at_a_time_with_links_that_work_without_js(
    client: Client, public_kind: TargetKind, event: Event, citizen: User, settings: Any
) -> None:
    settings.MOSTY_COMMENT_RATE = 1000
    tops = _many(event, citizen, 25)
    html = _partial(_as(client, citizen), "test_event", event.pk).content.decode()
    assert "25 comments" in html and "Page 1 of 2" in html
    assert f'id="comment-{tops[19].pk}"' in html and f'id="comment-{tops[20].pk}"' not in html
    # The plain link goes to the target's page; HTMX asks for the partial of the next page.
    assert f'href="{_url(event)}?comments=2#comments-test_event-{event.pk}"' in html
    list_url = reverse("comments:list", args=["test_event", event.pk])
    assert f'hx-get="{list_url}?comments=2"' in html
    second = client.get(list_url, {"comments": "2"}, **HTMX).content.decode()
    assert f'id="comment-{tops[20].pk}"' in second and f'id="comment-{tops[0].pk}"' not in second
    assert "Page 2 of 2" in second and "Earlier comments" in second
    # Without HTMX the list URL sends the reader to the page of comments on the target's page.
    redirect_to = client.get(list_url, {"comments": "2"})["Location"]
    assert redirect_to == f"{_url(event)}?comments=2#comments-test_event-{event.pk}"


def test_after_posting_the_reader_lands_on_the_page_that_holds_the_comment(
    client: Client, public_kind: TargetKind, event: Event, citizen: User, settings: Any
) -> None:
    settings.MOSTY_COMMENT_RATE = 1000
    tops = _many(event, citizen, 20)
    _as(client, citizen)
    response = client.post(_create_url(event), {"body": "Двадцать первый"})
    new = Comment.objects.get(body="Двадцать первый")
    assert response["Location"] == f"{_url(event)}?comments=2#comment-{new.pk}"
    response = client.post(_create_url(event), {"body": "Ответ на первый", "parent": tops[0].pk})
    reply = Comment.objects.get(body="Ответ на первый")
    assert response["Location"] == f"{_url(event)}#comment-{reply.pk}"
    # With HTMX the refreshed section is the page that shows the new comment.
    html = client.post(_create_url(event), {"body": "Ещё одно"}, **HTMX).content.decode()
    assert "Ещё одно" in html and "Page 2 of 2" in html

"""Reading comments: the thread of a target in a fixed number of queries, counts, the moderation queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.comments import selectors, services
from mosty.comments.context import comments_context
from mosty.comments.models import Comment
from mosty.comments.registry import TargetKind, register_target, unregister_target
from mosty.comments.tests.conftest import Cast, _get_event, _may_comment, _url
from mosty.events.models import Event

pytestmark = pytest.mark.django_db


def _thread(event: Event, authors: list[User], top_level: int) -> None:
    """`top_level` comments, each with two replies, by alternating authors, some supported and reported."""
    for number in range(top_level):
        author = authors[number % len(authors)]
        other = authors[(number + 1) % len(authors)]
        top = services.comment_create(
            author=author, kind="test_event", target_id=event.pk, body=f"Комментарий {number}"
        )
        for reply_number in range(2):
            services.comment_create(
                author=other, kind="test_event", target_id=event.pk, body=f"Ответ {reply_number}", parent=top
            )
        if number % 3 == 0:
            services.comment_support(user=other, comment=top)
            services.comment_report(reporter=other, comment=top, reason="Проверьте")


@pytest.fixture
def authors(db: None) -> list[User]:
    return [factories.UserFactory.create() for _ in range(5)]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings: Any) -> None:
    settings.MOSTY_COMMENT_RATE = 1000


@pytest.mark.parametrize("top_level", [3, 30])
def test_comments_for_takes_three_queries_whatever_the_count(
    public_kind: TargetKind,
    event: Event,
    authors: list[User],
    top_level: int,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    _thread(event, authors, top_level)
    # The target, the top-level comments with their authors, the replies with theirs.
    with django_assert_num_queries(3):
        comments = selectors.comments_for(user=authors[0], kind="test_event", target_id=event.pk)
        replies = [reply.author.display_name for comment in comments for reply in comment.replies.all()]
        names = [comment.author.display_name for comment in comments]
    assert len(comments) == top_level
    assert len(replies) == 2 * top_level
    assert names[0] == authors[0].display_name
    assert [comment.body for comment in comments][:2] == ["Комментарий 0", "Комментарий 1"]  # oldest first


@pytest.mark.parametrize("top_level", [3, 60])
def test_comments_context_takes_a_fixed_number_of_queries(
    public_kind: TargetKind,
    event: Event,
    authors: list[User],
    top_level: int,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    _thread(event, authors, top_level)
    request = RequestFactory().get("/")
    request.user = type(authors[0]).objects.get(pk=authors[0].pk)  # as a request loads it: nothing known yet
    # The target, the confirmed e-mail, the counts, the page of comments, their replies, what the
    # user supports and reported.
    with django_assert_num_queries(7):
        section = comments_context(request, "test_event", event.pk)["comment_section"]
    assert section.count == 3 * top_level  # every visible comment, not only the page's
    assert len(section.comments) == min(top_level, selectors.PAGE_SIZE)


def test_comments_context_shows_one_page_of_top_level_comments_with_their_replies(
    public_kind: TargetKind, event: Event, authors: list[User]
) -> None:
    _thread(event, authors, 45)
    request = RequestFactory().get("/", {"comments": "2"})
    request.user = authors[0]
    section = comments_context(request, "test_event", event.pk)["comment_section"]
    assert [c.body for c in section.comments] == [f"Комментарий {n}" for n in range(20, 40)]
    assert all(len(c.replies.all()) == 2 for c in section.comments)
    assert (section.page.number, section.page.num_pages) == (2, 3)
    assert section.previous_url.endswith(f"#{section.dom_id}") and "comments=" not in section.previous_url
    assert f"?comments=3#{section.dom_id}" in section.next_url
    assert section.next_partial_url.endswith("?comments=3")
    for asked, shown in (("99", 3), ("nonsense", 1), ("0", 1)):
        request = RequestFactory().get("/", {"comments": asked})
        request.user = authors[0]
        assert comments_context(request, "test_event", event.pk)["comment_section"].page.number == shown


def test_a_comment_is_found_on_its_page_and_a_reply_on_its_parents(
    public_kind: TargetKind, event: Event, authors: list[User]
) -> None:
    _thread(event, authors, 41)
    tops = list(Comment.objects.filter(target_id=event.pk, parent__isnull=True).order_by("created_at", "pk"))
    assert [selectors.page_of(tops[n]) for n in (0, 19, 20, 40)] == [1, 1, 2, 3]
    reply = Comment.objects.filter(parent=tops[25]).first()
    assert reply is not None and selectors.page_of(reply) == 2
    kind = public_kind
    assert services.comment_url(kind, event, tops[0]).endswith(f"#comment-{tops[0].pk}")
    assert "comments=" not in services.comment_url(kind, event, tops[0])
    assert services.comment_url(kind, event, reply).endswith(f"?comments=2#comment-{reply.pk}")


def test_comments_for_an_invisible_target_is_a_404(
    private_kind: TargetKind, event: Event, citizen: User
) -> None:
    with pytest.raises(Http404):
        selectors.comments_for(user=citizen, kind="test_private", target_id=event.pk)
    with pytest.raises(Http404):
        selectors.comments_for(user=AnonymousUser(), kind="test_private", target_id=event.pk)


def test_comment_counts_leave_out_hidden_ones_and_give_zero(
    public_kind: TargetKind, event: Event, citizen: User, other_citizen: User, moderator: User
) -> None:
    quiet = factories.EventFactory.create()
    top = services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="Раз")
    services.comment_create(
        author=other_citizen, kind="test_event", target_id=event.pk, body="Два", parent=top
    )
    spam = services.comment_create(author=other_citizen, kind="test_event", target_id=event.pk, body="Спам")
    services.comment_hide(actor=moderator, comment=spam, reason="Спам")
    assert selectors.comment_counts("test_event", [event.pk, quiet.pk]) == {event.pk: 2, quiet.pk: 0}
    assert selectors.comment_counts("test_event", []) == {}


# --- the moderation queue --------------------------------------------------------------------------


def _reported(kind: str, event: Event, author: User, reporters: list[User]) -> Comment:
    comment = services.comment_create(author=author, kind=kind, target_id=event.pk, body="Грубость")
    for number, reporter in enumerate(reporters):
        services.comment_report(reporter=reporter, comment=comment, reason=f"Причина {number}")
    return comment


def test_queue_lists_reported_unhandled_comments_with_counts_and_reasons(
    public_kind: TargetKind, event: Event, citizen: User, authors: list[User], moderator: User
) -> None:
    services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="Без жалоб")
    once = _reported("test_event", event, citizen, authors[:1])
    twice = _reported("test_event", event, citizen, authors[:2])
    handled = _reported("test_event", event, citizen, authors[:3])
    services.comment_dismiss_reports(actor=moderator, comment=handled)
    queue = list(selectors.moderation_queue(moderator))
    assert queue == [twice, once]
    assert queue[0].open_report_count == 2
    assert [report.reason for report in queue[0].open_reports] == ["Причина 0", "Причина 1"]


@pytest.mark.parametrize("who", ["citizen", "representative", "coordinator"])
def test_queue_is_empty_for_those_who_do_not_moderate(
    public_kind: TargetKind,
    event: Event,
    other_citizen: User,
    authors: list[User],
    who: str,
    request: pytest.FixtureRequest,
) -> None:
    _reported("test_event", event, other_citizen, authors[:1])
    assert list(selectors.moderation_queue(request.getfixturevalue(who))) == []
    assert list(selectors.moderation_queue(AnonymousUser())) == []


def test_private_comments_reach_the_queue_only_of_members(
    private_kind: TargetKind,
    cast: Cast,
    event: Event,
    citizen: User,
    other_citizen: User,
    moderator: User,
    commission_member: User,
) -> None:
    cast.members.update({citizen.pk, other_citizen.pk, commission_member.pk})
    comment = _reported("test_private", event, citizen, [other_citizen])
    assert list(selectors.moderation_queue(moderator)) == []  # a moderator who is no member
    assert list(selectors.moderation_queue(commission_member)) == [comment]


def test_kind_with_its_own_moderators_is_asked_target_by_target(
    event: Event, citizen: User, other_citizen: User, representative: User, moderator: User
) -> None:
    other_event = factories.EventFactory.create()
    kind = TargetKind(
        kind="test_owned",
        get=_get_event,
        may_comment=_may_comment,
        url=_url,
        may_moderate=lambda user, target: user.role == Role.REPRESENTATIVE and target.pk == event.pk,
    )
    register_target(kind)
    try:
        mine = _reported("test_owned", event, citizen, [other_citizen])
        _reported("test_owned", other_event, citizen, [other_citizen])
        assert list(selectors.moderation_queue(representative)) == [mine]
        assert list(selectors.moderation_queue(moderator)) == []
    finally:
        unregister_target("test_owned")

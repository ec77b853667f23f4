"""The rules the comment services enforce, through the services themselves."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.comments import access, services
from mosty.comments.models import Comment, CommentReport, CommentSupport
from mosty.comments.registry import TargetKind
from mosty.comments.tests.conftest import Cast
from mosty.core.models import AuditEntry, Notification
from mosty.core.notifications import recipient_language
from mosty.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def _comment(author: User, event: Event, body: str = "Хорошая идея", **kwargs: object) -> Comment:
    return services.comment_create(author=author, kind="test_event", target_id=event.pk, body=body, **kwargs)


# --- who may write ---------------------------------------------------------------------------------


def test_verified_active_user_comments_and_the_write_is_audited(
    public_kind: TargetKind, event: Event, citizen: User
) -> None:
    comment = _comment(citizen, event, "Предлагаю **провести** встречу")
    assert comment.author == citizen
    assert comment.body_html == "<p>Предлагаю <strong>провести</strong> встречу</p>"
    assert not comment.is_official
    entry = AuditEntry.objects.get(object_id=str(comment.pk), content_type__model="comment")
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == citizen


def test_user_without_confirmed_email_is_refused(
    public_kind: TargetKind, event: Event, unverified: User
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        _comment(unverified, event)
    assert str(refused.value) == str(access.CONFIRM_EMAIL)
    assert not Comment.objects.exists()


def test_inactive_and_anonymous_users_are_refused(
    public_kind: TargetKind, event: Event, citizen: User
) -> None:
    citizen.is_active = False
    citizen.save()
    with pytest.raises(PermissionDenied):
        _comment(citizen, event)
    with pytest.raises(PermissionDenied):
        _comment(AnonymousUser(), event)  # type: ignore[arg-type]


def test_kind_refusal_is_given_back(public_kind: TargetKind, closed_event: Event, citizen: User) -> None:
    with pytest.raises(PermissionDenied) as refused:
        _comment(citizen, closed_event)
    assert str(refused.value) == "Commenting is closed."


def test_invisible_target_is_a_404(private_kind: TargetKind, event: Event, citizen: User) -> None:
    with pytest.raises(Http404):
        services.comment_create(author=citizen, kind="test_private", target_id=event.pk, body="Привет")


def test_unknown_kind_and_missing_target_are_404(public_kind: TargetKind, citizen: User) -> None:
    with pytest.raises(Http404):
        services.comment_create(author=citizen, kind="nothing", target_id=1, body="Привет")
    with pytest.raises(Http404):
        services.comment_create(author=citizen, kind="test_event", target_id=999_999, body="Привет")


def test_official_mark_is_computed_at_creation(
    public_kind: TargetKind, event: Event, representative: User, citizen: User
) -> None:
    official = _comment(representative, event, "Администрация рассмотрит предложение")
    assert official.is_official
    assert not _comment(citizen, event).is_official
    representative.role = Role.CITIZEN
    representative.save()
    official.refresh_from_db()
    assert official.is_official  # stored, not recomputed


# --- text ------------------------------------------------------------------------------------------


def test_empty_body_is_refused(public_kind: TargetKind, event: Event, citizen: User) -> None:
    with pytest.raises(ValidationError) as invalid:
        services.comment_create(author=citizen, kind="test_event", target_id=event.pk, body="   ")
    assert invalid.value.message_dict["body"] == [str(services.EMPTY_OR_PROPOSAL)]


def test_body_over_5000_characters_is_refused(public_kind: TargetKind, event: Event, citizen: User) -> None:
    with pytest.raises(ValidationError) as invalid:
        _comment(citizen, event, "а" * 5001)
    assert invalid.value.message_dict["body"] == ["A comment may be at most 5,000 characters long."]
    assert _comment(citizen, event, "а" * 5000).body == "а" * 5000


def test_proposal_over_5000_characters_is_refused(
    public_kind: TargetKind, event: Event, citizen: User
) -> None:
    with pytest.raises(ValidationError) as invalid:
        _comment(citizen, event, "", proposed_text="б" * 5001)
    assert invalid.value.message_dict["proposed_text"] == [
        "A proposed wording may be at most 5,000 characters long."
    ]


def test_proposal_alone_is_a_comment_where_proposals_are_taken(
    public_kind: TargetKind, event: Event, citizen: User
) -> None:
    comment = _comment(citizen, event, "", proposed_text="Изложить пункт 3 в новой редакции: <b>текст</b>")
    assert comment.proposed_text == "Изложить пункт 3 в новой редакции: текст"
    assert comment.body_html == ""


def test_proposal_refused_where_kind_takes_none(
    private_kind: TargetKind, cast: Cast, event: Event, citizen: User
) -> None:
    cast.members.add(citizen.pk)
    with pytest.raises(ValidationError) as invalid:
        services.comment_create(
            author=citizen, kind="test_private", target_id=event.pk, body="Да", proposed_text="Новый текст"
        )
    assert invalid.value.message_dict["proposed_text"] == [str(services.NO_PROPOSALS)]


# --- replies ---------------------------------------------------------------------------------------


def test_reply_to_a_reply_attaches_to_the_top_level_comment(
    public_kind: TargetKind, event: Event, citizen: User, other_citizen: User
) -> None:
    top = _comment(citizen, event)
    reply = _comment(other_citizen, event, "Согласна", parent=top)
    deeper = _comment(citizen, event, "Спасибо", parent=reply)
    assert reply.parent == top
    assert deeper.parent == top


def test_reply_needs_a_parent_on_the_same_target(
    public_kind: TargetKind, event: Event, closed_event: Event, citizen: User
) -> None:
    other = factories.EventFactory.create()
    top = _comment(citizen, other)
    with pytest.raises(ValidationError) as invalid:
        _comment(citizen, event, "Ответ", parent=top)
    assert invalid.value.message_dict["parent"] == [str(services.PARENT_ELSEWHERE)]


def test_reply_carries_no_proposal(public_kind: TargetKind, event: Event, citizen: User) -> None:
    top = _comment(citizen, event)
    with pytest.raises(ValidationError) as invalid:
        _comment(citizen, event, "Ответ", parent=top, proposed_text="Новая редакция")
    assert invalid.value.message_dict["proposed_text"] == [str(services.NO_PROPOSAL_IN_REPLY)]


# --- rate limit ------------------------------------------------------------------------------------


def test_rate_limit_counts_the_last_ten_minutes(
    public_kind: TargetKind, event: Event, citizen: User, settings: object
) -> None:
    settings.MOSTY_COMMENT_RATE = 3  # type: ignore[attr-defined]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for number in range(3):
            _comment(citizen, event, f"Комментарий {number}")
        with pytest.raises(Exception) as refused:
            _comment(citizen, event, "Ещё один")
    assert getattr(refused.value, "code", None) == "rate_limited"
    assert str(refused.value) == str(services.RATE_LIMITED)
    assert Comment.objects.count() == 3
    with time_machine.travel(start + datetime.timedelta(minutes=10, seconds=1), tick=False):
        _comment(citizen, event, "Через десять минут")
    assert Comment.objects.count() == 4


def test_rate_limit_is_per_user(
    public_kind: TargetKind, event: Event, citizen: User, other_citizen: User, settings: object
) -> None:
    settings.MOSTY_COMMENT_RATE = 1  # type: ignore[attr-defined]
    _comment(citizen, event)
    _comment(other_citizen, event)
    assert Comment.objects.count() == 2


# --- editing ---------------------------------------------------------------------------------------


def test_author_edits_within_the_window_and_the_comment_is_marked_edited(
    public_kind: TargetKind, event: Event, citizen: User
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        comment = _comment(citizen, event, "Первый вариант")
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        services.comment_edit(actor=citizen, comment=comment, body="Второй *вариант*")
    comment.refresh_from_db()
    assert comment.body == "Второй *вариант*"
    assert comment.body_html == "<p>Второй <em>вариант</em></p>"
    assert comment.edited_at is not None
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(comment.pk)).exists()


def test_edit_after_the_window_is_refused(
    public_kind: TargetKind, event: Event, citizen: User, settings: object
) -> None:
    settings.MOSTY_COMMENT_EDIT_MINUTES = 5  # type: ignore[attr-defined]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        comment = _comment(citizen, event, "Первый вариант")
    with (
        time_machine.travel(start + datetime.timedelta(minutes=5, seconds=1), tick=False),
        pytest.raises(Exception) as refused,
    ):
        services.comment_edit(actor=citizen, comment=comment, body="Поздно")
    assert str(refused.value) == str(services.EDIT_WINDOW_OVER)
    comment.refresh_from_db()
    assert comment.body == "Первый вариант"


def test_only_the_author_edits(
    public_kind: TargetKind, event: Event, citizen: User, other_citizen: User, moderator: User
) -> None:
    comment = _comment(citizen, event)
    for actor in (other_citizen, moderator):
        with pytest.raises(PermissionDenied):
            services.comment_edit(actor=actor, comment=comment, body="Чужая правка")


# --- reports and moderation ------------------------------------------------------------------------


def test_report_once_per_user_with_a_reason(
    public_kind: TargetKind, event: Event, citizen: User, other_citizen: User
) -> None:
    comment = _comment(citizen, event)
    with pytest.raises(ValidationError) as invalid:
        services.comment_report(reporter=other_citizen, comment=comment, reason="  ")
    assert invalid.value.message_dict["reason"] == [str(services.REASON_REQUIRED)]
    services.comment_report(reporter=other_citizen, comment=comment, reason="Оскорбления")
    with pytest.raises(Exception) as refused:
        services.comment_report(reporter=other_citizen, comment=comment, reason="Ещё раз")
    assert str(refused.value) == str(services.ALREADY_REPORTED)
    assert CommentReport.objects.count() == 1


def test_own_comment_is_not_reported(public_kind: TargetKind, event: Event, citizen: User) -> None:
    comment = _comment(citizen, event)
    with pytest.raises(Exception) as refused:
        services.comment_report(reporter=citizen, comment=comment, reason="Сам")
    assert str(refused.value) == str(services.REPORT_OWN)


def test_moderator_hides_with_a_reason_the_author_is_told_and_restore_brings_it_back(
    public_kind: TargetKind, event: Event, citizen: User, other_citizen: User, moderator: User
) -> None:
    comment = _comment(citizen, event)
    services.comment_report(reporter=other_citizen, comment=comment, reason="Спам")
    with pytest.raises(ValidationError):
        services.comment_hide(actor=moderator, comment=comment, reason="")
    services.comment_hide(actor=moderator, comment=comment, reason="Реклама")
    comment.refresh_from_db()
    assert comment.is_hidden
    assert comment.hidden_reason == "Реклама"
    assert comment.hidden_by == moderator
    assert CommentReport.objects.get().handled_by == moderator
    notice = Notification.objects.get(recipient=citizen)
    with recipient_language(citizen):  # notifications are written in the recipient's language
        assert notice.title == gettext("A moderator has hidden your comment")
    assert "Реклама" in notice.body
    assert notice.url.endswith(f"#comment-{comment.pk}")
    services.comment_restore(actor=moderator, comment=comment)
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert comment.hidden_reason == ""
    actions = AuditEntry.objects.filter(content_type__model="comment", object_id=str(comment.pk))
    assert actions.filter(action=AuditEntry.Action.UPDATE).count() == 2


@pytest.mark.parametrize("who", ["other_citizen", "representative", "coordinator"])
def test_only_moderating_roles_hide(
    public_kind: TargetKind, event: Event, citizen: User, who: str, request: pytest.FixtureRequest
) -> None:
    comment = _comment(citizen, event)
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.comment_hide(actor=actor, comment=comment, reason="Нет")
    comment.refresh_from_db()
    assert not comment.is_hidden


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.COMMISSION, Role.ADMIN])
def test_moderating_roles_hide(public_kind: TargetKind, event: Event, citizen: User, role: str) -> None:
    comment = _comment(citizen, event)
    actor = factories.UserFactory.create(role=role, is_staff=True)
    services.comment_hide(actor=actor, comment=comment, reason="Оффтоп")
    comment.refresh_from_db()
    assert comment.is_hidden


def test_dismissing_reports_keeps_the_comment(
    public_kind: TargetKind, event: Event, citizen: User, other_citizen: User, moderator: User
) -> None:
    comment = _comment(citizen, event)
    services.comment_report(reporter=other_citizen, comment=comment, reason="Не нравится")
    services.comment_dismiss_reports(actor=moderator, comment=comment)
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert CommentReport.objects.get().handled_at is not None


# --- support ---------------------------------------------------------------------------------------


def test_support_once_with_an_exact_counter_and_withdrawal(
    public_kind: TargetKind, event: Event, citizen: User, other_citizen: User
) -> None:
    comment = _comment(citizen, event)
    services.comment_support(user=other_citizen, comment=comment)
    assert comment.support_count == 1
    with pytest.raises(Exception) as refused:
        services.comment_support(user=other_citizen, comment=comment)
    assert str(refused.value) == str(services.ALREADY_SUPPORTED)
    comment.refresh_from_db()
    assert comment.support_count == 1
    services.comment_withdraw_support(user=other_citizen, comment=comment)
    assert comment.support_count == 0
    assert not CommentSupport.objects.exists()
    with pytest.raises(Exception) as refused:
        services.comment_withdraw_support(user=other_citizen, comment=comment)
    assert str(refused.value) == str(services.NOT_SUPPORTED)


def test_own_comment_is_not_supported(public_kind: TargetKind, event: Event, citizen: User) -> None:
    comment = _comment(citizen, event)
    with pytest.raises(Exception) as refused:
        services.comment_support(user=citizen, comment=comment)
    assert str(refused.value) == str(services.SUPPORT_OWN)


def test_support_only_where_the_kind_allows(
    private_kind: TargetKind, cast: Cast, event: Event, citizen: User, other_citizen: User
) -> None:
    cast.members.update({citizen.pk, other_citizen.pk})
    comment = services.comment_create(author=citizen, kind="test_private", target_id=event.pk, body="Да")
    with pytest.raises(Exception) as refused:
        services.comment_support(user=other_citizen, comment=comment)
    assert str(refused.value) == str(services.NO_SUPPORT)


# --- notifications ---------------------------------------------------------------------------------


def test_reply_notifies_the_parent_author_not_the_writer(
    public_kind: TargetKind, event: Event, citizen: User, other_citizen: User
) -> None:
    top = _comment(citizen, event)
    _comment(citizen, event, "Дополню сам", parent=top)
    assert not Notification.objects.exists()
    reply = _comment(other_citizen, event, "Поддерживаю", parent=top)
    notice = Notification.objects.get()
    assert notice.recipient == citizen
    with recipient_language(citizen):
        expected = gettext("%(name)s replied to your comment") % {"name": other_citizen.display_name}
    assert notice.title == expected
    assert notice.url == f"/events/{event.pk}/#comment-{reply.pk}"


def test_top_level_comment_notifies_the_audience_but_never_the_writer(
    public_kind: TargetKind,
    cast: Cast,
    event: Event,
    citizen: User,
    other_citizen: User,
    representative: User,
) -> None:
    cast.audience = [representative, citizen, representative]
    _comment(citizen, event)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [representative.pk]


def test_private_kind_notifies_only_members(
    private_kind: TargetKind,
    cast: Cast,
    event: Event,
    citizen: User,
    other_citizen: User,
    representative: User,
) -> None:
    cast.members.update({citizen.pk, representative.pk})
    cast.audience = [representative, other_citizen]  # other_citizen is no member (any more)
    top = services.comment_create(author=citizen, kind="test_private", target_id=event.pk, body="Черновик")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [representative.pk]
    cast.members.add(other_citizen.pk)
    reply = services.comment_create(
        author=other_citizen, kind="test_private", target_id=event.pk, body="Ответ", parent=top
    )
    cast.members.discard(citizen.pk)  # the parent's author has left before the next reply
    services.comment_create(
        author=representative, kind="test_private", target_id=event.pk, body="Ещё", parent=reply
    )
    assert Notification.objects.filter(recipient=citizen).count() == 1

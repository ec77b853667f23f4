"""Every allowed and refused move of the lifecycle, by whom; the outcomes; notices told once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.commitments.models import Commitment
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry, Notification
from mosty.initiatives import access, services
from mosty.initiatives.models import (
    PUBLIC_STATUS,
    TRANSITIONS,
    Initiative,
    InitiativeStatus,
    Notice,
    PublicStatus,
    StatusChange,
    can_transition,
)
from mosty.initiatives.tests.conftest import TODAY, Advance, pdf
from mosty.organisations.models import Organisation

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(current, new) for current in InitiativeStatus.values for new in InitiativeStatus.values]


@pytest.mark.parametrize(("current", "new"), ALL_PAIRS)
def test_the_table_allows_exactly_the_documented_moves(current: str, new: str) -> None:
    allowed = {
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("submitted", "rejected"),
        ("submitted", "collecting"),
        ("returned", "submitted"),
        ("collecting", "expired"),
        ("collecting", "in_review"),
        ("in_review", "merged"),
        ("in_review", "declined"),
        ("in_review", "forwarded"),
        ("forwarded", "answered"),
        ("answered", "published"),
        ("published", "closed"),
    }
    assert can_transition(current, new) is ((current, new) in allowed)


def test_every_status_shows_citizens_one_familiar_status() -> None:
    assert set(PUBLIC_STATUS) == set(InitiativeStatus.values)
    assert set(PUBLIC_STATUS.values()) == set(PublicStatus.values)
    assert PUBLIC_STATUS[InitiativeStatus.PUBLISHED] == PublicStatus.ANSWER_READY
    assert PUBLIC_STATUS[InitiativeStatus.FORWARDED] == PublicStatus.IN_PROGRESS


def _actors(draft: Initiative, moderator: User, commission_member: User, body_user: User) -> dict[str, Any]:
    return {
        "platform": None,
        "anonymous": AnonymousUser(),
        "author": draft.author,
        "outsider": factories.UserFactory.create(),
        "moderator": moderator,
        "commission": commission_member,
        "body": body_user,
    }


# Who may make each move (the table allowing it): the matrix access.may_transition answers.
WHO = {
    InitiativeStatus.SUBMITTED: {"author"},
    InitiativeStatus.RETURNED: {"moderator", "commission"},
    InitiativeStatus.REJECTED: {"moderator", "commission"},
    InitiativeStatus.COLLECTING: {"moderator", "commission"},
    InitiativeStatus.EXPIRED: {"platform"},
    InitiativeStatus.IN_REVIEW: {"platform"},
    InitiativeStatus.MERGED: {"commission"},
    InitiativeStatus.DECLINED: {"commission"},
    InitiativeStatus.FORWARDED: {"commission"},
    InitiativeStatus.ANSWERED: {"body", "commission"},
    InitiativeStatus.PUBLISHED: {"commission"},
    InitiativeStatus.CLOSED: {"commission"},
}


@pytest.mark.parametrize(("current", "new"), [(c, n) for c, targets in TRANSITIONS.items() for n in targets])
def test_who_may_make_each_move(
    current: str,
    new: str,
    draft: Initiative,
    moderator: User,
    commission_member: User,
    body_user: User,
    body: Organisation,
) -> None:
    draft.status = current
    draft.body = body
    for name, actor in _actors(draft, moderator, commission_member, body_user).items():
        assert access.may_transition(actor, draft, new) is (name in WHO[new]), (name, current, new)


def test_a_move_the_table_does_not_allow_is_refused_with_a_clear_message(
    draft: Initiative, commission_member: User
) -> None:
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        services.initiative_publish_answer(actor=commission_member, initiative=draft)
    assert refused.value.message == "An initiative that is “draft” cannot become “answer published”."
    assert Initiative.objects.get(pk=draft.pk).status == InitiativeStatus.DRAFT


def test_an_author_cannot_publish_their_own_initiative(advance: Advance, author: User) -> None:
    initiative = advance(InitiativeStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.initiative_publish(actor=author, initiative=initiative)


def test_moderator_returns_with_a_comment_the_author_sees_then_publishes(
    advance: Advance, moderator: User, author: User
) -> None:
    initiative = advance(InitiativeStatus.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        services.initiative_return(actor=moderator, initiative=initiative, comment="  ")
    assert refused.value.message_dict["comment"] == [str(services.COMMENT_NEEDED)]
    services.initiative_return(
        actor=moderator, initiative=initiative, comment="Уточните сроки <b>обмена</b>."
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.RETURNED
    assert initiative.moderation_comment == "Уточните сроки обмена."
    assert access.may_edit(author, initiative)
    services.initiative_update(actor=author, initiative=initiative, proposal="Обмен в июле, 2 недели.")
    services.initiative_submit(actor=author, initiative=initiative)
    services.initiative_publish(actor=moderator, initiative=initiative, today=TODAY)
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.COLLECTING
    assert initiative.threshold == 3
    assert initiative.collect_until == TODAY + datetime.timedelta(days=30)
    assert not access.may_edit(author, initiative)
    with pytest.raises(PermissionDenied):
        services.initiative_update(actor=author, initiative=initiative, title="Другое")


def test_moderator_rejects_with_a_reason_and_the_initiative_stays_private(
    advance: Advance, moderator: User, author: User
) -> None:
    initiative = advance(InitiativeStatus.SUBMITTED)
    services.initiative_reject(
        actor=moderator, initiative=initiative, comment="Не относится к сотрудничеству."
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.REJECTED
    assert not access.may_view(factories.UserFactory.create(), initiative)
    assert access.may_view(author, initiative)
    change = StatusChange.objects.get(initiative=initiative, to_status=InitiativeStatus.REJECTED)
    assert change.comment == "Не относится к сотрудничеству."
    assert Notification.objects.filter(recipient=author, body__contains="Не относится").exists()


def test_reaching_the_threshold_sends_it_to_review_once_and_support_closes(
    advance: Advance, region_by: Any
) -> None:
    initiative = advance(InitiativeStatus.IN_REVIEW)
    assert initiative.support_count == 3
    assert (
        StatusChange.objects.filter(initiative=initiative, to_status=InitiativeStatus.IN_REVIEW).count() == 1
    )
    change = StatusChange.objects.get(initiative=initiative, to_status=InitiativeStatus.IN_REVIEW)
    assert change.actor is None
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        services.initiative_support(
            actor=factories.UserFactory.create(), initiative=initiative, region=region_by
        )
    assert refused.value.message == "Support is no longer collected for this initiative."


def test_commission_forwards_to_smolensk_and_the_russian_clock_runs_30_days(
    advance: Advance, body: Organisation
) -> None:
    initiative = advance(InitiativeStatus.FORWARDED)
    assert initiative.body == body
    assert initiative.forwarded_on == TODAY
    assert initiative.answer_due == TODAY + datetime.timedelta(days=30)
    assert initiative.deadline_country == "RU"


def test_forwarding_to_a_belarusian_body_gives_15_days(
    advance: Advance, commission_member: User, by_body: Organisation
) -> None:
    initiative = advance(InitiativeStatus.IN_REVIEW)
    services.initiative_forward(actor=commission_member, initiative=initiative, body=by_body, today=TODAY)
    initiative.refresh_from_db()
    assert initiative.answer_due == datetime.date(2026, 3, 17)
    assert initiative.deadline_country == "BY"


def test_commission_declines_with_reasons(advance: Advance, commission_member: User) -> None:
    initiative = advance(InitiativeStatus.IN_REVIEW)
    with pytest.raises(ValidationError):
        services.initiative_decline(actor=commission_member, initiative=initiative, reason="")
    services.initiative_decline(
        actor=commission_member, initiative=initiative, reason="Вне полномочий комиссии."
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.DECLINED
    assert initiative.decision_reason == "Вне полномочий комиссии."


def test_commission_merges_with_a_similar_published_one_and_its_authors_follow_that(
    advance: Advance, commission_member: User, author: User
) -> None:
    initiative = advance(InitiativeStatus.IN_REVIEW)
    other = factories.UserFactory.create()
    target = services.initiative_create(
        actor=other,
        title="Обмен школьниками",
        problem="п",
        proposal="п",
        expected_effect="э",
        category="education",
        regions=list(initiative.regions.all()),
    )
    with pytest.raises(ValidationError) as refused:  # a draft is no target
        services.initiative_merge(actor=commission_member, initiative=initiative, into=target, reason="Дубль")
    assert "into" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.initiative_merge(
            actor=commission_member, initiative=initiative, into=initiative, reason="Дубль"
        )
    Initiative.objects.filter(pk=target.pk).update(status=InitiativeStatus.COLLECTING)
    services.initiative_merge(actor=commission_member, initiative=initiative, into=target, reason="Дубль")
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.MERGED
    assert initiative.merged_into == target
    assert target.followers.filter(user=author).exists()


def test_the_body_answers_with_a_signed_pdf_and_the_commission_publishes(
    advance: Advance, body_user: User, commission_member: User
) -> None:
    initiative = advance(InitiativeStatus.FORWARDED)
    outsider = factories.UserFactory.create(role=Role.REPRESENTATIVE)
    with pytest.raises(PermissionDenied):
        services.initiative_answer(actor=outsider, initiative=initiative, text="Ответ", document=pdf())
    with pytest.raises(ValidationError) as refused:
        services.initiative_answer(actor=body_user, initiative=initiative, text="", document=None)
    assert set(refused.value.message_dict) == {"text", "document"}
    fake = SimpleUploadedFile("answer.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.initiative_answer(actor=body_user, initiative=initiative, text="Ответ", document=fake)
    assert "document" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.initiative_answer(
            actor=body_user,
            initiative=initiative,
            text="Ответ",
            document=pdf(),
            signature=SimpleUploadedFile("answer.exe", b"MZ"),
        )
    assert "signature" in refused.value.message_dict
    assert Initiative.objects.get(pk=initiative.pk).status == InitiativeStatus.FORWARDED  # nothing half-saved
    services.initiative_answer(
        actor=body_user,
        initiative=initiative,
        text="Обмен включён в план <script>alert(1)</script>на лето.",
        document=pdf(),
        signature=SimpleUploadedFile("answer.pdf.sig", b"0\x82\x01\x00signature"),
        today=TODAY + datetime.timedelta(days=20),
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.ANSWERED
    assert initiative.answer_text == "Обмен включён в план на лето."
    assert initiative.answered_on == TODAY + datetime.timedelta(days=20)
    assert initiative.answer_signature_name == "answer.pdf.sig"
    assert access.may_see_answer(body_user, initiative)
    assert not access.may_see_answer(initiative.author, initiative)
    services.initiative_publish_answer(actor=commission_member, initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.PUBLISHED
    assert access.may_see_answer(AnonymousUser(), initiative)


def test_accepted_outcome_becomes_a_tracked_commitment(
    advance: Advance, commission_member: User, body: Organisation
) -> None:
    initiative = advance(InitiativeStatus.PUBLISHED)
    with pytest.raises(ValidationError):
        services.initiative_close(actor=commission_member, initiative=initiative, outcome="commitment")
    commitment = services.initiative_close(
        actor=commission_member,
        initiative=initiative,
        outcome="commitment",
        note="Обмен будет проведён летом.",
        commitment_title="Провести молодёжный обмен Витебск — Смоленск",
        responsible_organisation=body,
        deadline=datetime.date(2030, 8, 31),
        today=TODAY,
    )
    assert commitment is not None
    assert commitment.source_kind == "initiative"
    assert commitment.source_id == initiative.pk
    assert commitment.responsible_organisation == body
    assert Commitment.objects.filter(source_kind="initiative", source_id=initiative.pk).count() == 1
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.CLOSED
    assert initiative.outcome == "commitment"


@pytest.mark.parametrize("outcome", ["project", "agreement", "declined"])
def test_other_outcomes_need_their_link_or_reasons(
    outcome: str, advance: Advance, commission_member: User
) -> None:
    initiative = advance(InitiativeStatus.PUBLISHED)
    with pytest.raises(ValidationError):
        services.initiative_close(actor=commission_member, initiative=initiative, outcome=outcome)
    assert Initiative.objects.get(pk=initiative.pk).status == InitiativeStatus.PUBLISHED


def test_every_follower_is_told_once_per_change_and_a_repeat_sends_nothing(
    advance: Advance, author: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        initiative = advance(InitiativeStatus.FORWARDED)
    supporters = list(initiative.supports.values_list("user_id", flat=True))
    change = StatusChange.objects.get(initiative=initiative, to_status=InitiativeStatus.FORWARDED)
    told = set(Notice.objects.filter(event=f"change:{change.pk}").values_list("recipient_id", flat=True))
    assert told == {author.pk, *supporters}
    # In-app and by e-mail: the author of each of the 4 changes, the 3 supporters of the last 2.
    assert Notice.objects.filter(initiative=initiative).count() == 4 + 3 * 2
    assert len(mail.outbox) == Notification.objects.count() == 10
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_change(change) == 0
        assert services.notify_change(change) == 0
    assert len(mail.outbox) == Notification.objects.count() == 10
    assert Notification.objects.filter(recipient=author, url=f"/initiatives/{initiative.pk}/").count() == 4


def test_a_muted_follower_is_not_told(
    advance: Advance, author: User, commission_member: User, body: Any
) -> None:
    initiative = advance(InitiativeStatus.IN_REVIEW)
    message = services.initiative_mute(author, f"initiative:{initiative.pk}")
    assert initiative.title in message
    services.initiative_forward(actor=commission_member, initiative=initiative, body=body, today=TODAY)
    change = StatusChange.objects.get(initiative=initiative, to_status=InitiativeStatus.FORWARDED)
    assert not Notice.objects.filter(event=f"change:{change.pk}", recipient=author).exists()
    assert Notice.objects.filter(event=f"change:{change.pk}").count() == 3


def test_extension_russia_once_with_reason_and_authors_told(
    advance: Advance, body_user: User, author: User
) -> None:
    initiative = advance(InitiativeStatus.FORWARDED)
    with pytest.raises(ValidationError):
        services.initiative_extend_deadline(actor=body_user, initiative=initiative, reason="", days=10)
    with pytest.raises(ValidationError) as refused:
        services.initiative_extend_deadline(
            actor=body_user, initiative=initiative, reason="Запрос в вуз", days=31
        )
    assert "days" in refused.value.message_dict
    services.initiative_extend_deadline(
        actor=body_user, initiative=initiative, reason="Запрос в вуз", days=20, today=TODAY
    )
    initiative.refresh_from_db()
    assert initiative.answer_due == TODAY + datetime.timedelta(days=50)
    assert initiative.extended_on == TODAY
    assert Notice.objects.filter(initiative=initiative, event="extension", recipient=author).count() == 1
    assert Notification.objects.filter(recipient=author, body__contains="Запрос в вуз").count() == 1
    with pytest.raises(ValidationError) as refused:
        services.initiative_extend_deadline(actor=body_user, initiative=initiative, reason="Ещё", days=5)
    assert refused.value.message_dict["days"] == [str(services.deadlines.ALREADY_EXTENDED)]


def test_extension_belarus_further_study_one_month(
    advance: Advance, commission_member: User, by_body: Organisation
) -> None:
    initiative = advance(InitiativeStatus.IN_REVIEW)
    services.initiative_forward(actor=commission_member, initiative=initiative, body=by_body, today=TODAY)
    services.initiative_extend_deadline(actor=commission_member, initiative=initiative, reason="Изучение")
    initiative.refresh_from_db()
    assert initiative.answer_due == datetime.date(2026, 4, 2)


def test_an_outsider_may_not_extend(advance: Advance) -> None:
    initiative = advance(InitiativeStatus.FORWARDED)
    with pytest.raises(PermissionDenied):
        services.initiative_extend_deadline(
            actor=factories.UserFactory.create(role=Role.REPRESENTATIVE),
            initiative=initiative,
            reason="x",
            days=5,
        )


def test_authors_and_supporters_rate_the_published_answer_once_changeable(
    advance: Advance, author: User
) -> None:
    initiative = advance(InitiativeStatus.PUBLISHED)
    supporter = User.objects.get(pk=initiative.supports.values_list("user_id", flat=True)[0])
    services.initiative_rate(actor=author, initiative=initiative, score=4)
    services.initiative_rate(actor=author, initiative=initiative, score=5)
    services.initiative_rate(actor=supporter, initiative=initiative, score=2)
    assert sorted(initiative.ratings.values_list("score", flat=True)) == [2, 5]
    with pytest.raises(PermissionDenied):
        services.initiative_rate(actor=factories.UserFactory.create(), initiative=initiative, score=5)
    with pytest.raises(ValidationError):
        services.initiative_rate(actor=author, initiative=initiative, score=6)


def test_rating_before_publication_is_refused(advance: Advance, author: User) -> None:
    initiative = advance(InitiativeStatus.ANSWERED)
    with pytest.raises(PermissionDenied):
        services.initiative_rate(actor=author, initiative=initiative, score=5)


def test_support_period_end_expires_below_threshold_once(
    advance: Advance, author: User, region_by: Any
) -> None:
    initiative = advance(InitiativeStatus.COLLECTING)
    services.initiative_support(
        actor=factories.UserFactory.create(), initiative=initiative, region=region_by, today=TODAY
    )
    end = TODAY + datetime.timedelta(days=30)
    assert services.initiatives_expire(today=end) == 0  # the last day still collects
    assert services.initiatives_expire(today=end + datetime.timedelta(days=1)) == 1
    assert services.initiatives_expire(today=end + datetime.timedelta(days=2)) == 0
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.EXPIRED
    assert (
        StatusChange.objects.filter(
            initiative=initiative, to_status=InitiativeStatus.EXPIRED, actor=None
        ).count()
        == 1
    )


def test_every_move_leaves_an_audit_row(advance: Advance) -> None:
    initiative = advance(InitiativeStatus.CLOSED)
    rows = AuditEntry.objects.filter(object_id=str(initiative.pk), content_type__model="initiative")
    assert rows.filter(action=AuditEntry.Action.UPDATE).count() >= 7


def test_the_commission_edits_a_category_rule_in_the_admin(
    client: Any, administrator: User, no_staff_mfa: None
) -> None:
    from mosty.initiatives.models import CategoryRule

    rule, _created = CategoryRule.objects.get_or_create(
        category="youth", defaults={"threshold": 30, "collection_days": 90}
    )
    client.force_login(administrator)
    response = client.post(
        f"/admin/initiatives/categoryrule/{rule.pk}/change/",
        {"category": "youth", "threshold": 50, "collection_days": 60},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.threshold, rule.collection_days) == (50, 60)


def test_the_data_migration_gives_every_category_a_rule_and_keeps_edited_ones() -> None:
    import importlib

    from django.apps import apps

    from mosty.initiatives.models import Category, CategoryRule

    migration = importlib.import_module("mosty.initiatives.migrations.0002_category_rules")
    CategoryRule.objects.all().delete()
    CategoryRule.objects.create(category="youth", threshold=7, collection_days=10)
    migration.forward(apps, None)
    migration.forward(apps, None)
    rules = dict(CategoryRule.objects.values_list("category", "threshold"))
    assert set(rules) == set(Category.values)
    assert rules["youth"] == 7 and rules["ecology"] == 30


def test_one_click_unsubscribe_from_an_e_mail_mutes_that_initiative(
    advance: Advance,
    author: User,
    commission_member: User,
    body: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from mosty.core import unsubscribe

    with django_capture_on_commit_callbacks(execute=True):
        initiative = advance(InitiativeStatus.IN_REVIEW)
    message = next(m for m in reversed(mail.outbox) if m.to == [author.email])
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    request = unsubscribe.read_token(token)
    assert request.scope == f"initiative:{initiative.pk}"
    with translation.override("en"):
        confirmation = unsubscribe.apply(request)
    assert confirmation == f"You will no longer be told about the initiative “{initiative.title}”."
    services.initiative_forward(actor=commission_member, initiative=initiative, body=body, today=TODAY)
    change = StatusChange.objects.get(initiative=initiative, to_status=InitiativeStatus.FORWARDED)
    assert not Notice.objects.filter(event=f"change:{change.pk}", recipient=author).exists()

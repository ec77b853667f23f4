"""Every change of a consultation: permission, validation, the write and its audit row, in one transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.accounts.access import is_nationwide
from mosty.accounts.models import User
from mosty.comments.models import Comment
from mosty.consultations import access, selectors
from mosty.consultations.drafts import parse_draft
from mosty.consultations.models import Answer, Consultation, Decision, Paragraph, Section, Version
from mosty.core.audit import record, snapshot
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.lib.sanitize import plain_text
from mosty.organisations.access import represented_organisation_ids
from mosty.organisations.models import Organisation

PARAGRAPH_KIND = "consultation_paragraph"

MAY_NOT_CREATE = _(
    "Consultations are organised by the commission, administrators, regional coordinators and "
    "representatives of organisations."
)
MAY_NOT_MANAGE = _("Only the organisers of this consultation may do this.")
TITLE_REQUIRED = _("Give the consultation a title.")
PERIOD_ORDER = _("The consultation must close after it opens.")
NOT_YOUR_ORGANISATION = _("You may organise a consultation only on behalf of an organisation you represent.")
NOT_CLOSED_YET = _("Comments are answered once the consultation has closed.")
NOT_A_COMMENT_HERE = _("This is not a comment on this consultation.")
REASON_REQUIRED = _("Say why the comment is declined or only partly accepted.")
REPLIES_NOT_ANSWERED = _("Answers are given to comments on paragraphs, not to replies.")


def _check_period(opens_at: datetime.datetime, closes_at: datetime.datetime) -> None:
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": ValidationError(PERIOD_ORDER, code="period_order")})


def _write_version(*, actor: User | None, consultation: Consultation, text: str, note: str) -> Version:
    sections = parse_draft(text)  # first: a malformed text writes nothing
    last = consultation.versions.aggregate(last=Max("number"))["last"] or 0
    version = Version.objects.create(
        consultation=consultation,
        number=last + 1,
        note=plain_text(note)[:500],
        source=text,
        published_by=actor,
    )
    for draft_section in sections:
        section = Section.objects.create(
            version=version, number=draft_section.number, title=draft_section.title
        )
        Paragraph.objects.bulk_create(
            Paragraph(version=version, section=section, number=index, text=paragraph)
            for index, paragraph in enumerate(draft_section.paragraphs, start=1)
        )
    record(actor=actor, instance=version, action=AuditEntry.Action.CREATE)
    return version


@transaction.atomic
def consultation_create(
    *,
    actor: User,
    title: str,
    text: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    summary: str = "",
    organisation: Organisation | None = None,
    is_demo: bool = False,
) -> Consultation:
    """A consultation with its first version, imported from the structured text."""
    if not access.may_create(actor):
        raise PermissionDenied(MAY_NOT_CREATE)
    title = plain_text(title)
    if not title:
        raise ValidationError({"title": ValidationError(TITLE_REQUIRED, code="required")})
    _check_period(opens_at, closes_at)
    if (
        organisation is not None
        and not is_nationwide(actor)
        and organisation.pk not in represented_organisation_ids(actor)
    ):
        raise ValidationError({"organisation": ValidationError(NOT_YOUR_ORGANISATION, code="not_yours")})
    parse_draft(text)
    consultation = Consultation(
        title=title,
        summary=plain_text(summary),
        organiser=actor,
        organisation=organisation,
        opens_at=opens_at,
        closes_at=closes_at,
        is_demo=is_demo,
    )
    consultation.full_clean()
    consultation.save()
    record(actor=actor, instance=consultation, action=AuditEntry.Action.CREATE)
    _write_version(actor=actor, consultation=consultation, text=text, note="")
    return consultation


@transaction.atomic
def consultation_update(
    *,
    actor: User,
    consultation: Consultation,
    title: str,
    summary: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
) -> Consultation:
    """Title, summary and period; reopening an answered consultation makes it wait for answers again."""
    if not access.may_manage(actor, consultation):
        raise PermissionDenied(MAY_NOT_MANAGE)
    _check_period(opens_at, closes_at)
    before = snapshot(consultation)
    consultation.title = plain_text(title)
    consultation.summary = plain_text(summary)
    consultation.opens_at = opens_at
    consultation.closes_at = closes_at
    if not consultation.title:
        raise ValidationError({"title": ValidationError(TITLE_REQUIRED, code="required")})
    if closes_at > timezone.now():
        consultation.answered_at = None
    consultation.full_clean()
    consultation.save()
    record(actor=actor, instance=consultation, action=AuditEntry.Action.UPDATE, before=before)
    return consultation


@transaction.atomic
def version_publish(*, actor: User, consultation: Consultation, text: str, note: str = "") -> Version:
    """A new version of the draft; the earlier ones stay as they were, with their comments."""
    if not access.may_manage(actor, consultation):
        raise PermissionDenied(MAY_NOT_MANAGE)
    # Two organisers publishing at once must not both take the same number: the consultation row is
    # the lock (the unique constraint would refuse the second anyway, with a less helpful error).
    Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
    return _write_version(actor=actor, consultation=consultation, text=text, note=note)


@transaction.atomic
def answer_give(
    *, actor: User, consultation: Consultation, comment: Comment, decision: str, reason: str = ""
) -> Answer:
    """The organisers' answer to a comment (a second call changes it); when every comment has its
    answer, the consultation becomes "answered"."""
    if not access.may_manage(actor, consultation):
        raise PermissionDenied(MAY_NOT_MANAGE)
    now = timezone.now()
    if now < consultation.closes_at:
        raise ApplicationError(str(NOT_CLOSED_YET), code="not_closed", status=409)
    if (
        comment.kind != PARAGRAPH_KIND
        or not Paragraph.objects.filter(pk=comment.target_id, version__consultation=consultation).exists()
    ):
        raise ApplicationError(str(NOT_A_COMMENT_HERE), code="not_here", status=404)
    if comment.parent_id is not None:
        raise ApplicationError(str(REPLIES_NOT_ANSWERED), code="reply", status=400)
    reason = plain_text(reason)
    if decision != Decision.ACCEPTED and not reason:
        raise ValidationError({"reason": ValidationError(REASON_REQUIRED, code="required")})
    # Two organisers answering the last two comments at once must both see the other's answer when
    # deciding whether the consultation is answered: the consultation row serialises them.
    Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
    answer = Answer.objects.filter(comment=comment).first()
    if answer is None:
        answer = Answer(consultation=consultation, comment=comment)
        before = None
    else:
        before = snapshot(answer)
    answer.decision = decision
    answer.reason = reason
    answer.answered_by = actor
    answer.answered_at = now
    answer.full_clean(exclude=["comment"])
    answer.save()
    record(
        actor=actor,
        instance=answer,
        action=AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE,
        before=before,
    )
    if consultation.answered_at is None and not selectors.unanswered(consultation).exists():
        before_consultation = snapshot(consultation)
        consultation.answered_at = now
        consultation.save(update_fields=["answered_at"])
        record(
            actor=actor, instance=consultation, action=AuditEntry.Action.UPDATE, before=before_consultation
        )
    return answer

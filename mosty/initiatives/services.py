"""Every change of an initiative: permission check, validation, the write, its audit row and the
notices to its followers, atomically.

Each lifecycle move goes through `_move`, which locks the initiative's row, asks
access.may_transition, records the StatusChange and tells the followers (authors and supporters)
exactly once per change (the Notice table's unique key). Support is counted under the same row lock,
so the count stays exact and the threshold sends the initiative to review exactly once.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import User
from mosty.agreements.models import Agreement
from mosty.commitments import services as commitment_services
from mosty.commitments.models import Commitment
from mosty.core.audit import record, snapshot
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.core.notifications import notify, recipient_language
from mosty.core.uploads import DOCUMENTS_AND_IMAGES, check_upload, check_uploads
from mosty.initiatives import access, deadlines
from mosty.initiatives.models import (
    SOURCE_KIND,
    Attachment,
    Category,
    CategoryRule,
    CoAuthor,
    Follower,
    Initiative,
    InitiativeStatus,
    Notice,
    Outcome,
    Rating,
    StatusChange,
    Support,
    Youth,
    can_transition,
)
from mosty.lib.sanitize import plain_text
from mosty.lib.text import normalize
from mosty.organisations.models import Organisation
from mosty.projects.models import Project
from mosty.territories.models import Region, Settlement

MAY_NOT_CREATE = _("Confirm your e-mail address before you propose an initiative.")
MAY_NOT_EDIT = _("This initiative can no longer be edited.")
MAY_NOT_SUPPORT = _("Confirm your e-mail address before you support an initiative.")
TRANSITION_NOT_ALLOWED = _("An initiative that is “%(current)s” cannot become “%(new)s”.")
NOT_YOURS = _("You may not do this with this initiative.")
RATE_LIMITED = _("You have proposed as many initiatives as allowed in a day. Try again tomorrow.")
COMMENT_NEEDED = _("Say why, so that the authors know what to do.")
REASONS_NEEDED = _("Give the reasons.")
SUPPORT_TWICE = _("You already support this initiative.")
SUPPORT_CLOSED = _("Support is no longer collected for this initiative.")
NOT_SUPPORTING = _("You do not support this initiative.")
SETTLEMENT_OUTSIDE = _("The settlement is not in the region chosen.")
NO_SUCH_USER = _("No one with a confirmed account uses the address %(email)s.")
AUTHOR_AS_COAUTHOR = _("The author cannot also be a co-author.")
TERRITORY_NEEDED = _("Name at least one region or settlement concerned.")
BODY_WITHOUT_COUNTRY = _("The competent body has no region, so the law of its country is unknown.")
MERGE_INTO_ITSELF = _("An initiative cannot be merged with itself.")
MERGE_TARGET_INVALID = _("Merge only with a published initiative that has not been merged itself.")
DOCUMENT_NEEDED = _("Attach the signed answer as a PDF file.")
SIGNATURE_TYPE = _("A detached signature is a .sig or .p7s file.")
ANSWER_NEEDED = _("Write the answer.")
OUTCOME_NEEDS_COMMITMENT = _("Name who carries it out and by when.")
OUTCOME_NEEDS_PROJECT = _("Choose the project.")
OUTCOME_NEEDS_AGREEMENT = _("Choose the agreement.")
NOT_RATEABLE = _("Only the authors and the supporters rate the answer, once it is published.")
DEADLINE_BEFORE_TODAY = _("The deadline cannot be in the past.")

_TEXT_FIELDS = ("title", "problem", "proposal", "expected_effect")
EDITABLE_FIELDS = frozenset({*_TEXT_FIELDS, "category", "youth", "regions", "settlements"})

PDF_ONLY = {".pdf": DOCUMENTS_AND_IMAGES[".pdf"]}
SIGNATURE_TYPES = {".sig": "application/pgp-signature", ".p7s": "application/pkcs7-signature"}

# The collection rule of a category with no row in CategoryRule (the data migration loads one per category).
DEFAULT_THRESHOLD = 30
DEFAULT_COLLECTION_DAYS = 90


# --- Helpers ----------------------------------------------------------------------------------


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _lock(initiative: Initiative) -> None:
    """Lock the initiative's row and reload it. The races it closes: two supporters passing the
    threshold at once (one in_review move), and two moderators deciding at once (one decision)."""
    list(Initiative.objects.select_for_update().filter(pk=initiative.pk).values_list("pk", flat=True))
    initiative.refresh_from_db()


def _url(initiative: Initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.pk])


def _search_key(title: str) -> str:
    return normalize(title)


def _refuse(current: str, new: str) -> ApplicationError:
    labels = {
        "current": InitiativeStatus(current).label,
        "new": InitiativeStatus(new).label if new in InitiativeStatus.values else new,
    }
    return ApplicationError(str(TRANSITION_NOT_ALLOWED) % labels, code="transition_not_allowed")


def rule_for(category: str) -> tuple[int, int]:
    """(supporters needed, collection days) of a category."""
    rule = CategoryRule.objects.filter(category=category).first()
    if rule is None:
        return DEFAULT_THRESHOLD, DEFAULT_COLLECTION_DAYS
    return rule.threshold, rule.collection_days


def _follow(initiative: Initiative, user_ids: Iterable[int]) -> None:
    Follower.objects.bulk_create(
        [Follower(initiative=initiative, user_id=user_id) for user_id in set(user_ids)], ignore_conflicts=True
    )


def _tell(initiative: Initiative, event: str, recipients: Sequence[User], title: Any, body: Any) -> int:
    """Tell each recipient once about `event` (a Notice row per recipient; a repeat finds it and
    sends nothing). `title` and `body` are lazy texts, rendered in each recipient's language."""
    already = set(
        Notice.objects.filter(initiative=initiative, event=event, recipient__in=recipients).values_list(
            "recipient_id", flat=True
        )
    )
    sent = 0
    for recipient in recipients:
        if recipient.pk in already:
            continue
        Notice.objects.create(initiative=initiative, event=event, recipient=recipient)
        with recipient_language(recipient):
            rendered_title, rendered_body = str(title), str(body)
        notify(
            recipient=recipient,
            title=rendered_title,
            body=rendered_body,
            url=_url(initiative),
            unsubscribe=f"initiative:{initiative.pk}",
        )
        sent += 1
    return sent


class _ChangeTitle:
    """The notice of a status change, rendered lazily in the recipient's language."""

    def __init__(self, initiative: Initiative, change: StatusChange) -> None:
        self.initiative = initiative
        self.change = change

    def title(self) -> Any:
        return _Lazy(
            lambda: (
                gettext("“%(title)s”: %(status)s")
                % {
                    "title": self.initiative.title[:150],
                    "status": InitiativeStatus(self.change.to_status).label,
                }
            )
        )

    def body(self) -> Any:
        def render() -> str:
            text = gettext("The initiative “%(title)s” is now: %(status)s (%(public)s).") % {
                "title": self.initiative.title,
                "status": InitiativeStatus(self.change.to_status).label,
                "public": self.change.get_to_status_display_public(),
            }
            return f"{text}\n\n{self.change.comment}" if self.change.comment else text

        return _Lazy(render)


class _Lazy:
    def __init__(self, render: Any) -> None:
        self.render = render

    def __str__(self) -> str:
        return str(self.render())


def followers_to_tell(initiative: Initiative) -> list[User]:
    """The authors and supporters following the initiative and not muted, active, in id order."""
    return list(
        User.objects.filter(
            pk__in=Follower.objects.filter(initiative=initiative, muted=False).values("user_id"),
            is_active=True,
        ).order_by("pk")
    )


def notify_change(change: StatusChange) -> int:
    """Tell every follower of the change once; calling it again sends nothing new.
    Returns how many were told."""
    initiative = change.initiative
    message = _ChangeTitle(initiative, change)
    return _tell(
        initiative, f"change:{change.pk}", followers_to_tell(initiative), message.title(), message.body()
    )


def _move(
    initiative: Initiative, new: str, *, actor: User | None, comment: str = "", **fields: Any
) -> StatusChange:
    """Move the (locked, reloaded) initiative to `new`, setting `fields` too: one audit row, one
    StatusChange, and every follower told once."""
    if not access.may_transition(actor, initiative, new):
        if not can_transition(initiative.status, new):
            raise _refuse(initiative.status, new)
        raise PermissionDenied(NOT_YOURS)
    before = snapshot(initiative)
    previous = initiative.status
    initiative.status = new
    initiative.status_changed_at = timezone.now()
    for name, value in fields.items():
        setattr(initiative, name, value)
    initiative.full_clean(exclude=["answer_document", "answer_signature"])
    initiative.save()
    record(actor=actor, instance=initiative, action=AuditEntry.Action.UPDATE, before=before)
    change = StatusChange.objects.create(
        initiative=initiative, from_status=previous, to_status=new, actor=actor, comment=comment
    )
    notify_change(change)
    return change


# --- Drafting and submission ------------------------------------------------------------------


def _check_rate(actor: User, now: datetime.datetime) -> None:
    limit = settings.MOSTY_INITIATIVE_RATE
    recent = Initiative.objects.filter(author=actor, created_at__gte=now - datetime.timedelta(days=1)).count()
    if recent >= limit:
        raise ApplicationError(str(RATE_LIMITED), code="rate_limited", status=429)


def _coauthors(actor: User, emails: Iterable[str]) -> list[User]:
    from allauth.account.models import EmailAddress

    users: list[User] = []
    errors: list[ValidationError] = []
    for email in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
        address = (
            EmailAddress.objects.select_related("user")
            .filter(email__iexact=email, verified=True, user__is_active=True)
            .first()
        )
        if address is None:
            errors.append(ValidationError(NO_SUCH_USER, code="no_such_user", params={"email": email}))
        elif address.user.pk == actor.pk:
            errors.append(ValidationError(AUTHOR_AS_COAUTHOR, code="author_as_coauthor"))
        else:
            users.append(address.user)
    if errors:
        raise ValidationError({"coauthors": errors})
    return users


def _check_territories(regions: Sequence[Region], settlements: Sequence[Settlement]) -> None:
    if not regions and not settlements:
        raise ValidationError({"regions": ValidationError(TERRITORY_NEEDED, code="required")})


def _attach(actor: User, initiative: Initiative, files: Sequence[UploadedFile]) -> None:
    try:
        checked = check_uploads(files)
    except ValidationError as error:
        raise ValidationError({"attachments": error.error_list}) from None
    for file, info in zip(files, checked, strict=True):
        attachment = Attachment(
            initiative=initiative,
            file=file,
            original_name=info.name,
            size=info.size,
            content_type=info.content_type,
            uploaded_by=actor,
        )
        attachment.save()
        record(actor=actor, instance=attachment, action=AuditEntry.Action.CREATE)


@transaction.atomic
def initiative_create(
    *,
    actor: User,
    title: str,
    problem: str,
    proposal: str,
    expected_effect: str,
    category: str,
    youth: str = Youth.NO,
    regions: Sequence[Region] = (),
    settlements: Sequence[Settlement] = (),
    coauthor_emails: Iterable[str] = (),
    attachments: Sequence[UploadedFile] = (),
    now: datetime.datetime | None = None,
) -> Initiative:
    """A draft initiative of `actor` (who follows it), its co-authors and attachments; nothing is
    saved when any part is refused."""
    if not access.may_create(actor):
        raise PermissionDenied(MAY_NOT_CREATE)
    now = now or timezone.now()
    _check_rate(actor, now)
    regions, settlements = list(regions), list(settlements)
    _check_territories(regions, settlements)
    initiative = Initiative(
        title=plain_text(title),
        problem=plain_text(problem),
        proposal=plain_text(proposal),
        expected_effect=plain_text(expected_effect),
        category=category,
        youth=youth,
        author=actor,
        created_at=now,
        status_changed_at=now,
    )
    initiative.search_key = _search_key(initiative.title)
    coauthors = _coauthors(actor, coauthor_emails)
    initiative.full_clean()
    initiative.save()
    initiative.regions.set(regions)
    initiative.settlements.set(settlements)
    for user in coauthors:
        CoAuthor.objects.create(initiative=initiative, user=user)
    _attach(actor, initiative, list(attachments))
    _follow(initiative, [actor.pk, *(user.pk for user in coauthors)])
    record(actor=actor, instance=initiative, action=AuditEntry.Action.CREATE)
    if coauthors:
        notice_title = _Lazy(
            lambda: (
                gettext("%(name)s named you a co-author of “%(title)s”")
                % {"name": actor.display_name, "title": initiative.title[:150]}
            )
        )
        notice_body = _Lazy(lambda: gettext("You may edit it while it is a draft or returned for edits."))
        _tell(initiative, "coauthor", coauthors, notice_title, notice_body)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    actor: User,
    initiative: Initiative,
    attachments: Sequence[UploadedFile] = (),
    **fields: Any,
) -> Initiative:
    """Change a draft or a returned initiative (its authors only); one audit row."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"initiative_update() does not change: {', '.join(sorted(unknown))}")
    _lock(initiative)
    if not access.may_edit(actor, initiative):
        raise PermissionDenied(MAY_NOT_EDIT)
    before = snapshot(initiative)
    regions = fields.pop("regions", None)
    settlements = fields.pop("settlements", None)
    _check_territories(
        list(regions if regions is not None else initiative.regions.all()),
        list(settlements if settlements is not None else initiative.settlements.all()),
    )
    for name, value in fields.items():
        setattr(initiative, name, plain_text(value) if name in _TEXT_FIELDS else value)
    initiative.search_key = _search_key(initiative.title)
    try:
        initiative.full_clean()
    except ValidationError:
        initiative.refresh_from_db()
        raise
    initiative.save()
    if regions is not None:
        initiative.regions.set(list(regions))
    if settlements is not None:
        initiative.settlements.set(list(settlements))
    _attach(actor, initiative, list(attachments))
    record(actor=actor, instance=initiative, action=AuditEntry.Action.UPDATE, before=before)
    return initiative


@transaction.atomic
def initiative_submit(*, actor: User, initiative: Initiative) -> Initiative:
    """Send a draft (or a returned initiative, edited) to moderation."""
    _lock(initiative)
    _move(initiative, InitiativeStatus.SUBMITTED, actor=actor, submitted_at=timezone.now())
    return initiative


# --- Moderation -------------------------------------------------------------------------------


@transaction.atomic
def initiative_publish(
    *, actor: User, initiative: Initiative, today: datetime.date | None = None
) -> Initiative:
    """Moderation lets it through: support is collected from today for its category's period."""
    _lock(initiative)
    threshold, days = rule_for(initiative.category)
    _move(
        initiative,
        InitiativeStatus.COLLECTING,
        actor=actor,
        moderation_comment="",
        threshold=threshold,
        collect_until=_today(today) + datetime.timedelta(days=days),
        published_at=timezone.now(),
    )
    return initiative


@transaction.atomic
def initiative_return(*, actor: User, initiative: Initiative, comment: str) -> Initiative:
    """Back to the authors for edits, with the moderator's comment they will see."""
    comment = plain_text(comment)
    if not comment:
        raise ValidationError({"comment": ValidationError(COMMENT_NEEDED, code="required")})
    _lock(initiative)
    _move(initiative, InitiativeStatus.RETURNED, actor=actor, comment=comment, moderation_comment=comment)
    return initiative


@transaction.atomic
def initiative_reject(*, actor: User, initiative: Initiative, comment: str) -> Initiative:
    comment = plain_text(comment)
    if not comment:
        raise ValidationError({"comment": ValidationError(COMMENT_NEEDED, code="required")})
    _lock(initiative)
    _move(initiative, InitiativeStatus.REJECTED, actor=actor, comment=comment, moderation_comment=comment)
    return initiative


# --- Support ----------------------------------------------------------------------------------


@transaction.atomic
def initiative_support(
    *,
    actor: User,
    initiative: Initiative,
    region: Region,
    settlement: Settlement | None = None,
    show_name: bool = False,
    today: datetime.date | None = None,
) -> Support:
    """One supporter more, counted exactly; reaching the threshold sends it to review (once)."""
    if not access.has_confirmed_email(actor):
        raise PermissionDenied(MAY_NOT_SUPPORT)
    if settlement is not None and settlement.region_id != region.pk:
        raise ValidationError({"settlement": ValidationError(SETTLEMENT_OUTSIDE, code="outside")})
    _lock(initiative)
    if initiative.status != InitiativeStatus.COLLECTING or (
        initiative.collect_until is not None and initiative.collect_until < _today(today)
    ):
        raise ApplicationError(str(SUPPORT_CLOSED), code="support_closed", status=409)
    if Support.objects.filter(initiative=initiative, user=actor).exists():
        raise ApplicationError(str(SUPPORT_TWICE), code="support_twice", status=409)
    try:
        with transaction.atomic():
            support = Support.objects.create(
                initiative=initiative, user=actor, region=region, settlement=settlement, show_name=show_name
            )
    except IntegrityError:  # the unique key, should the lock ever be bypassed
        raise ApplicationError(str(SUPPORT_TWICE), code="support_twice", status=409) from None
    Initiative.objects.filter(pk=initiative.pk).update(
        support_count=F("support_count") + 1, support_version=F("support_version") + 1
    )
    initiative.refresh_from_db(fields=["support_count", "support_version"])
    _follow(initiative, [actor.pk])
    record(actor=actor, instance=support, action=AuditEntry.Action.CREATE)
    if initiative.threshold is not None and initiative.support_count >= initiative.threshold:
        _move(initiative, InitiativeStatus.IN_REVIEW, actor=None)
    return support


@transaction.atomic
def initiative_withdraw_support(*, actor: User, initiative: Initiative) -> None:
    """Take one's support back while support is collected; the supporter stops following."""
    _lock(initiative)
    if initiative.status != InitiativeStatus.COLLECTING:
        raise ApplicationError(str(SUPPORT_CLOSED), code="support_closed", status=409)
    support = Support.objects.filter(initiative=initiative, user=actor).first()
    if support is None:
        raise ApplicationError(str(NOT_SUPPORTING), code="not_supporting", status=409)
    record(actor=actor, instance=support, action=AuditEntry.Action.DELETE)
    support.delete()
    Initiative.objects.filter(pk=initiative.pk).update(
        support_count=F("support_count") - 1, support_version=F("support_version") + 1
    )
    initiative.refresh_from_db(fields=["support_count", "support_version"])
    if actor.pk not in access.author_ids(initiative):
        Follower.objects.filter(initiative=initiative, user=actor).delete()


def initiatives_expire(*, today: datetime.date | None = None) -> int:
    """The daily job: collecting initiatives whose period ended below the threshold expire. Each in its
    own transaction under the row lock, so a support arriving at the same moment is counted or refused."""
    today = _today(today)
    expired = 0
    candidates = Initiative.objects.filter(
        status=InitiativeStatus.COLLECTING, collect_until__lt=today
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            initiative = Initiative.objects.get(pk=pk)
            _lock(initiative)
            if initiative.status != InitiativeStatus.COLLECTING or initiative.collect_until is None:
                continue
            if initiative.collect_until >= today:
                continue
            _move(initiative, InitiativeStatus.EXPIRED, actor=None)
            expired += 1
    return expired


# --- Review by the commission -----------------------------------------------------------------


def body_country(body: Organisation) -> str:
    """The country whose law sets the answer deadline: organisation → region → country."""
    region = body.region
    if region is None:
        raise ValidationError({"body": ValidationError(BODY_WITHOUT_COUNTRY, code="no_country")})
    return str(region.country.code)


@transaction.atomic
def initiative_forward(
    *,
    actor: User,
    initiative: Initiative,
    body: Organisation,
    comment: str = "",
    today: datetime.date | None = None,
) -> Initiative:
    """The commission accepts it for forwarding to the competent body; the answer clock starts today
    (the registration date) and runs by the law of the body's country."""
    _lock(initiative)
    body = Organisation.objects.select_related("region__country").get(pk=body.pk)
    country = body_country(body)
    registered = _today(today)
    try:
        due = deadlines.answer_due(country, registered)
    except deadlines.DeadlineError as error:
        raise ValidationError({"body": ValidationError(error.text(), code="no_deadline")}) from None
    _move(
        initiative,
        InitiativeStatus.FORWARDED,
        actor=actor,
        comment=plain_text(comment),
        body=body,
        forwarded_on=registered,
        answer_due=due,
        deadline_country=country,
    )
    return initiative


@transaction.atomic
def initiative_merge(*, actor: User, initiative: Initiative, into: Initiative, reason: str) -> Initiative:
    """Merged with a similar initiative: its authors follow that one from now on."""
    reason = plain_text(reason)
    if not reason:
        raise ValidationError({"reason": ValidationError(REASONS_NEEDED, code="required")})
    if into.pk == initiative.pk:
        raise ValidationError({"into": ValidationError(MERGE_INTO_ITSELF, code="itself")})
    into.refresh_from_db()
    if not into.is_public or into.status == InitiativeStatus.MERGED:
        raise ValidationError({"into": ValidationError(MERGE_TARGET_INVALID, code="invalid")})
    _lock(initiative)
    _move(
        initiative,
        InitiativeStatus.MERGED,
        actor=actor,
        comment=reason,
        merged_into=into,
        decision_reason=reason,
    )
    _follow(into, access.author_ids(initiative))
    return initiative


@transaction.atomic
def initiative_decline(*, actor: User, initiative: Initiative, reason: str) -> Initiative:
    reason = plain_text(reason)
    if not reason:
        raise ValidationError({"reason": ValidationError(REASONS_NEEDED, code="required")})
    _lock(initiative)
    _move(initiative, InitiativeStatus.DECLINED, actor=actor, comment=reason, decision_reason=reason)
    return initiative


# --- The answer -------------------------------------------------------------------------------


@transaction.atomic
def initiative_extend_deadline(
    *,
    actor: User,
    initiative: Initiative,
    reason: str,
    days: int | None = None,
    today: datetime.date | None = None,
) -> Initiative:
    """The one extension the law allows (Russia: up to 30 days; Belarus: one month from registration
    for further study), with its reason; the authors are told."""
    reason = plain_text(reason)
    if not reason:
        raise ValidationError({"reason": ValidationError(REASONS_NEEDED, code="required")})
    _lock(initiative)
    if initiative.status != InitiativeStatus.FORWARDED:
        raise _refuse(initiative.status, InitiativeStatus.FORWARDED)
    if not access.may_answer(actor, initiative):
        raise PermissionDenied(NOT_YOURS)
    assert initiative.forwarded_on is not None and initiative.answer_due is not None  # forwarded
    try:
        due = deadlines.extended_due(
            initiative.deadline_country,
            initiative.forwarded_on,
            initiative.answer_due,
            already_extended=initiative.extended_on is not None,
            days=days,
        )
    except deadlines.DeadlineError as error:
        raise ValidationError({"days": ValidationError(error.text(), code="extension_refused")}) from None
    before = snapshot(initiative)
    previous_due = initiative.answer_due
    initiative.answer_due = due
    initiative.extended_on = _today(today)
    initiative.extension_reason = reason
    initiative.full_clean(exclude=["answer_document", "answer_signature"])
    initiative.save(update_fields=["answer_due", "extended_on", "extension_reason", "updated_at"])
    record(actor=actor, instance=initiative, action=AuditEntry.Action.UPDATE, before=before)
    authors = list(User.objects.filter(pk__in=access.author_ids(initiative), is_active=True).order_by("pk"))
    title = _Lazy(
        lambda: gettext("“%(title)s”: the answer deadline is extended") % {"title": initiative.title[:150]}
    )
    body = _Lazy(
        lambda: (
            gettext("The answer was due on %(old)s; it is now due on %(new)s. Reason: %(reason)s")
            % {"old": previous_due.isoformat(), "new": due.isoformat(), "reason": reason}
        )
    )
    _tell(initiative, "extension", authors, title, body)
    return initiative


def _check_signature(file: UploadedFile) -> str:
    name = os.path.basename((file.name or "").replace("\\", "/"))[:255]
    extension = os.path.splitext(name)[1].lower()
    if extension not in SIGNATURE_TYPES:
        raise ValidationError({"signature": ValidationError(SIGNATURE_TYPE, code="file_type_not_allowed")})
    size = file.size or 0
    limit = settings.MOSTY_MAX_UPLOAD_BYTES
    if size == 0 or size > limit:
        raise ValidationError(
            {
                "signature": ValidationError(
                    _("The file “%(name)s” is %(size)s; files of at most %(limit)s are accepted.")
                    if size
                    else _("The file “%(name)s” is empty."),
                    code="file_size",
                    params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
                )
            }
        )
    return name


@transaction.atomic
def initiative_answer(
    *,
    actor: User,
    initiative: Initiative,
    text: str,
    document: UploadedFile | None,
    signature: UploadedFile | None = None,
    today: datetime.date | None = None,
) -> Initiative:
    """The body's answer: its text and the signed document (a PDF, with a detached .sig/.p7s
    signature alongside where there is one — stored, not verified). The commission publishes it."""
    text = plain_text(text)
    errors: dict[str, ValidationError] = {}
    if not text:
        errors["text"] = ValidationError(ANSWER_NEEDED, code="required")
    if document is None:
        errors["document"] = ValidationError(DOCUMENT_NEEDED, code="required")
    else:
        try:
            check_upload(document, allowed=PDF_ONLY)
        except ValidationError as error:
            errors["document"] = error
    if errors:
        raise ValidationError(errors)
    assert document is not None
    signature_name = _check_signature(signature) if signature is not None else ""
    _lock(initiative)
    if not access.may_transition(actor, initiative, InitiativeStatus.ANSWERED):
        if not can_transition(initiative.status, InitiativeStatus.ANSWERED):
            raise _refuse(initiative.status, InitiativeStatus.ANSWERED)
        raise PermissionDenied(NOT_YOURS)
    initiative.answer_document.save(document.name or "answer.pdf", document, save=False)
    if signature is not None:
        initiative.answer_signature.save(signature.name or "answer.sig", signature, save=False)
    _move(
        initiative,
        InitiativeStatus.ANSWERED,
        actor=actor,
        answer_text=text,
        answer_document_name=os.path.basename(document.name or "answer.pdf")[:255],
        answer_signature_name=signature_name,
        answered_by=actor,
        answered_on=_today(today),
    )
    return initiative


@transaction.atomic
def initiative_publish_answer(*, actor: User, initiative: Initiative) -> Initiative:
    _lock(initiative)
    _move(initiative, InitiativeStatus.PUBLISHED, actor=actor, answer_published_at=timezone.now())
    return initiative


@transaction.atomic
def initiative_close(
    *,
    actor: User,
    initiative: Initiative,
    outcome: str,
    note: str = "",
    commitment_title: str = "",
    responsible_organisation: Organisation | None = None,
    responsible_region: Region | None = None,
    deadline: datetime.date | None = None,
    project: Project | None = None,
    agreement: Agreement | None = None,
    today: datetime.date | None = None,
) -> Commitment | None:
    """Close with the outcome: accepted as a commitment of the engine (returned), or linked to a
    project or an agreement; declined with reasons; answered for information."""
    note = plain_text(note)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": ValidationError(_("Choose the outcome."), code="invalid")})
    if outcome == Outcome.COMMITMENT:
        if (
            not plain_text(commitment_title)
            or deadline is None
            or (responsible_organisation is None and responsible_region is None)
        ):
            raise ValidationError(
                {"commitment_title": ValidationError(OUTCOME_NEEDS_COMMITMENT, code="required")}
            )
        if deadline < _today(today):
            raise ValidationError({"deadline": ValidationError(DEADLINE_BEFORE_TODAY, code="past")})
    if outcome == Outcome.PROJECT and project is None:
        raise ValidationError({"project": ValidationError(OUTCOME_NEEDS_PROJECT, code="required")})
    if outcome == Outcome.AGREEMENT and agreement is None:
        raise ValidationError({"agreement": ValidationError(OUTCOME_NEEDS_AGREEMENT, code="required")})
    if outcome == Outcome.DECLINED and not note:
        raise ValidationError({"note": ValidationError(REASONS_NEEDED, code="required")})
    _lock(initiative)
    _move(
        initiative,
        InitiativeStatus.CLOSED,
        actor=actor,
        comment=note,
        outcome=outcome,
        outcome_note=note,
        linked_project=project if outcome == Outcome.PROJECT else None,
        linked_agreement=agreement if outcome == Outcome.AGREEMENT else None,
    )
    if outcome != Outcome.COMMITMENT:
        return None
    return commitment_services.commitment_create(
        actor=actor,
        may_manage=True,
        source_kind=SOURCE_KIND,
        source_id=initiative.pk,
        title=commitment_title,
        description=note,
        responsible_organisation=responsible_organisation,
        responsible_region=responsible_region if responsible_organisation is None else None,
        deadline=deadline,
        today=today,
    )


# --- Ratings and following --------------------------------------------------------------------


@transaction.atomic
def initiative_rate(*, actor: User, initiative: Initiative, score: int) -> Rating:
    """The actor's rating of the published answer, 1 to 5; rating again changes it."""
    if not access.may_rate(actor, initiative):
        raise PermissionDenied(NOT_RATEABLE)
    rating = Rating.objects.filter(initiative=initiative, user=actor).select_for_update().first()
    before = snapshot(rating) if rating is not None else None
    if rating is None:
        rating = Rating(initiative=initiative, user=actor, score=score)
    rating.score = score
    rating.full_clean()
    rating.save()
    record(
        actor=actor,
        instance=rating,
        action=AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE,
        before=before,
    )
    return rating


def initiative_mute(user: User, scope: str) -> str:
    """The one-click unsubscribe of "initiative:<id>": the user is no longer told about it."""
    _prefix, _sep, raw = scope.partition(":")
    try:
        pk = int(raw)
    except ValueError:
        return str(_("This unsubscribe link no longer applies to anything."))
    Follower.objects.filter(initiative_id=pk, user=user).update(muted=True)
    title = Initiative.objects.filter(pk=pk).values_list("title", flat=True).first() or ""
    return gettext("You will no longer be told about the initiative “%(title)s”.") % {"title": title}


def category_rules_defaults() -> dict[str, tuple[int, int]]:
    """The rule every category starts with (see the data migration)."""
    return dict.fromkeys(Category.values, (DEFAULT_THRESHOLD, DEFAULT_COLLECTION_DAYS))

"""Every change of a commitment: permission check, validation, the write and its audit row, atomically.

Source apps (agreements, events, initiatives, projects) create and edit their commitments through
these functions. They pass the acting user and `may_manage=True` when their own access rules let
that user manage the source's commitments (an agreement's editor, say); without it the engine's own
rule applies (commission, admin, coordinators of the responsible region: access.may_manage_for),
for the responsible party of each side named (the first one and, where both sides act, the
counterpart on the other side).
`actor=None` is accepted only together with `may_manage=True` (imports and demo data run by the
operators).

Two people editing the same commitment: each edit carries the version it was made against
(`expected_version`); the second edit finds a newer version and is refused with CONFLICT, never
written over the first.
"""

from __future__ import annotations

import calendar
import datetime
import decimal
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import User
from mosty.commitments import access, reminders
from mosty.commitments.models import (
    OPEN_STATUSES,
    REPORT_MONTHS,
    Commitment,
    Evidence,
    ProgressReport,
    Reminder,
    ReportEvery,
    Status,
    can_transition,
)
from mosty.core.audit import record, snapshot
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.core.notifications import notify, recipient_language
from mosty.core.uploads import check_uploads
from mosty.lib.sanitize import plain_text
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

MAY_NOT_MANAGE = _("You may not manage this commitment.")
MAY_NOT_REPORT = _("You may not report on this commitment.")
MAY_NOT_VERIFY = _("You may not verify reports on this commitment.")
MAY_NOT_VERIFY_OWN = _("A report is verified by someone other than its author.")
CONFLICT = _(
    "Someone else has changed this commitment since you opened it. Your changes were not saved: "
    "look at the current version and make them again."
)
TRANSITION_NOT_ALLOWED = _("A commitment that is “%(current)s” cannot become “%(new)s”.")
DEADLINE_PASSED = _("The deadline has passed: move the deadline first.")
NOT_PAST_DEADLINE = _("Only a commitment past its deadline is overdue.")
COMMITMENT_CLOSED = _("This commitment is closed: reports are no longer taken.")
ALREADY_REVIEWED = _("This report has already been verified.")
RETURN_NEEDS_COMMENT = _("Say what is to be corrected.")
REPORT_IN_FUTURE = _("A report cannot be dated in the future.")

# What commitment_update accepts; status has commitment_set_status, the audience its own service.
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "responsible_organisation",
        "responsible_region",
        "counterpart_organisation",
        "counterpart_region",
        "co_executors",
        "deadline",
        "report_every",
        "indicator_unit",
        "planned_value",
        "weight",
    }
)
_PLAIN_TEXT_FIELDS = ("title", "description", "indicator_unit")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day where it is shorter (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due_after(report_every: str, start: datetime.date, after: datetime.date) -> datetime.date | None:
    """The first date of the schedule (start + n periods, n ≥ 1) later than `after`."""
    months = REPORT_MONTHS.get(report_every)  # type: ignore[call-overload]
    if months is None:
        return None
    due = add_months(start, months)
    step = 1
    while due <= after:
        step += 1
        due = add_months(start, months * step)
    return due


def _check_manage(
    actor: User | None,
    *,
    may_manage: bool,
    organisation: Organisation | None,
    region: Region | None,
    counterpart_organisation: Organisation | None = None,
    counterpart_region: Region | None = None,
) -> None:
    """The actor may assign the commitment to the first responsible party and, when one is named,
    to the responsible party on the other side."""
    if may_manage:
        return
    if actor is None or not access.may_manage_for(actor, organisation=organisation, region=region):
        raise PermissionDenied(MAY_NOT_MANAGE)
    if (counterpart_organisation is not None or counterpart_region is not None) and not access.may_manage_for(
        actor, organisation=counterpart_organisation, region=counterpart_region
    ):
        raise PermissionDenied(MAY_NOT_MANAGE)


def _lock(commitment: Commitment) -> None:
    """Lock the row and reload it: the version compared and the snapshot taken are the stored ones."""
    list(Commitment.objects.select_for_update().filter(pk=commitment.pk).values_list("pk", flat=True))
    commitment.refresh_from_db()


def _lock_version(commitment: Commitment, expected_version: int) -> None:
    _lock(commitment)
    if commitment.version != expected_version:
        raise ApplicationError(str(CONFLICT), code="conflict", status=409)


def _clean(commitment: Commitment) -> None:
    try:
        commitment.full_clean()
    except ValidationError:
        if commitment.pk is not None:
            commitment.refresh_from_db()  # the caller's object shows what is stored, not the refused values
        raise


@transaction.atomic
def commitment_create(
    *,
    actor: User | None,
    source_kind: str,
    source_id: int,
    title: str,
    may_manage: bool = False,
    responsible_organisation: Organisation | None = None,
    responsible_region: Region | None = None,
    counterpart_organisation: Organisation | None = None,
    counterpart_region: Region | None = None,
    deadline: datetime.date | None = None,
    report_every: str = ReportEvery.NONE,
    indicator_unit: str = "",
    planned_value: decimal.Decimal | None = None,
    weight: int = 1,
    co_executors: Iterable[Organisation] = (),
    description: str = "",
    is_public: bool = True,
    audience_regions: Iterable[Region] = (),
    audience_organisations: Iterable[Organisation] = (),
    today: datetime.date | None = None,
) -> Commitment:
    """A new commitment of a source (status planned); a scheduled one gets its first report date.
    Where both sides act, `counterpart_organisation` / `counterpart_region` name the responsible party
    on the other side (in the other country)."""
    _check_manage(
        actor,
        may_manage=may_manage,
        organisation=responsible_organisation,
        region=responsible_region,
        counterpart_organisation=counterpart_organisation,
        counterpart_region=counterpart_region,
    )
    today = today or timezone.localdate()
    commitment = Commitment(
        source_kind=source_kind,
        source_id=source_id,
        title=plain_text(title),
        description=plain_text(description),
        responsible_organisation=responsible_organisation,
        responsible_region=responsible_region,
        counterpart_organisation=counterpart_organisation,
        counterpart_region=counterpart_region,
        deadline=deadline,
        report_every=report_every,
        indicator_unit=plain_text(indicator_unit),
        planned_value=planned_value,
        weight=weight,
        is_public=is_public,
    )
    commitment.full_clean()
    commitment.next_report_due = next_due_after(report_every, today, today)
    commitment.save()
    commitment.co_executors.set(list(co_executors))
    commitment.audience_regions.set(list(audience_regions))
    commitment.audience_organisations.set(list(audience_organisations))
    record(actor=actor, instance=commitment, action=AuditEntry.Action.CREATE)
    return commitment


@transaction.atomic
def commitment_update(
    *,
    actor: User | None,
    commitment: Commitment,
    expected_version: int,
    may_manage: bool = False,
    today: datetime.date | None = None,
    **fields: Any,
) -> Commitment:
    """Change the editable fields given (`co_executors` replaces the whole set); one audit row.
    An overdue commitment whose deadline is moved to today or later is open again."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"commitment_update() does not change: {', '.join(sorted(unknown))}")
    if not may_manage and not (actor is not None and access.may_edit(actor, commitment)):
        raise PermissionDenied(MAY_NOT_MANAGE)
    if {"responsible_organisation", "responsible_region"} & set(fields):
        # Handing the commitment to another party: the editor must be entitled to that party too.
        _check_manage(
            actor,
            may_manage=may_manage,
            organisation=fields.get("responsible_organisation", commitment.responsible_organisation),
            region=fields.get("responsible_region", commitment.responsible_region),
        )
    counterpart_organisation = fields.get("counterpart_organisation", commitment.counterpart_organisation)
    counterpart_region = fields.get("counterpart_region", commitment.counterpart_region)
    if {"counterpart_organisation", "counterpart_region"} & set(fields) and (
        counterpart_organisation is not None or counterpart_region is not None
    ):
        # The same for the responsible party on the other side.
        _check_manage(
            actor, may_manage=may_manage, organisation=counterpart_organisation, region=counterpart_region
        )
    today = today or timezone.localdate()
    _lock_version(commitment, expected_version)
    before = snapshot(commitment)
    co_executors = fields.pop("co_executors", None)
    for name, value in fields.items():
        setattr(commitment, name, plain_text(value) if name in _PLAIN_TEXT_FIELDS else value)
    if "report_every" in fields and fields["report_every"] != before["report_every"]:
        commitment.next_report_due = next_due_after(commitment.report_every, today, today)
    if (
        commitment.status == Status.OVERDUE
        and commitment.deadline is not None
        and commitment.deadline >= today
    ):
        commitment.status = Status.IN_PROGRESS if commitment.actual_value is not None else Status.PLANNED
    _clean(commitment)
    commitment.version += 1
    commitment.save()
    if co_executors is not None:
        commitment.co_executors.set(list(co_executors))
    record(actor=actor, instance=commitment, action=AuditEntry.Action.UPDATE, before=before)
    return commitment


@transaction.atomic
def commitment_set_status(
    *,
    actor: User | None,
    commitment: Commitment,
    status: str,
    expected_version: int,
    may_manage: bool = False,
    today: datetime.date | None = None,
) -> Commitment:
    """Move the commitment to `status` as the TRANSITIONS table allows."""
    _check_manage(
        actor,
        may_manage=may_manage or (actor is not None and access.may_edit(actor, commitment)),
        organisation=commitment.responsible_organisation,
        region=commitment.responsible_region,
    )
    today = today or timezone.localdate()
    _lock_version(commitment, expected_version)
    current = commitment.status
    if not can_transition(current, status):
        raise ApplicationError(
            str(TRANSITION_NOT_ALLOWED % {"current": Status(current).label, "new": Status(status).label}),
            code="transition_not_allowed",
        )
    past_deadline = commitment.deadline is not None and commitment.deadline < today
    if status in (Status.PLANNED, Status.IN_PROGRESS) and past_deadline:
        raise ApplicationError(str(DEADLINE_PASSED), code="deadline_passed")
    if status == Status.OVERDUE and not past_deadline:
        raise ApplicationError(str(NOT_PAST_DEADLINE), code="not_past_deadline")
    before = snapshot(commitment)
    commitment.status = status
    commitment.completed_on = today if status == Status.DONE else None
    commitment.version += 1
    _clean(commitment)
    commitment.save(update_fields=["status", "completed_on", "version", "updated_at"])
    record(actor=actor, instance=commitment, action=AuditEntry.Action.UPDATE, before=before)
    return commitment


def commitment_cancel(
    *, actor: User | None, commitment: Commitment, expected_version: int, may_manage: bool = False
) -> Commitment:
    return commitment_set_status(
        actor=actor,
        commitment=commitment,
        status=Status.CANCELLED,
        expected_version=expected_version,
        may_manage=may_manage,
    )


@transaction.atomic
def commitments_set_audience(
    *,
    source_kind: str,
    source_id: int,
    is_public: bool,
    regions: Iterable[Region],
    organisations: Iterable[Organisation],
    actor: User | None = None,
) -> int:
    """Give every commitment of a source the source's visibility (called by the source app when its
    own visibility or parties change; it has checked the permission). Returns how many changed."""
    regions, organisations = list(regions), list(organisations)
    region_ids = sorted(region.pk for region in regions)
    organisation_ids = sorted(organisation.pk for organisation in organisations)
    changed = 0
    commitments = Commitment.objects.select_for_update().filter(source_kind=source_kind, source_id=source_id)
    for commitment in commitments.order_by("pk"):
        before = snapshot(commitment)
        if (before["is_public"], before["audience_regions"], before["audience_organisations"]) == (
            is_public,
            region_ids,
            organisation_ids,
        ):
            continue
        commitment.is_public = is_public
        commitment.version += 1
        commitment.save(update_fields=["is_public", "version", "updated_at"])
        commitment.audience_regions.set(regions)
        commitment.audience_organisations.set(organisations)
        record(actor=actor, instance=commitment, action=AuditEntry.Action.UPDATE, before=before)
        changed += 1
    return changed


# --- Reports and their verification --------------------------------------------------------------


@transaction.atomic
def report_submit(
    *,
    actor: User,
    commitment: Commitment,
    reported_on: datetime.date,
    text: str,
    actual_value: decimal.Decimal | None = None,
    marks_done: bool = False,
    links: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
    today: datetime.date | None = None,
) -> ProgressReport:
    """A progress report by the responsible party, with its evidence; it waits for verification
    and changes nothing on the commitment until it is accepted. On a schedule, it moves the next
    report date past the report's date."""
    if not access.may_report(actor, commitment):
        raise PermissionDenied(MAY_NOT_REPORT)
    today = today or timezone.localdate()
    if commitment.status not in OPEN_STATUSES:
        raise ApplicationError(str(COMMITMENT_CLOSED), code="commitment_closed")
    if reported_on > today:
        raise ValidationError({"reported_on": ValidationError(REPORT_IN_FUTURE, code="in_future")})
    try:
        checked = check_uploads(files)
    except ValidationError as error:
        raise ValidationError({"files": error.error_list}) from None
    report = ProgressReport(
        commitment=commitment,
        reported_on=reported_on,
        text=plain_text(text),
        actual_value=actual_value,
        marks_done=marks_done,
        links=[link.strip() for link in links if link.strip()],
        author=actor,
    )
    report.full_clean()
    report.save()
    record(actor=actor, instance=report, action=AuditEntry.Action.CREATE)
    for file, info in zip(files, checked, strict=True):
        evidence = Evidence(
            report=report, file=file, original_name=info.name, size=info.size, content_type=info.content_type
        )
        evidence.save()
        record(actor=actor, instance=evidence, action=AuditEntry.Action.CREATE)
    if commitment.next_report_due is not None and commitment.next_report_due <= max(reported_on, today):
        _lock(commitment)
        before = snapshot(commitment)
        commitment.next_report_due = next_due_after(
            commitment.report_every, commitment.next_report_due, max(reported_on, today)
        )
        commitment.save(update_fields=["next_report_due", "updated_at"])
        record(actor=actor, instance=commitment, action=AuditEntry.Action.UPDATE, before=before)
    return report


def _lock_report(report: ProgressReport) -> None:
    list(ProgressReport.objects.select_for_update().filter(pk=report.pk).values_list("pk", flat=True))
    report.refresh_from_db()
    if report.status != ProgressReport.ReviewStatus.SUBMITTED:
        raise ApplicationError(str(ALREADY_REVIEWED), code="already_reviewed")


def _check_verify(actor: User, report: ProgressReport) -> None:
    if not access.may_verify(actor, report.commitment):
        raise PermissionDenied(MAY_NOT_VERIFY)
    if report.author_id == actor.pk:
        raise PermissionDenied(MAY_NOT_VERIFY_OWN)


def _report_url(report: ProgressReport) -> str:
    return reverse("commitments:detail", args=[report.commitment_id]) + f"#report-{report.pk}"


@transaction.atomic
def report_accept(*, actor: User, report: ProgressReport, comment: str = "") -> ProgressReport:
    """Accept the report; only now does the commitment change: its actual value becomes the
    report's, and it is done when the report says so or the planned value is reached, otherwise
    a planned commitment is in progress."""
    _check_verify(actor, report)
    _lock_report(report)
    before = snapshot(report)
    report.status = ProgressReport.ReviewStatus.ACCEPTED
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.review_comment = plain_text(comment)
    report.full_clean()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    record(actor=actor, instance=report, action=AuditEntry.Action.UPDATE, before=before)

    commitment = report.commitment
    _lock(commitment)
    before = snapshot(commitment)
    if report.actual_value is not None:
        commitment.actual_value = report.actual_value
    reached = (
        commitment.planned_value is not None
        and commitment.actual_value is not None
        and commitment.actual_value >= commitment.planned_value
    )
    if commitment.status in OPEN_STATUSES and (report.marks_done or reached):
        commitment.status = Status.DONE
        commitment.completed_on = report.reported_on
    elif commitment.status == Status.PLANNED:
        commitment.status = Status.IN_PROGRESS
    if snapshot(commitment) != before:
        commitment.version += 1
        commitment.full_clean()
        commitment.save()
        record(actor=actor, instance=commitment, action=AuditEntry.Action.UPDATE, before=before)
    with recipient_language(report.author):
        notify(
            recipient=report.author,
            title=str(_("Your report has been accepted: %(title)s") % {"title": commitment.title[:200]}),
            body=report.review_comment,
            url=_report_url(report),
        )
    return report


@transaction.atomic
def report_return(*, actor: User, report: ProgressReport, comment: str) -> ProgressReport:
    """Send the report back to its author with what is to be corrected; the commitment is unchanged."""
    _check_verify(actor, report)
    comment = plain_text(comment)
    if not comment:
        raise ValidationError({"review_comment": ValidationError(RETURN_NEEDS_COMMENT, code="required")})
    _lock_report(report)
    before = snapshot(report)
    report.status = ProgressReport.ReviewStatus.RETURNED
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    report.full_clean()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    record(actor=actor, instance=report, action=AuditEntry.Action.UPDATE, before=before)
    with recipient_language(report.author):
        notify(
            recipient=report.author,
            title=str(
                _("Your report has been returned: %(title)s") % {"title": report.commitment.title[:200]}
            ),
            body=comment,
            url=_report_url(report),
        )
    return report


# --- The daily job --------------------------------------------------------------------------------


def _mark_overdue(pk: int, today: datetime.date) -> bool:
    """Mark one commitment overdue if it still is open past its deadline. A second worker skips the
    row while the first holds it, and afterwards no longer finds it open: one status change, one row."""
    with transaction.atomic():
        commitment = (
            Commitment.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status__in=[Status.PLANNED, Status.IN_PROGRESS], deadline__lt=today)
            .first()
        )
        if commitment is None:
            return False
        before = snapshot(commitment)
        commitment.status = Status.OVERDUE
        commitment.version += 1
        commitment.save(update_fields=["status", "version", "updated_at"])
        record(actor=None, instance=commitment, action=AuditEntry.Action.UPDATE, before=before)
        return True


def _send_once(commitment: Commitment, due: reminders.Due) -> int:
    """Write the reminder rows of one step and notify each recipient whose row this call created.

    The unique key (commitment, kind, due_date, step, recipient) decides who sends: a second worker
    inserting the same row waits for the first to commit, then fails to insert and sends nothing.
    The notification row is written in the same transaction, the e-mail leaves after commit."""
    sent = 0
    with transaction.atomic():
        for recipient in due.recipients:
            try:
                with transaction.atomic():
                    _reminder, created = Reminder.objects.get_or_create(
                        commitment=commitment,
                        kind=due.kind,
                        due_date=due.due_date,
                        step=due.step,
                        recipient=recipient,
                    )
            except IntegrityError:
                created = False  # another worker inserted it between our look-up and our insert
            if not created:
                continue
            with recipient_language(recipient):
                title, body = reminders.message(commitment, due)
                notify(
                    recipient=recipient,
                    title=title,
                    body=body,
                    url=reverse("commitments:detail", args=[commitment.pk]),
                )
            sent += 1
    return sent


def commitments_check_deadlines(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily job: mark commitments past their deadline overdue, then send the reminders due
    today (before a deadline, at a report date, overdue notices and escalations), each one once.
    Safe to run twice, and in two workers at the same time. Returns counts for the log."""
    today = today or timezone.localdate()
    candidates = Commitment.objects.filter(
        status__in=[Status.PLANNED, Status.IN_PROGRESS], deadline__lt=today
    )
    marked = sum(_mark_overdue(pk, today) for pk in candidates.order_by("pk").values_list("pk", flat=True))
    sent = 0
    watched = (
        Commitment.objects.filter(status__in=OPEN_STATUSES)
        .filter(Q(deadline__isnull=False) | Q(next_report_due__isnull=False))
        .select_related(
            "responsible_organisation", "responsible_region", "counterpart_organisation", "counterpart_region"
        )
        .order_by("pk")
    )
    plan = reminders.Plan.for_today(today)
    for commitment in watched.iterator(chunk_size=500):
        for due in plan.due_for(commitment):
            sent += _send_once(commitment, due)
    return {"marked_overdue": marked, "reminders_sent": sent}

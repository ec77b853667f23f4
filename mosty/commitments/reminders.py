"""What the daily job has to say about a commitment today, to whom, and in which words.

Read-only: services.commitments_check_deadlines writes the reminder rows and sends the messages.

| kind                   | when                                                   | to                      |
| ---------------------- | ------------------------------------------------------ | ----------------------- |
| before_deadline        | N days before the deadline (MOSTY_REMINDER_DAYS_BEFORE) | the responsible party   |
| report_due             | N days before a scheduled report date                  | the responsible party   |
| overdue                | once the deadline has passed                           | the responsible party   |
| escalation_coordinator | MOSTY_ESCALATE_COORDINATOR_AFTER_DAYS after it         | region's coordinators   |
| escalation_commission  | MOSTY_ESCALATE_COMMISSION_AFTER_DAYS after it          | commission members      |

The responsible party is the responsible organisations' representatives and the responsible
regions' coordinators, of both sides where both sides act (the counterpart on the other side too).
"The region" of an escalation is each side's responsible region, or its responsible organisation's
region: both sides' coordinators are told. Each recipient gets each reminder once, even when they
answer for both sides. Of several "days before" steps, the nearest one that has been
reached is sent (a job that did not run for a week sends the 3-day reminder, not a stale 14-day one).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext

from mosty.accounts.models import Role, User
from mosty.commitments.models import Commitment, Reminder, Status


@dataclass(frozen=True)
class Due:
    kind: str
    due_date: datetime.date
    step: int
    recipients: list[User]


def _active_users() -> Q:
    return Q(is_active=True)


def responsible_people(commitment: Commitment) -> list[User]:
    """The representatives of the responsible organisations and the coordinators of the responsible
    regions, of both sides."""
    who = Q(pk__in=[])
    organisations = commitment.responsible_organisation_ids()
    if organisations:
        who |= Q(represented_organisations__in=organisations)
    regions = commitment.responsible_region_ids()
    if regions:
        who |= Q(role=Role.COORDINATOR, region_id__in=regions)
    return list(User.objects.filter(who).filter(_active_users()).distinct().order_by("pk"))


def coordinators_of(commitment: Commitment) -> list[User]:
    """The coordinators of each side's region (a responsible region or a responsible organisation's)."""
    regions = commitment.responsible_area_region_ids()
    return list(
        User.objects.filter(_active_users(), role=Role.COORDINATOR, region_id__in=regions).order_by("pk")
    )


@dataclass
class Plan:
    today: datetime.date
    days_before: list[int]
    coordinator_after: int
    commission_after: int
    _commission: list[User] | None = field(default=None, repr=False)

    @classmethod
    def for_today(cls, today: datetime.date) -> Plan:
        return cls(
            today=today,
            days_before=sorted({int(day) for day in settings.MOSTY_REMINDER_DAYS_BEFORE}),
            coordinator_after=settings.MOSTY_ESCALATE_COORDINATOR_AFTER_DAYS,
            commission_after=settings.MOSTY_ESCALATE_COMMISSION_AFTER_DAYS,
        )

    def commission(self) -> list[User]:
        if self._commission is None:
            self._commission = list(User.objects.filter(_active_users(), role=Role.COMMISSION).order_by("pk"))
        return self._commission

    def step_for(self, date: datetime.date) -> int | None:
        """The nearest "days before" step reached for `date`, or None (too early, or already past)."""
        remaining = (date - self.today).days
        if remaining < 0:
            return None
        reached = [day for day in self.days_before if remaining <= day]
        return min(reached) if reached else None

    def due_for(self, commitment: Commitment) -> Iterator[Due]:
        deadline = commitment.deadline
        if deadline is not None and commitment.status in (Status.PLANNED, Status.IN_PROGRESS):
            step = self.step_for(deadline)
            if step is not None:
                yield Due(Reminder.Kind.BEFORE_DEADLINE, deadline, step, responsible_people(commitment))
        if deadline is not None and commitment.status == Status.OVERDUE and deadline < self.today:
            late = (self.today - deadline).days
            yield Due(Reminder.Kind.OVERDUE, deadline, 0, responsible_people(commitment))
            if late >= self.coordinator_after:
                yield Due(Reminder.Kind.ESCALATION_COORDINATOR, deadline, 0, coordinators_of(commitment))
            if late >= self.commission_after:
                yield Due(Reminder.Kind.ESCALATION_COMMISSION, deadline, 0, self.commission())
        if commitment.next_report_due is not None:
            step = self.step_for(commitment.next_report_due)
            if step is not None:
                yield Due(
                    Reminder.Kind.REPORT_DUE, commitment.next_report_due, step, responsible_people(commitment)
                )


def message(commitment: Commitment, due: Due) -> tuple[str, str]:
    """The title and text of a reminder, in the active language (the caller sets the recipient's)."""
    values = {"title": commitment.title[:200], "date": date_format(due.due_date, "DATE_FORMAT")}
    if due.kind == Reminder.Kind.BEFORE_DEADLINE:
        title = gettext("Deadline on %(date)s: %(title)s") % values
        body = gettext(
            "The commitment “%(title)s” is due on %(date)s. Please report its progress, with evidence, "
            "before the deadline."
        )
    elif due.kind == Reminder.Kind.REPORT_DUE:
        title = gettext("Report due on %(date)s: %(title)s") % values
        body = gettext("A progress report on the commitment “%(title)s” is due on %(date)s.")
    elif due.kind == Reminder.Kind.OVERDUE:
        title = gettext("Overdue since %(date)s: %(title)s") % values
        body = gettext(
            "The deadline of the commitment “%(title)s” was %(date)s and it has not been reported done. "
            "Please report what has been done, or ask the coordinator to move the deadline."
        )
    elif due.kind == Reminder.Kind.ESCALATION_COORDINATOR:
        title = gettext("Overdue in your region: %(title)s") % values
        body = gettext(
            "The commitment “%(title)s” has been overdue since %(date)s and the responsible party has "
            "not reported it done. It has been escalated to you as the region's coordinator."
        )
    else:
        title = gettext("Overdue, escalated to the commission: %(title)s") % values
        body = gettext(
            "The commitment “%(title)s” has been overdue since %(date)s; neither the responsible party "
            "nor the region's coordinator has had it reported done."
        )
    return title, body % values

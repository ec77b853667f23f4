"""The status machine: every pair of statuses against the table, through the predicate and the service."""

from __future__ import annotations

import datetime
import itertools

import pytest

from mosty import factories
from mosty.accounts.models import User
from mosty.commitments import services
from mosty.commitments.models import TRANSITIONS, Commitment, Status, can_transition
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry

TODAY = datetime.date(2026, 6, 1)
PAST = datetime.date(2026, 5, 1)
FUTURE = datetime.date(2026, 12, 31)

# The table, written out by hand: (from, to) pairs that are allowed.
ALLOWED = {
    ("planned", "in_progress"),
    ("planned", "done"),
    ("planned", "overdue"),
    ("planned", "cancelled"),
    ("in_progress", "done"),
    ("in_progress", "overdue"),
    ("in_progress", "cancelled"),
    ("overdue", "planned"),
    ("overdue", "in_progress"),
    ("overdue", "done"),
    ("overdue", "cancelled"),
    ("done", "in_progress"),
    ("cancelled", "planned"),
}
PAIRS = [(a.value, b.value) for a, b in itertools.permutations(Status, 2)]


def test_the_table_is_the_one_written_by_hand() -> None:
    assert {(a, b) for a, allowed in TRANSITIONS.items() for b in allowed} == ALLOWED


@pytest.mark.parametrize(("current", "new"), PAIRS)
def test_can_transition_answers_from_the_table(current: str, new: str) -> None:
    assert can_transition(current, new) is ((current, new) in ALLOWED)


def _commitment_in(status: str, *, deadline: datetime.date | None) -> Commitment:
    return factories.CommitmentFactory(
        status=status, deadline=deadline, completed_on=PAST if status == Status.DONE else None
    )


def _deadline_for(current: str, new: str) -> datetime.date:
    # Overdue is only for a passed deadline; planned and in progress only for one still ahead.
    return PAST if new == Status.OVERDUE else FUTURE


@pytest.mark.parametrize(("current", "new"), sorted(ALLOWED))
def test_service_makes_every_allowed_transition(current: str, new: str, commission_member: User) -> None:
    commitment = _commitment_in(current, deadline=_deadline_for(current, new))
    services.commitment_set_status(
        actor=commission_member, commitment=commitment, status=new, expected_version=1, today=TODAY
    )
    commitment.refresh_from_db()
    assert commitment.status == new
    assert commitment.version == 2
    assert commitment.completed_on == (TODAY if new == Status.DONE else None)
    entry = AuditEntry.objects.get(object_id=str(commitment.pk), action=AuditEntry.Action.UPDATE)
    assert entry.changes["status"] == [current, new]


@pytest.mark.parametrize(("current", "new"), sorted(set(PAIRS) - ALLOWED))
def test_service_refuses_every_transition_not_in_the_table(
    current: str, new: str, commission_member: User
) -> None:
    commitment = _commitment_in(current, deadline=_deadline_for(current, new))
    with pytest.raises(ApplicationError) as refused:
        services.commitment_set_status(
            actor=commission_member, commitment=commitment, status=new, expected_version=1, today=TODAY
        )
    assert refused.value.code == "transition_not_allowed"
    commitment.refresh_from_db()
    assert commitment.status == current
    assert commitment.version == 1


def test_overdue_commitment_cannot_be_reopened_while_its_deadline_is_past(commission_member: User) -> None:
    commitment = _commitment_in(Status.OVERDUE, deadline=PAST)
    with pytest.raises(ApplicationError) as refused:
        services.commitment_set_status(
            actor=commission_member,
            commitment=commitment,
            status=Status.IN_PROGRESS,
            expected_version=1,
            today=TODAY,
        )
    assert refused.value.code == "deadline_passed"


def test_commitment_not_past_its_deadline_cannot_be_marked_overdue(commission_member: User) -> None:
    commitment = _commitment_in(Status.PLANNED, deadline=FUTURE)
    with pytest.raises(ApplicationError) as refused:
        services.commitment_set_status(
            actor=commission_member,
            commitment=commitment,
            status=Status.OVERDUE,
            expected_version=1,
            today=TODAY,
        )
    assert refused.value.code == "not_past_deadline"


def test_moving_the_deadline_of_an_overdue_commitment_opens_it_again(commission_member: User) -> None:
    commitment = _commitment_in(Status.OVERDUE, deadline=PAST)
    services.commitment_update(
        actor=commission_member, commitment=commitment, expected_version=1, deadline=FUTURE, today=TODAY
    )
    commitment.refresh_from_db()
    assert commitment.status == Status.PLANNED
    assert commitment.deadline == FUTURE

"""The timeline of a commitment and of a whole source: what, who, when, in order, in few queries."""

from __future__ import annotations

import datetime
import decimal
import itertools
from typing import Any

import time_machine
from django.utils.text import capfirst

from mosty import factories
from mosty.accounts.models import User
from mosty.commitments import selectors, services
from mosty.commitments.models import Commitment, Status
from mosty.organisations.models import Organisation

D = decimal.Decimal


def _label(name: str) -> str:
    return str(capfirst(Commitment._meta.get_field(name).verbose_name))


def _at(hour: int) -> time_machine.travel:
    return time_machine.travel(datetime.datetime(2026, 3, 2, hour, tzinfo=datetime.UTC), tick=False)


def test_timeline_lists_record_edit_report_verification_and_status_in_order(
    organisation: Organisation, coordinator: User, representative: User, settings: Any
) -> None:
    settings.MOSTY_REMINDER_DAYS_BEFORE = [3]
    with _at(8):
        commitment = services.commitment_create(
            actor=coordinator,
            source_kind="agreement",
            source_id=5,
            title="Поставить 10 тракторов",
            responsible_organisation=organisation,
            planned_value=D(10),
            deadline=datetime.date(2026, 3, 3),
        )
    with _at(9):
        services.commitment_update(
            actor=coordinator, commitment=commitment, expected_version=1, planned_value=D(12)
        )
    with _at(10):
        returned = services.report_submit(
            actor=representative,
            commitment=commitment,
            reported_on=datetime.date(2026, 3, 2),
            text="Поставлено 5",
        )
    with _at(11):
        services.report_return(actor=coordinator, report=returned, comment="Нужны накладные")
    with _at(12):
        accepted = services.report_submit(
            actor=representative,
            commitment=commitment,
            reported_on=datetime.date(2026, 3, 2),
            text="Поставлено 12, накладные приложены",
            actual_value=D(12),
        )
    with _at(13):
        services.report_accept(actor=coordinator, report=accepted)
    with _at(14):
        services.commitments_check_deadlines(today=datetime.date(2026, 3, 10))  # done: nothing to mark

    timeline = selectors.commitment_timeline(commitment)
    assert [(entry.kind, entry.when.hour, entry.who) for entry in timeline] == [
        ("created", 8, coordinator),
        ("edited", 9, coordinator),
        ("report", 10, representative),
        ("returned", 11, coordinator),
        ("report", 12, representative),
        ("accepted", 13, coordinator),
        ("status", 13, coordinator),
    ]
    edited, first_report, returned_entry, status = timeline[1], timeline[2], timeline[3], timeline[6]
    assert edited.values == [(_label("planned_value"), "10.00", "12")]
    assert first_report.text == "Поставлено 5"
    assert returned_entry.text == "Нужны накладные"
    assert (_label("status"), str(Status.PLANNED.label), str(Status.DONE.label)) in status.values
    assert (_label("actual_value"), "—", "12.00") in status.values
    assert all(label != _label("version") for label, _old, _new in status.values)
    commitment.refresh_from_db()
    assert commitment.status == Status.DONE


def test_source_timeline_merges_its_commitments_in_a_constant_number_of_queries(
    organisation: Organisation, coordinator: User, representative: User, django_assert_max_num_queries: Any
) -> None:
    for number in range(5):
        commitment = factories.CommitmentFactory(
            responsible_organisation=organisation, source_id=9, title=f"Пункт {number}"
        )
        services.commitment_update(actor=coordinator, commitment=commitment, expected_version=1, weight=2)
        services.report_submit(
            actor=representative, commitment=commitment, reported_on=datetime.date.today(), text="Готово"
        )
    factories.CommitmentFactory(responsible_organisation=organisation, source_id=10)
    with django_assert_max_num_queries(6):
        timeline = selectors.timeline_for_source("agreement", 9)
    assert len(timeline) == 10
    assert {entry.commitment_title for entry in timeline} == {f"Пункт {number}" for number in range(5)}
    assert all(earlier.when <= later.when for earlier, later in itertools.pairwise(timeline))
    assert Commitment.objects.filter(source_id=9).count() == 5

"""Answer deadlines by the law of the body's country, as plain date arithmetic (no database)."""

from __future__ import annotations

import datetime

import pytest

from mosty.initiatives import deadlines
from mosty.initiatives.deadlines import DEFAULT_RULES as RULES
from mosty.initiatives.deadlines import DeadlineError

D = datetime.date


@pytest.mark.parametrize(
    ("registered", "due"),
    [
        (D(2026, 3, 2), D(2026, 4, 1)),
        (D(2026, 1, 31), D(2026, 3, 2)),  # across a short February
        (D(2028, 2, 1), D(2028, 3, 2)),  # leap year: 29 days of February count
        (D(2026, 12, 15), D(2027, 1, 14)),  # across the year end
    ],
)
def test_russia_answer_is_due_30_days_after_registration(
    registered: datetime.date, due: datetime.date
) -> None:
    assert deadlines.answer_due("RU", registered, rules=RULES) == due


@pytest.mark.parametrize(
    ("registered", "due"),
    [(D(2026, 3, 2), D(2026, 3, 17)), (D(2026, 2, 20), D(2026, 3, 7)), (D(2026, 12, 25), D(2027, 1, 9))],
)
def test_belarus_answer_is_due_15_days_after_registration(
    registered: datetime.date, due: datetime.date
) -> None:
    assert deadlines.answer_due("BY", registered, rules=RULES) == due


def test_unknown_country_has_no_deadline() -> None:
    with pytest.raises(DeadlineError) as refused:
        deadlines.answer_due("KZ", D(2026, 3, 2), rules=RULES)
    assert refused.value.message == deadlines.UNKNOWN_COUNTRY


@pytest.mark.parametrize(("days", "due"), [(1, D(2026, 4, 2)), (15, D(2026, 4, 16)), (30, D(2026, 5, 1))])
def test_russia_extends_once_by_up_to_30_days(days: int, due: datetime.date) -> None:
    registered = D(2026, 3, 2)
    current = deadlines.answer_due("RU", registered, rules=RULES)
    assert (
        deadlines.extended_due("RU", registered, current, already_extended=False, days=days, rules=RULES)
        == due
    )


@pytest.mark.parametrize("days", [None, 0, -3, 31, 60])
def test_russia_refuses_an_extension_outside_1_to_30_days(days: int | None) -> None:
    with pytest.raises(DeadlineError) as refused:
        deadlines.extended_due(
            "RU", D(2026, 3, 2), D(2026, 4, 1), already_extended=False, days=days, rules=RULES
        )
    assert refused.value.message == deadlines.EXTENSION_TOO_LONG
    assert "30" in refused.value.text()


def test_a_second_extension_is_refused_in_both_countries() -> None:
    for country in ("RU", "BY"):
        with pytest.raises(DeadlineError) as refused:
            deadlines.extended_due(
                country, D(2026, 3, 2), D(2026, 5, 1), already_extended=True, days=5, rules=RULES
            )
        assert refused.value.message == deadlines.ALREADY_EXTENDED


@pytest.mark.parametrize(
    ("registered", "due"),
    [
        (D(2026, 3, 2), D(2026, 4, 2)),
        (D(2026, 1, 31), D(2026, 2, 28)),  # the month's last day where it is shorter
        (D(2028, 1, 31), D(2028, 2, 29)),  # leap year
        (D(2026, 12, 20), D(2027, 1, 20)),
    ],
)
def test_belarus_further_study_gives_one_calendar_month_from_registration(
    registered: datetime.date, due: datetime.date
) -> None:
    current = deadlines.answer_due("BY", registered, rules=RULES)
    assert deadlines.extended_due("BY", registered, current, already_extended=False, rules=RULES) == due


def test_belarus_further_study_ignores_a_number_of_days() -> None:
    registered = D(2026, 3, 2)
    due = deadlines.extended_due(
        "BY", registered, D(2026, 3, 17), already_extended=False, days=99, rules=RULES
    )
    assert due == D(2026, 4, 2)


def test_belarus_further_study_must_move_the_deadline_later() -> None:
    # 15 days is longer than "one month" from 14 February only if the month were shorter: make it so.
    rules = {"BY": {"days": 40, "study_months": 1}}
    with pytest.raises(DeadlineError) as refused:
        deadlines.extended_due("BY", D(2026, 2, 14), D(2026, 3, 26), already_extended=False, rules=rules)
    assert refused.value.message == deadlines.EXTENSION_NOT_LATER


def test_a_country_without_an_extension_rule_refuses_it() -> None:
    rules = {"RU": {"days": 30}}
    with pytest.raises(DeadlineError) as refused:
        deadlines.extended_due(
            "RU", D(2026, 3, 2), D(2026, 4, 1), already_extended=False, days=5, rules=rules
        )
    assert refused.value.message == deadlines.NO_EXTENSION


def test_rules_come_from_settings_merged_over_the_defaults(settings: object) -> None:
    settings.MOSTY_INITIATIVE_DEADLINES = {"RU": {"days": 20}}  # type: ignore[attr-defined]
    assert deadlines.answer_due("RU", D(2026, 3, 2)) == D(2026, 3, 22)
    assert deadlines.max_extension_days("RU") == 30
    assert deadlines.answer_due("BY", D(2026, 3, 2)) == D(2026, 3, 17)


def test_on_time_includes_the_due_day() -> None:
    assert deadlines.answered_on_time(D(2026, 4, 1), D(2026, 4, 1)) is True
    assert deadlines.answered_on_time(D(2026, 4, 1), D(2026, 4, 2)) is False
    assert deadlines.answered_on_time(D(2026, 4, 1), None) is None

"""Scorecard arithmetic on a known data set, the expected figures worked out by hand."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest

from mosty import factories
from mosty.commitments import selectors
from mosty.commitments.models import Commitment, Status
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

D = decimal.Decimal
day = datetime.date


@pytest.fixture
def data_set(organisation: Organisation, region_ru: Region, region_by: Region) -> None:
    org = {"responsible_organisation": organisation}
    ru = {"responsible_organisation": None, "responsible_region": region_ru}
    by = {"responsible_organisation": None, "responsible_region": region_by}
    make = factories.CommitmentFactory
    # 1. done on time; measured: min(10, 10) / 10 × weight 2 = 2
    make(**org, status=Status.DONE, deadline=day(2026, 6, 30), completed_on=day(2026, 6, 1),
         planned_value=D(10), actual_value=D(10), weight=2)  # fmt: skip
    # 2. done late; more than planned counts as planned: min(120, 100) / 100 × 1 = 1
    make(**org, status=Status.DONE, deadline=day(2026, 3, 31), completed_on=day(2026, 4, 15),
         planned_value=D(100), actual_value=D(120))  # fmt: skip
    # 3. overdue; 10 / 50 × 1 = 0.2
    make(**org, status=Status.OVERDUE, deadline=day(2026, 1, 31), planned_value=D(50), actual_value=D(10))
    # 4. in progress; 1 / 4 × 3 = 0.75
    make(**by, status=Status.IN_PROGRESS, planned_value=D(4), actual_value=D(1), weight=3)
    # 5. planned, no indicator: not measured
    make(**by, status=Status.PLANNED)
    # 6. cancelled: left out of the indicator share even with a plan
    make(**ru, status=Status.CANCELLED, planned_value=D(10), actual_value=D(0), weight=5)
    # 7. done, no deadline: on time; no indicator
    make(**by, status=Status.DONE, completed_on=day(2026, 5, 1))
    # 8. planned with a plan and nothing achieved yet: 0 / 20 × 1 = 0
    make(**by, status=Status.PLANNED, planned_value=D(20))


@pytest.mark.usefixtures("data_set")
def test_scorecard_counts_and_share_of_planned_indicators(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        card = selectors.scorecard(Commitment.objects.all())
    assert (card.total, card.done_on_time, card.done_late, card.done) == (8, 2, 1, 3)
    assert (card.overdue, card.in_progress, card.planned, card.cancelled) == (1, 1, 2, 1)
    # (2 + 1 + 0.2 + 0.75 + 0) / (2 + 1 + 1 + 3 + 1) = 3.95 / 8
    assert card.achieved_share == pytest.approx(0.49375)
    assert card.achieved_percent == 49


@pytest.mark.usefixtures("data_set")
def test_scorecards_by_region_take_the_organisations_region(
    region_ru: Region, region_by: Region, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        cards = selectors.scorecards_by("region", Commitment.objects.all())
    assert set(cards) == {region_ru.pk, region_by.pk}
    ru, by = cards[region_ru.pk], cards[region_by.pk]
    assert (ru.total, ru.done_on_time, ru.done_late, ru.overdue, ru.cancelled) == (4, 1, 1, 1, 1)
    assert ru.achieved_share == pytest.approx(3.2 / 4)  # (2 + 1 + 0.2) / (2 + 1 + 1)
    assert (by.total, by.done_on_time, by.in_progress, by.planned) == (4, 1, 1, 2)
    assert by.achieved_share == pytest.approx(0.75 / 4)  # (0.75 + 0) / (3 + 1)


@pytest.mark.usefixtures("data_set")
def test_scorecards_by_organisation(organisation: Organisation) -> None:
    cards = selectors.scorecards_by("organisation", Commitment.objects.all())
    assert cards[organisation.pk].total == 3
    assert cards[None].total == 5


def test_scorecard_of_nothing_is_zero_with_no_share(db: None) -> None:
    card = selectors.scorecard(Commitment.objects.none())
    assert card.total == 0
    assert card.achieved_share is None

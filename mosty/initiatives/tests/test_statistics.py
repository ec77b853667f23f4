"""Answer statistics on a known data set, as of a fixed day: every figure, on the page, in CSV and the API."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.initiatives import statistics
from mosty.initiatives.models import InitiativeStatus
from mosty.initiatives.tests.factories import InitiativeFactory
from mosty.organisations.models import Organisation

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 6, 1)


@pytest.fixture
def known(region_ru: Any, region_by: Any) -> dict[str, Organisation]:
    """Smolensk administration (RU, 30 days): 5 received — 2 on time (10 and 30 days: the due day
    counts), 1 late (40 days), 1 overdue (due 20 May, unanswered), 1 still within the deadline.
    Vitebsk executive committee (BY, 15 days): 2 received — 1 on time (5 days), 1 late (20 days).
    A body with nothing forwarded does not appear."""
    smolensk = factories.OrganisationFactory.create(
        region=region_ru, name_ru="Администрация Смоленской области", name_en="Smolensk Oblast Administration"
    )
    vitebsk = factories.OrganisationFactory.create(
        region=region_by, name_ru="Витебский облисполком", name_en="Vitebsk Regional Executive Committee"
    )
    factories.OrganisationFactory.create(region=region_ru, name_ru="Без обращений")

    def forwarded(
        body: Organisation, registered: datetime.date, days: int, answered_after: int | None
    ) -> None:
        InitiativeFactory.create(
            status=InitiativeStatus.FORWARDED if answered_after is None else InitiativeStatus.PUBLISHED,
            body=body,
            forwarded_on=registered,
            answer_due=registered + datetime.timedelta(days=days),
            answered_on=None
            if answered_after is None
            else registered + datetime.timedelta(days=answered_after),
        )

    forwarded(smolensk, D(2026, 3, 1), 30, 10)
    forwarded(smolensk, D(2026, 3, 1), 30, 30)
    forwarded(smolensk, D(2026, 3, 1), 30, 40)
    forwarded(smolensk, D(2026, 4, 20), 30, None)  # due 20 May: overdue on 1 June
    forwarded(smolensk, D(2026, 5, 25), 30, None)  # due 24 June: pending
    forwarded(vitebsk, D(2026, 4, 1), 15, 5)
    forwarded(vitebsk, D(2026, 4, 1), 15, 20)
    InitiativeFactory.create(status=InitiativeStatus.COLLECTING)  # not forwarded: not counted
    return {"smolensk": smolensk, "vitebsk": vitebsk}


def test_every_figure_per_body(known: dict[str, Organisation]) -> None:
    rows = {item.key: item for item in statistics.by_body(today=TODAY)}
    assert set(rows) == {known["smolensk"].pk, known["vitebsk"].pk}
    smolensk, vitebsk = rows[known["smolensk"].pk], rows[known["vitebsk"].pk]
    assert (smolensk.received, smolensk.on_time, smolensk.late, smolensk.overdue, smolensk.pending) == (
        5,
        2,
        1,
        1,
        1,
    )
    assert smolensk.median_days == 30.0
    assert (vitebsk.received, vitebsk.on_time, vitebsk.late, vitebsk.overdue) == (2, 1, 1, 0)
    assert vitebsk.median_days == 12.5
    assert smolensk.on_time_percent == 40 and vitebsk.on_time_percent == 50


def test_the_ranking_puts_the_best_answerer_first_and_sorts_by_any_column(
    known: dict[str, Organisation],
) -> None:
    assert [item.key for item in statistics.by_body(today=TODAY)] == [
        known["vitebsk"].pk,
        known["smolensk"].pk,
    ]
    assert [item.received for item in statistics.by_body(today=TODAY, sort="-received")] == [5, 2]
    assert [item.median_days for item in statistics.by_body(today=TODAY, sort="median_days")] == [12.5, 30.0]


def test_every_figure_per_region(known: dict[str, Organisation], region_ru: Any, region_by: Any) -> None:
    rows = {item.key: item for item in statistics.by_region(today=TODAY)}
    assert (rows[region_ru.pk].received, rows[region_ru.pk].overdue) == (5, 1)
    assert (rows[region_by.pk].on_time, rows[region_by.pk].late) == (1, 1)


def test_an_answer_today_or_a_deadline_today_is_not_overdue(known: dict[str, Organisation]) -> None:
    rows = {item.key: item for item in statistics.by_body(today=D(2026, 5, 20))}
    assert rows[known["smolensk"].pk].overdue == 0
    rows = {item.key: item for item in statistics.by_body(today=D(2026, 5, 21))}
    assert rows[known["smolensk"].pk].overdue == 1


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_page_csv_and_api_show_the_same_figures(known: dict[str, Organisation], region_ru: Any) -> None:
    client = Client()
    client.cookies["mosty_language"] = "en"
    page = client.get(reverse("initiatives:statistics"))
    assert page.status_code == 200
    items = page.context["items"]
    assert [(item.received, item.on_time, item.late, item.overdue) for item in items] == [
        (2, 1, 1, 0),
        (5, 2, 1, 1),
    ]
    csv = client.get(reverse("initiatives:statistics_csv")).content.decode("utf-8-sig").splitlines()
    assert (
        csv[0]
        == "name,region,received,answered_on_time,answered_late,overdue_without_answer,median_days_to_answer"
    )
    assert csv[2] == "Smolensk Oblast Administration,Smolensk Oblast,5,2,1,1,30.0"
    by_region = client.get(reverse("initiatives:statistics"), {"per": "region"})
    assert len(by_region.context["items"]) == 2
    api = client.get("/api/v1/answer-statistics").json()
    smolensk = next(row for row in api if row["id"] == known["smolensk"].pk)
    assert smolensk == {
        "id": known["smolensk"].pk,
        "name": "Smolensk Oblast Administration",
        "region": "RU-SMO",
        "received": 5,
        "answered_on_time": 2,
        "answered_late": 1,
        "overdue_without_answer": 1,
        "median_days_to_answer": 30.0,
    }
    regions = client.get("/api/v1/answer-statistics", {"per": "region"}).json()
    assert {row["region"] for row in regions} == {"RU-SMO", "BY-VI"}

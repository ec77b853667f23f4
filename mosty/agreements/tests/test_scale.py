"""The agreement list costs the same number of queries for 10 agreements as for 10,000: progress is
computed in the rows' query, parties and sectors are prefetched, totals are one grouped query."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mosty import factories
from mosty.agreements.models import Agreement, AgreementParty
from mosty.commitments.models import Commitment, Status
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2025, 6, 26)
DEADLINE = datetime.date(2026, 1, 31)

# The filter form's choices (countries, regions, forums, sectors), the count, the amounts per currency
# and their rates, the rows with their progress, parties, sectors. The session is not read.
LIST_QUERIES = 10


def _bulk(count: int, region_ru: Region, region_by: Region) -> None:
    """`count` agreements, every third with an amount, each with two parties and three commitments
    (done on time, done late, overdue), written in bulk: 10,000 take a few seconds on SQLite."""
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                title=f"Соглашение о сотрудничестве № {n}",
                number=str(n),
                kind="regions",
                status="in_force",
                signed_on=SIGNED - datetime.timedelta(days=n % 700),
                amount=Decimal(1000 + n) if n % 3 == 0 else None,
                currency=("BYN", "RUB", "USD")[n % 9 // 3] if n % 3 == 0 else "",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    AgreementParty.objects.bulk_create(
        [
            AgreementParty(agreement=agreement, region=region, order=order)
            for agreement in agreements
            for order, region in enumerate((region_ru, region_by))
        ],
        batch_size=4000,
    )
    commitments = []
    for agreement in agreements:
        for status, completed_on in (
            (Status.DONE, DEADLINE - datetime.timedelta(days=5)),
            (Status.DONE, DEADLINE + datetime.timedelta(days=5)),
            (Status.OVERDUE, None),
        ):
            commitments.append(
                Commitment(
                    source_kind="agreement",
                    source_id=agreement.pk,
                    title="Провести совместную выставку-ярмарку",
                    responsible_region=region_ru,
                    deadline=DEADLINE,
                    status=status,
                    completed_on=completed_on,
                )
            )
    Commitment.objects.bulk_create(commitments, batch_size=4000)


def _rates() -> None:
    for currency, rate in (("BYN", "29.5"), ("USD", "101.7")):
        factories.CurrencyRateFactory(
            currency=currency, valid_from=SIGNED.replace(year=2020), rate_to_rub=rate
        )


@pytest.mark.parametrize("count", [10, 10_000])
def test_list_query_count_is_the_same_for_10_and_10000_agreements(
    client: Client, region_ru: Region, region_by: Region, django_assert_num_queries: Any, count: int
) -> None:
    _rates()
    _bulk(count, region_ru, region_by)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("agreements:list"))
    page = response.context["page"]
    assert page.paginator.count == count
    first = page.object_list[0]
    assert first.signed_on == SIGNED  # the latest signed first
    assert (first.commitments_total, first.done_count, first.late_count, first.overdue_count) == (3, 2, 1, 1)
    assert [party.region for party in first.parties.all()] == [region_ru, region_by]

    # Filters and sorts that touch every agreement cost the same too.
    for query in (
        {"region": "BY-VI", "overdue": "on", "sort": "signed"},
        {"country": "RU", "year": "2025", "sort": "title", "page": "2"},
    ):
        with django_assert_num_queries(LIST_QUERIES):
            response = client.get(reverse("agreements:list"), query)
        assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 10_000])
def test_sorting_by_progress_costs_the_same_queries_for_10_and_10000_agreements(
    client: Client, region_ru: Region, region_by: Region, django_assert_num_queries: Any, count: int
) -> None:
    """Sorting by progress computes every agreement's figures before the page is cut, so each figure's
    subquery must be an index search on the agreement's commitments: when the late-count subquery
    filtered on status and deadline, SQLite (no ANALYZE statistics) searched the status index instead
    and the page took 35 s for 10,000 agreements; now a fraction of a second."""
    _rates()
    _bulk(count, region_ru, region_by)

    with CaptureQueriesContext(connection) as queries, django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("agreements:list"), {"sort": "-progress", "region": "RU-SMO"})

    assert response.context["page"].paginator.count == count
    first = response.context["page"].object_list[0]
    assert round(first.progress) == 67  # two of three done
    assert (first.commitments_total, first.done_count, first.late_count, first.overdue_count) == (3, 2, 1, 1)
    # The speed is for the benchmarks; what keeps it is the plan: every per-agreement figure is an index
    # search on the agreement's own commitments, never a scan through the status index.
    (rows_query,) = [
        query["sql"]
        for query in queries.captured_queries
        if "commitments_commitment" in query["sql"] and "LIMIT" in query["sql"]
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + rows_query)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "commitment_source_idx" in plan
            assert "commitment_status_deadline_idx" not in plan

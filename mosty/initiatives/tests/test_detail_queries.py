"""The initiative page reads each of its lists once, whatever the number of supporters."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.initiatives.models import Initiative, InitiativeStatus, Support
from mosty.initiatives.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

DETAIL_QUERIES = 14  # warm caches; the confirmed e-mail asked once for the page and its comments


def _supported(count: int, region: Any) -> Initiative:
    initiative = InitiativeFactory.create(status=InitiativeStatus.COLLECTING, threshold=1000)
    for n in range(count):
        Support.objects.create(
            initiative=initiative, user=factories.UserFactory.create(), region=region, show_name=n % 2 == 0
        )
    return initiative


@pytest.mark.parametrize("count", [2, 20])
def test_the_page_reads_the_named_supporters_once_and_a_fixed_number_of_queries(
    count: int, citizen: User, region_ru: Any
) -> None:
    initiative = _supported(count, region_ru)
    client = Client()
    client.cookies["mosty_language"] = "en"
    client.force_login(citizen)
    url = reverse("initiatives:detail", args=[initiative.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    named = [q for q in sql if 'AND "initiatives_support"."show_name")' in q]
    assert len(named) == 1, named
    assert len([q for q in sql if q.startswith('SELECT "initiatives_initiative"."id"')]) == 1
    assert len(response.context["named_supporters"]) == (count + 1) // 2
    # The session, the user, the initiative with its co-authors, regions and settlements, whether the
    # user supports it, attachments, changes, the breakdown and its regions, the named supporters,
    # the confirmed e-mail (twice: the page and the comments' rule), the comments' counts (no page
    # of comments to read when there is none), the
    # unread notifications, the support form's regions and settlements.
    assert len(sql) == DETAIL_QUERIES, "\n".join(sql)

"""The links from territories and forums to what was agreed: the region page's agreements, the forum
page's link to what became of its agreements, and the header's links."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.agreements.models import Agreement, Visibility
from mosty.commitments.models import Status
from mosty.events.models import EventKind
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    """These tests read the English labels; the Russian ones are pinned by the catalogue tests."""
    english = Client()
    english.cookies["mosty_language"] = "en"
    return english


def agreement_between(
    first: Region, second: Region, title: str, signed_on: datetime.date, **fields: object
) -> Agreement:
    agreement = factories.AgreementFactory(title=title, signed_on=signed_on, **fields)
    factories.AgreementPartyFactory(agreement=agreement, region=first, order=0)
    factories.AgreementPartyFactory(agreement=agreement, region=second, order=1)
    return agreement


def region_page(client: Client, code: str = "RU-SMO") -> str:
    response = client.get(reverse("region_detail", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def test_region_page_lists_the_latest_five_agreements_with_progress_and_links_to_all(
    client: Client, region_ru: Region, region_by: Region
) -> None:
    for month in range(1, 8):
        agreement_between(region_ru, region_by, f"Соглашение № {month}", datetime.date(2025, month, 1))
    latest = Agreement.objects.get(title="Соглашение № 7")
    factories.CommitmentFactory(
        source_id=latest.pk, status=Status.DONE, completed_on=datetime.date(2025, 9, 1)
    )
    factories.CommitmentFactory(source_id=latest.pk)
    factories.CommitmentFactory(
        source_id=latest.pk, status=Status.OVERDUE, deadline=datetime.date(2025, 8, 1)
    )

    page = region_page(client)

    section = page.split('id="agreements-heading"')[1].split("</section>")[0]
    assert [f"Соглашение № {n}" in section for n in range(1, 8)] == [
        False,
        False,
        True,
        True,
        True,
        True,
        True,
    ]
    assert section.index("Соглашение № 7") < section.index("Соглашение № 3")
    assert "33%" in section  # one of three commitments done
    assert "1 overdue" in section
    assert f'href="{reverse("agreements:list")}?region=RU-SMO"' in section
    assert "All 7 agreements of the region" in section


def test_region_page_shows_a_restricted_agreement_only_to_those_who_may_see_it(
    client: Client, region_ru: Region, region_by: Region, coordinator: User, no_staff_mfa: None
) -> None:
    agreement_between(region_ru, region_by, "Открытое соглашение", datetime.date(2025, 1, 1))
    agreement_between(
        region_ru,
        region_by,
        "Закрытая программа поставок",
        datetime.date(2025, 2, 1),
        visibility=Visibility.RESTRICTED,
    )
    outsider = factories.UserFactory(role=Role.COORDINATOR, region=factories.RegionFactory(code="RU-PSK"))

    assert "Закрытая программа поставок" not in region_page(client)
    client.force_login(outsider)
    assert "Закрытая программа поставок" not in region_page(client)
    client.force_login(coordinator)
    page = region_page(client)

    assert "Закрытая программа поставок" in page and "Открытое соглашение" in page
    assert "All 2 agreements of the region" in page


def test_region_page_says_when_no_agreement_is_recorded(client: Client, region_ru: Region) -> None:
    assert "No agreement of this region is recorded yet." in region_page(client)


@pytest.mark.parametrize("rows", [3, 30])
def test_region_page_costs_the_same_queries_for_3_or_30_agreements(
    client: Client, region_ru: Region, region_by: Region, rows: int
) -> None:
    region_page(client)  # warm the per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as empty:
        region_page(client)
    for number in range(rows):
        agreement = agreement_between(region_ru, region_by, f"Соглашение {number}", datetime.date(2025, 1, 1))
        factories.CommitmentFactory(source_id=agreement.pk)

    with CaptureQueriesContext(connection) as full:
        region_page(client)

    assert len(full.captured_queries) == len(empty.captured_queries)


def test_forum_page_links_to_what_became_of_its_agreements(client: Client) -> None:
    forum = factories.EventFactory(kind=EventKind.FORUM, forum_number=11, year=2024)
    round_table = factories.EventFactory(kind=EventKind.ROUND_TABLE)

    forum_page = client.get(reverse("events:detail", args=[forum.pk])).content.decode()
    other_page = client.get(reverse("events:detail", args=[round_table.pk])).content.decode()

    href = reverse("agreements:forum", args=[forum.pk])
    link = f'<a href="{href}">What became of the agreements signed here</a>'
    assert link in forum_page
    assert "What became of the agreements" not in other_page


def test_header_links_to_agreements_projects_and_scorecards(client: Client) -> None:
    page = client.get(reverse("agreements:list")).content.decode()

    nav = page.split('class="main-nav"')[1].split("</nav>")[0]
    assert f'<a href="{reverse("agreements:list")}" aria-current="page">Agreements</a>' in nav
    assert f'<a href="{reverse("projects:list")}">Projects</a>' in nav
    assert f'<a href="{reverse("scorecards:index")}">Scorecards</a>' in nav

"""Scorecard arithmetic on a data set written by hand, who sees what, and the same figures on the
page, in the API and in the exports."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from mosty import factories
from mosty.accounts.models import User
from mosty.accounts.tokens import api_token_create
from mosty.agreements.models import Agreement, AgreementStatus, Visibility
from mosty.commitments.models import Commitment, Status
from mosty.events.models import Event, EventKind
from mosty.organisations.models import Organisation
from mosty.scorecards.selectors import Row, scorecard_table
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2025, 12, 31)


@dataclass
class World:
    smolensk: Region
    vitebsk: Region
    kaluga: Region
    plant: Organisation  # in Vitebsk region
    town: Settlement  # in Vitebsk region
    forum: Event
    section: Sector
    public_a: Agreement
    public_b: Agreement
    restricted: Agreement


def _commitment(agreement: Agreement, status: str, **fields: Any) -> Commitment:
    fields.setdefault("responsible_organisation", None)
    fields.setdefault("deadline", DEADLINE)
    if status == Status.DONE:
        fields.setdefault("completed_on", datetime.date(2025, 12, 1))
    commitment = factories.CommitmentFactory(
        source_kind="agreement",
        source_id=agreement.pk,
        status=status,
        is_public=agreement.visibility == Visibility.PUBLIC,
        **fields,
    )
    return commitment


@pytest.fixture
def world(region_ru: Region, region_by: Region) -> World:
    """Two public agreements and a restricted one; see each test for the expected figures.

    A (public, at the forum, sector C and its division 10): Smolensk region ↔ the Vitebsk plant
      c1 done on time, planned 10 actual 10 (plant responsible)
      c2 done late, planned 10 actual 5 (Smolensk responsible, plant co-executes)
      c3 overdue (Smolensk)
      c4 cancelled (plant) — never counted
    B (public): Smolensk region ↔ a Vitebsk town
      c5 in progress, planned 4 actual 1, weight 2 (Smolensk)
      c6 planned (Vitebsk region)
    R (restricted, at the forum): Kaluga region ↔ Vitebsk region
      c7 done on time (Kaluga), c8 overdue (Vitebsk)
    """
    kaluga = factories.RegionFactory(code="RU-KLU", name_ru="Калужская область", name_en="Kaluga Oblast")
    plant = factories.OrganisationFactory(
        region=region_by, name_ru="Витебский завод", name_en="Vitebsk plant"
    )
    town = factories.SettlementFactory(region=region_by, name_ru="Орша", name_en="Orsha")
    forum = factories.EventFactory(
        kind=EventKind.FORUM,
        title_ru="XII Форум регионов",
        title_be="XII Форум рэгіёнаў",
        title_en="XII Forum",
    )
    section = factories.SectorFactory(
        code="C", name_ru="Обрабатывающие производства", name_en="Manufacturing"
    )
    division = factories.SectorFactory(code="10", parent=section, name_en="Food products")

    public_a = factories.AgreementFactory(event=forum, title="A")
    public_a.sectors.set([section, division])
    factories.AgreementPartyFactory(agreement=public_a, region=region_ru)
    factories.AgreementPartyFactory(agreement=public_a, region=None, organisation=plant)
    public_b = factories.AgreementFactory(title="B")
    factories.AgreementPartyFactory(agreement=public_b, region=region_ru)
    factories.AgreementPartyFactory(agreement=public_b, region=None, settlement=town)
    restricted = factories.AgreementFactory(event=forum, title="R", visibility=Visibility.RESTRICTED)
    factories.AgreementPartyFactory(agreement=restricted, region=kaluga)
    factories.AgreementPartyFactory(agreement=restricted, region=region_by)

    _commitment(
        public_a, Status.DONE, responsible_organisation=plant, planned_value=Decimal(10), actual_value=10
    )
    late = _commitment(
        public_a,
        Status.DONE,
        responsible_region=region_ru,
        planned_value=Decimal(10),
        actual_value=Decimal(5),
        completed_on=datetime.date(2026, 1, 15),
    )
    late.co_executors.set([plant])
    _commitment(public_a, Status.OVERDUE, responsible_region=region_ru)
    _commitment(public_a, Status.CANCELLED, responsible_organisation=plant, planned_value=Decimal(100))
    _commitment(
        public_b,
        Status.IN_PROGRESS,
        responsible_region=region_ru,
        planned_value=Decimal(4),
        actual_value=Decimal(1),
        weight=2,
    )
    _commitment(public_b, Status.PLANNED, responsible_region=region_by)
    for status, region in ((Status.DONE, kaluga), (Status.OVERDUE, region_by)):
        hidden = _commitment(restricted, status, responsible_region=region)
        hidden.audience_regions.set([kaluga, region_by])
    return World(region_ru, region_by, kaluga, plant, town, forum, section, public_a, public_b, restricted)


def _figures(row: Row) -> tuple[int, ...]:
    return (
        row.agreements,
        row.commitments,
        row.done_on_time,
        row.done_late,
        row.overdue,
        row.in_progress,
        row.planned,
        -1 if row.indicator_share is None else row.indicator_share,
    )


def _by_key(rows: list[Row]) -> dict[Any, tuple[int, ...]]:
    return {row.key: _figures(row) for row in rows}


def test_region_counts_every_agreement_it_is_a_party_to_through_itself_a_town_or_an_organisation(
    world: World,
) -> None:
    rows = _by_key(scorecard_table(AnonymousUser(), "region"))

    # agreements, commitments, on time, late, overdue, in progress, planned, indicators %:
    # (10/10·1 + 5/10·1 + 1/4·2) / (1 + 1 + 2) = 50 %
    assert rows == {"RU-SMO": (2, 5, 1, 1, 1, 1, 1, 50), "BY-VI": (2, 5, 1, 1, 1, 1, 1, 50)}


def test_restricted_agreements_count_for_the_commission_and_not_for_anonymous_readers(
    world: World, commission_member: User
) -> None:
    rows = _by_key(scorecard_table(commission_member, "region"))

    assert rows["RU-KLU"] == (1, 2, 1, 0, 1, 0, 0, -1)
    assert rows["BY-VI"] == (3, 7, 2, 1, 2, 1, 1, 50)
    assert rows["RU-SMO"] == (2, 5, 1, 1, 1, 1, 1, 50)


def test_a_coordinator_of_a_party_region_sees_the_restricted_agreement_and_an_outsider_does_not(
    world: World, coordinator: User, citizen: User
) -> None:
    kaluga_coordinator = factories.UserFactory(role="coordinator", region=world.kaluga)

    assert "RU-KLU" in _by_key(scorecard_table(kaluga_coordinator, "region"))
    assert "RU-KLU" not in _by_key(scorecard_table(coordinator, "region"))
    assert "RU-KLU" not in _by_key(scorecard_table(citizen, "region"))


def test_organisation_counts_commitments_it_is_responsible_for_or_co_executes(world: World) -> None:
    rows = _by_key(scorecard_table(AnonymousUser(), "organisation"))

    # A party to A; responsible for c1 (c4 is cancelled), co-executes c2: (1 + 0.5) / 2 = 75 %.
    assert rows == {world.plant.pk: (1, 2, 1, 1, 0, 0, 0, 75)}


def test_an_organisation_responsible_for_and_co_executing_a_commitment_counts_it_once(world: World) -> None:
    commitment = Commitment.objects.get(status=Status.DONE, responsible_organisation=world.plant)
    commitment.co_executors.add(world.plant)

    assert _by_key(scorecard_table(AnonymousUser(), "organisation"))[world.plant.pk][1] == 2


def test_organisation_counts_commitments_it_answers_for_on_the_other_side(world: World) -> None:
    _commitment(
        world.public_b,
        Status.OVERDUE,
        responsible_region=world.smolensk,
        counterpart_organisation=world.plant,
    )

    rows = _by_key(scorecard_table(AnonymousUser(), "organisation"))

    # c1 and c2 as before, and the overdue commitment where the plant acts for the other side.
    assert rows == {world.plant.pk: (1, 3, 1, 1, 1, 0, 0, 75)}


def test_settlement_forum_and_sector_figures(world: World, commission_member: User) -> None:
    anonymous = AnonymousUser()

    assert _by_key(scorecard_table(anonymous, "settlement")) == {world.town.pk: (1, 2, 0, 0, 0, 1, 1, 25)}
    assert _by_key(scorecard_table(anonymous, "forum")) == {world.forum.pk: (1, 3, 1, 1, 1, 0, 0, 75)}
    assert _by_key(scorecard_table(commission_member, "forum")) == {world.forum.pk: (2, 5, 2, 1, 2, 0, 0, 75)}
    # Tagged with the section and one of its divisions, A counts once for the section.
    assert _by_key(scorecard_table(anonymous, "sector")) == {"C": (1, 3, 1, 1, 1, 0, 0, 75)}


def test_rows_sort_by_any_column(world: World, commission_member: User) -> None:
    by_overdue = scorecard_table(commission_member, "region", sort="-overdue")
    by_name = scorecard_table(commission_member, "region", sort="name")

    assert by_overdue[0].key == "BY-VI"
    assert [row.name for row in by_name] == sorted(row.name for row in by_name)


def test_page_api_csv_and_xlsx_show_the_same_figures(world: World, client: Client) -> None:
    client.cookies["mosty_language"] = "en"
    html = re.sub(r">\s+<", "><", client.get(reverse("scorecards:index"), {"by": "forum"}).content.decode())
    api = client.get("/api/v1/scorecards", {"by": "forum"}).json()
    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("scorecards:export", args=["csv"]), {"by": "forum"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("scorecards:export", args=["xlsx"]), {"by": "forum"}).content)
    )
    xlsx_rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]  # type: ignore[union-attr]

    figures = [1, 3, 1, 1, 1, 0, 0, 75]
    assert api == {
        "items": [
            {
                "key": world.forum.pk,
                "names": {"ru": "XII Форум регионов", "be": "XII Форум рэгіёнаў", "en": "XII Forum"},
                "agreements": 1,
                "commitments": 3,
                "done_on_time": 1,
                "done_late": 1,
                "overdue": 1,
                "in_progress": 0,
                "planned": 0,
                "indicator_share": 75,
            }
        ],
        "count": 1,
    }
    assert csv_rows[0] == [
        "Id", "Name", "Agreements", "Commitments", "Done on time", "Done late", "Overdue",
        "In progress", "Not started", "Planned indicators achieved, %",
    ]  # fmt: skip
    assert csv_rows[1] == [str(world.forum.pk), "XII Forum", *map(str, figures)]
    assert xlsx_rows[1] == [world.forum.pk, "XII Forum", *figures]
    cells = "".join(f"<td>{value}</td>" for value in figures[:4])
    assert f'<a href="/scorecards/forums/{world.forum.pk}/">XII Forum</a></th>' in html
    assert cells + '<td><span class="badge badge-warn">1</span></td><td>0</td><td>0</td><td>75%</td>' in html


def test_a_token_shows_the_api_what_its_user_may_see(
    world: World, client: Client, commission_member: User, no_staff_mfa: None
) -> None:
    _token, secret = api_token_create(actor=commission_member, user=commission_member, name="reports")

    anonymous = client.get("/api/v1/scorecards", {"by": "region"}).json()
    with_token = client.get(
        "/api/v1/scorecards", {"by": "region"}, headers={"Authorization": f"Bearer {secret}"}
    ).json()

    assert {item["key"] for item in anonymous["items"]} == {"RU-SMO", "BY-VI"}
    assert {item["key"] for item in with_token["items"]} == {"RU-SMO", "BY-VI", "RU-KLU"}


def test_headings_follow_the_readers_language(world: World, client: Client) -> None:
    client.cookies["mosty_language"] = "ru"
    content = client.get(reverse("scorecards:export", args=["csv"]), {"by": "region"}).content.decode(
        "utf-8-sig"
    )

    assert content.splitlines()[0].startswith("Код,")


def test_detail_pages_show_one_keys_figures_and_link_to_its_agreements(world: World, client: Client) -> None:
    client.cookies["mosty_language"] = "en"
    region = client.get(reverse("scorecards:region", args=["ru-smo"])).content.decode()
    forum = client.get(reverse("scorecards:forum", args=[world.forum.pk])).content.decode()
    sector = client.get(reverse("scorecards:sector", args=["C"])).content.decode()

    assert "<h1>Scorecard: Smolensk Oblast</h1>" in region
    assert '<span class="value">5</span> commitments' in region
    assert f'href="{reverse("agreements:list")}?region=RU-SMO"' in region
    assert '<span class="value">75%</span>' in forum
    assert f'href="{reverse("agreements:forum", args=[world.forum.pk])}"' in forum
    assert '<span class="value">3</span> commitments' in sector
    assert client.get(reverse("scorecards:region", args=["XX-NONE"])).status_code == 404
    assert client.get(reverse("scorecards:export", args=["pdf"])).status_code == 404


def test_a_key_with_nothing_visible_says_so(world: World, client: Client) -> None:
    client.cookies["mosty_language"] = "en"

    html = client.get(reverse("scorecards:region", args=["RU-KLU"])).content.decode()

    assert "No agreements you may see are recorded for it yet." in html


def _agreements(count: int) -> None:
    forum = factories.EventFactory(kind=EventKind.FORUM)
    for index in range(count):
        agreement = factories.AgreementFactory(event=forum, status=AgreementStatus.SIGNED)
        factories.AgreementPartyFactory(agreement=agreement)
        factories.AgreementPartyFactory(
            agreement=agreement, region=None, organisation=factories.OrganisationFactory()
        )
        factories.AgreementPartyFactory(
            agreement=agreement, region=None, settlement=factories.SettlementFactory()
        )
        agreement.sectors.set([factories.SectorFactory(code=f"S{index}")])
        _commitment(
            agreement,
            Status.IN_PROGRESS,
            responsible_region=None,
            responsible_organisation=factories.OrganisationFactory(),
        )


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("kind", ["region", "settlement", "organisation", "forum", "sector"])
def test_index_costs_the_same_queries_for_3_and_30_agreements(
    client: Client, django_assert_num_queries: Any, count: int, kind: str
) -> None:
    _agreements(count)

    # The rows' agreements, the commitments' sums (two for organisations), the keys' names.
    with django_assert_num_queries(4 if kind == "organisation" else 3):
        response = client.get(reverse("scorecards:index"), {"by": kind, "sort": "-commitments"})

    assert response.context["page"].paginator.count >= (1 if kind == "forum" else count)

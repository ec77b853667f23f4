"""Agreements with parties on both sides, their action plans as commitments, and progress reports.

The invariants of the services hold: every agreement has a party in each country; a commitment's
counterpart is in the other country; a restricted agreement's commitments are not public and are
visible to its parties (as `sync_commitment_audience` sets them); a commitment's status and actual value
follow its reports as `report_accept` and the daily deadline check would have left them.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mosty.accounts.models import User
from mosty.agreements.models import SOURCE_KIND, Agreement, AgreementKind, AgreementParty, AgreementStatus
from mosty.agreements.models import Visibility as AgreementVisibility
from mosty.commitments.models import Commitment, ProgressReport, ReportEvery, Status
from mosty.organisations.models import Organisation
from mosty.scale import text
from mosty.scale.engine import Context, split, step
from mosty.scale.steps.accounts import REPRESENTATIVE_SHARE

STATUS_WEIGHTS = {
    AgreementStatus.DRAFT: 5,
    AgreementStatus.SIGNED: 10,
    AgreementStatus.IN_FORCE: 55,
    AgreementStatus.COMPLETED: 15,
    AgreementStatus.EXPIRED: 10,
    AgreementStatus.TERMINATED: 5,
}
KIND_WEIGHTS = {
    AgreementKind.BETWEEN_REGIONS: 15,
    AgreementKind.BETWEEN_MUNICIPALITIES: 20,
    AgreementKind.BETWEEN_ORGANISATIONS: 30,
    AgreementKind.TRADE_CONTRACT: 15,
    AgreementKind.MEMORANDUM: 10,
    AgreementKind.ACTION_PLAN: 10,
}
Review = ProgressReport.ReviewStatus


@dataclass
class Party:
    """One party as the agreement row and the commitments need it."""

    region_id: int | None = None
    settlement_id: int | None = None
    organisation_id: int | None = None
    name: str = ""
    area_region_id: int = 0  # the region it belongs to
    city: str = ""


def load_organisations(ctx: Context) -> dict[str, list[tuple[int, int, str, str]]]:
    """Seeded organisations by country: (id, region id, name, town)."""
    ids = ctx.ids(Organisation)
    rows = Organisation.objects.filter(pk__gte=ids.start, pk__lt=ids.stop).order_by("pk")
    by_country: dict[str, list[tuple[int, int, str, str]]] = {"RU": [], "BY": []}
    for pk, region_id, name, town in rows.values_list("pk", "region_id", "name_ru", "settlement__name_ru"):
        by_country[ctx.ref.region_country[region_id]].append((pk, region_id, name, town or ""))
    return by_country


def pick_party(
    ctx: Context, rng: random.Random, kind: str, country: str, orgs: dict[str, list[Any]]
) -> Party:
    if kind == AgreementKind.BETWEEN_REGIONS or (kind == AgreementKind.ACTION_PLAN and rng.random() < 0.5):
        region = rng.choice(ctx.ref.regions[country])
        name = ctx.ref.region_names[region]
        return Party(region_id=region, name=name, area_region_id=region, city=name)
    if kind == AgreementKind.BETWEEN_MUNICIPALITIES or not orgs[country]:
        place = ctx.ref.place(rng, country)
        return Party(
            settlement_id=place.settlement_id,
            name=f"г. {place.name}",
            area_region_id=place.region_id,
            city=place.name,
        )
    pk, region_id, name, town = rng.choice(orgs[country])
    return Party(organisation_id=pk, name=name, area_region_id=region_id, city=town)


def dates(rng: random.Random, status: str, today: datetime.date) -> tuple[Any, ...]:
    """signed_on, valid_from, valid_to for an agreement in this status."""
    if status == AgreementStatus.DRAFT:
        return None, None, None
    signed = today - datetime.timedelta(days=rng.randint(30, 11 * 365))
    if status == AgreementStatus.SIGNED:
        return signed, None, None
    valid_from = signed + datetime.timedelta(days=rng.randint(0, 30))
    if status == AgreementStatus.EXPIRED:
        return signed, valid_from, max(valid_from, today - datetime.timedelta(days=rng.randint(1, 300)))
    if status == AgreementStatus.IN_FORCE:
        return signed, valid_from, today + datetime.timedelta(days=rng.randint(30, 5 * 365))
    return signed, valid_from, valid_from + datetime.timedelta(days=rng.randint(365, 5 * 365))


@step(
    "agreements",
    requires=[
        "agreements.Agreement",
        "commitments.Commitment",
        "organisations.Organisation",
        "accounts.User",
    ],
)
def agreements(ctx: Context) -> None:
    rng = ctx.rng()
    today = ctx.now.date()
    orgs = load_organisations(ctx)
    users = ctx.ids(User)
    authors = [pk for number, pk in enumerate(users) if number % REPRESENTATIVE_SHARE == 0] or list(users)
    count = ctx.count("agreements", minimum=5)
    ids = ctx.allocate(Agreement, count)
    statuses, status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())

    agreement_rows, party_rows, sector_rows = [], [], []
    plans: list[tuple[int, str, bool, list[Party], list[Party], Any]] = []
    for pk in ids:
        kind = rng.choices(kinds, kind_weights)[0]
        status = rng.choices(statuses, status_weights)[0]
        side_ru = [pick_party(ctx, rng, kind, "RU", orgs) for _ in range(rng.choice((1, 1, 2)))]
        side_by = [pick_party(ctx, rng, kind, "BY", orgs) for _ in range(rng.choice((1, 1, 2)))]
        signed_on, valid_from, valid_to = dates(rng, status, today)
        public = rng.random() >= 0.05
        event = rng.choice(ctx.ref.forums) if ctx.ref.forums and signed_on and rng.random() < 0.1 else None
        amount = Decimal(rng.randint(10, 50_000) * 1000) if rng.random() < 0.3 else None
        title = text.agreement_title(rng, side_ru[0].name, side_by[0].name)[:500]
        agreement_rows.append(
            (
                pk,
                f"{pk}-СГ" if signed_on else "",
                title,
                kind,
                signed_on,
                f"г. {side_ru[0].city}" if signed_on else "",
                event,
                valid_from,
                valid_to,
                amount,
                rng.choice(("RUB", "BYN", "USD")) if amount is not None else "",
                text.agreement_description(rng),
                AgreementVisibility.PUBLIC if public else AgreementVisibility.RESTRICTED,
                status,
                ctx.now,
            )
        )
        for order, party in enumerate([*side_ru, *side_by]):
            position = "Глава администрации" if party.organisation_id is None else "Руководитель"
            party_rows.append(
                (pk, party.region_id, party.settlement_id, party.organisation_id, position, order)
            )
        for sector in rng.sample(ctx.ref.sectors, rng.choice((1, 2))):
            sector_rows.append((pk, sector))
        plans.append((pk, status, public, side_ru, side_by, signed_on))

    columns = ["id", "number", "title", "kind", "signed_on", "place", "event_id", "valid_from", "valid_to"]
    more = ["amount", "currency", "description", "visibility", "status", "created_at"]
    ctx.insert(Agreement, columns + more, agreement_rows)
    party_ids = ctx.allocate(AgreementParty, len(party_rows))
    ctx.insert(
        AgreementParty,
        [
            "id",
            "agreement_id",
            "region_id",
            "settlement_id",
            "organisation_id",
            "signatory_position",
            "order",
        ],
        ((link, *row) for link, row in zip(party_ids, party_rows, strict=True)),
    )
    through = Agreement.sectors.through
    sector_ids = ctx.allocate(through, len(sector_rows))
    ctx.insert(
        through,
        ["id", "agreement_id", "sector_id"],
        ((link, *row) for link, row in zip(sector_ids, sector_rows, strict=True)),
    )
    seed_commitments(ctx, rng, plans, authors, users, today)


def seed_commitments(
    ctx: Context,
    rng: random.Random,
    plans: list[tuple[int, str, bool, list[Party], list[Party], Any]],
    authors: list[int],
    users: range,
    today: datetime.date,
) -> None:
    per_agreement = split(ctx.count("commitments", minimum=len(plans)), len(plans), rng)
    commitment_ids = ctx.allocate(Commitment, sum(per_agreement))
    id_iter = iter(commitment_ids)
    # Reports only for commitments of signed agreements (a draft's plan has not started).
    signed = [
        pk
        for (agreement, status, *_rest), n in zip(plans, per_agreement, strict=True)
        for pk in [next(id_iter) for _ in range(n)]
        if status != AgreementStatus.DRAFT
    ]
    reports_per = dict(zip(signed, split(ctx.count("reports"), len(signed), rng, skew=0.3), strict=True))

    commitment_rows: list[tuple[Any, ...]] = []
    report_rows: list[tuple[Any, ...]] = []
    audience_regions: list[tuple[int, int]] = []
    audience_orgs: list[tuple[int, int]] = []
    id_iter = iter(commitment_ids)
    for (agreement, _status, public, side_ru, side_by, signed_on), n in zip(
        plans, per_agreement, strict=True
    ):
        start = signed_on or today
        for _ in range(n):
            pk = next(id_iter)
            first_side, other_side = (side_ru, side_by) if rng.random() < 0.6 else (side_by, side_ru)
            first = rng.choice(first_side)
            other = rng.choice(other_side) if rng.random() < 0.6 else None
            deadline = start + datetime.timedelta(days=rng.randint(60, 3 * 365))
            planned = None
            unit = ""
            if rng.random() < 0.5:
                unit, low, high = rng.choice(text.INDICATORS)
                planned = Decimal(rng.randint(low, high))
            status, completed_on, actual = plan_reports(
                rng, pk, reports_per.get(pk, 0), start, deadline, planned, today, authors, users, report_rows
            )
            if status in (Status.PLANNED, Status.OVERDUE) and not reports_per.get(pk) and rng.random() < 0.02:
                status = Status.CANCELLED
            scheduled = rng.random() < 0.2
            commitment_rows.append(
                (
                    pk,
                    text.commitment_title(rng, first.city, deadline.year)[:500],
                    first.organisation_id,
                    first.area_region_id if first.organisation_id is None else None,
                    other.organisation_id if other else None,
                    (other.area_region_id if other.organisation_id is None else None) if other else None,
                    deadline,
                    ReportEvery.QUARTER if scheduled else ReportEvery.NONE,
                    deadline - datetime.timedelta(days=45) if scheduled and status in _OPEN else None,
                    unit,
                    planned,
                    actual,
                    rng.choice((1, 1, 1, 2, 3)),
                    status,
                    completed_on,
                    SOURCE_KIND,
                    agreement,
                    public,
                    ctx.now,
                )
            )
            if not public:
                parties = [*side_ru, *side_by]
                for region in sorted({party.area_region_id for party in parties}):
                    audience_regions.append((pk, region))
                for organisation in sorted({p.organisation_id for p in parties if p.organisation_id}):
                    audience_orgs.append((pk, organisation))

    columns = ["id", "title", "responsible_organisation_id", "responsible_region_id"]
    columns += ["counterpart_organisation_id", "counterpart_region_id", "deadline", "report_every"]
    columns += ["next_report_due", "indicator_unit", "planned_value", "actual_value", "weight", "status"]
    columns += ["completed_on", "source_kind", "source_id", "is_public", "created_at"]
    ctx.insert(Commitment, columns, commitment_rows)
    for through, column, rows in (
        (Commitment.audience_regions.through, "region_id", audience_regions),
        (Commitment.audience_organisations.through, "organisation_id", audience_orgs),
    ):
        link_ids = ctx.allocate(through, len(rows))
        ctx.insert(
            through,
            ["id", "commitment_id", column],
            ((link, *row) for link, row in zip(link_ids, rows, strict=True)),
        )
    report_ids = ctx.allocate(ProgressReport, len(report_rows))
    ctx.insert(
        ProgressReport,
        REPORT_COLUMNS,
        ((link, *row) for link, row in zip(report_ids, report_rows, strict=True)),
    )


REPORT_COLUMNS = ["id", "commitment_id", "reported_on", "text", "actual_value", "marks_done", "author_id"]
REPORT_COLUMNS += ["status", "reviewed_by_id", "reviewed_at", "review_comment", "created_at"]
_OPEN = (Status.PLANNED, Status.IN_PROGRESS, Status.OVERDUE)


def plan_reports(
    rng: random.Random,
    commitment: int,
    count: int,
    start: datetime.date,
    deadline: datetime.date,
    planned: Decimal | None,
    today: datetime.date,
    authors: list[int],
    users: range,
    out: list[tuple[Any, ...]],
) -> tuple[str, datetime.date | None, Decimal | None]:
    """Append the commitment's reports to `out`; return its status, completion date and actual value
    as accepting them in order (and the daily deadline check) would have left them."""
    latest = max(start, min(today, deadline + datetime.timedelta(days=90)))
    span = max((latest - start).days, 1)
    days = sorted(rng.randint(0, span) for _ in range(count))
    accepted_value: Decimal | None = None
    done_on: datetime.date | None = None
    any_accepted = False
    author = rng.choice(authors)
    reviewer = rng.choice(users)
    for index, offset in enumerate(days):
        reported_on = min(start + datetime.timedelta(days=offset), today)
        last = index == count - 1
        review = Review.ACCEPTED
        if last:
            review = rng.choices([Review.ACCEPTED, Review.SUBMITTED, Review.RETURNED], [70, 20, 10])[0]
        marks_done = last and review == Review.ACCEPTED and rng.random() < 0.5
        value = None
        if planned is not None:
            value = planned if marks_done else (planned * (index + 1) / (count + 1)).quantize(Decimal("0.01"))
        reviewed_at = None
        if review != Review.SUBMITTED:
            reviewed_at = datetime.datetime.combine(
                reported_on + datetime.timedelta(days=rng.randint(1, 10)),
                datetime.time(12),
                tzinfo=datetime.UTC,
            )
        out.append(
            (
                commitment,
                reported_on,
                text.report_text(rng),
                value,
                marks_done,
                author,
                review,
                reviewer if reviewed_at else None,
                reviewed_at,
                rng.choice(text.RETURN_COMMENTS) if review == Review.RETURNED else "",
                datetime.datetime.combine(reported_on, datetime.time(10), tzinfo=datetime.UTC),
            )
        )
        if review == Review.ACCEPTED:
            any_accepted = True
            if value is not None:
                accepted_value = value
            if marks_done:
                done_on = reported_on
    if done_on is not None:
        return Status.DONE, done_on, accepted_value
    status = Status.IN_PROGRESS if any_accepted else Status.PLANNED
    if deadline < today:
        status = Status.OVERDUE
    return status, None, accepted_value

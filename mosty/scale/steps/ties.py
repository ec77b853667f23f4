"""Twinning ties: partner regions and twin towns, always a Russian side A and a Belarusian side B."""

from __future__ import annotations

import datetime

from mosty.scale import text
from mosty.scale.engine import Context, step
from mosty.ties.models import Tie, TieKind, TieStatus

STATUS_WEIGHTS = {TieStatus.ACTIVE: 85, TieStatus.DORMANT: 10, TieStatus.ENDED: 5}


@step("ties", requires=["ties.Tie"])
def ties(ctx: Context) -> None:
    rng = ctx.rng()
    count = ctx.count("ties", minimum=10)
    # Distinct pairs keep tie_unique_active_pair: a pair of regions, or a pair of towns.
    # A twentieth are pairs of regions, no more than half the pairs there are (89 × 7 at most).
    region_pairs = min(count // 20, len(ctx.ref.regions["RU"]) * len(ctx.ref.regions["BY"]) // 2)
    pairs: dict[tuple[int, int, int | None, int | None], str] = {}
    attempts = 0
    while len(pairs) < count:
        attempts += 1
        if attempts > count * 50:
            break
        if len(pairs) < region_pairs:
            key = (rng.choice(ctx.ref.regions["RU"]), rng.choice(ctx.ref.regions["BY"]), None, None)
            pairs.setdefault(key, TieKind.PARTNER_REGIONS)
        else:
            a, b = ctx.ref.place(rng, "RU"), ctx.ref.place(rng, "BY")
            pairs.setdefault(
                (a.region_id, b.region_id, a.settlement_id, b.settlement_id), TieKind.TWIN_CITIES
            )
    ids = ctx.allocate(Tie, len(pairs))
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())

    def rows():
        for pk, ((region_a, region_b, settlement_a, settlement_b), kind) in zip(
            ids, pairs.items(), strict=True
        ):
            year = rng.randint(1994, 2025)
            yield (
                pk,
                kind,
                region_a,
                settlement_a,
                region_b,
                settlement_b,
                datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                text.tie_basis(rng, year),
                rng.choices(statuses, weights)[0],
                text.tie_activity(rng),
                ctx.now,
            )

    columns = ["id", "kind", "region_a_id", "settlement_a_id", "region_b_id", "settlement_b_id", "since"]
    ctx.insert(Tie, [*columns, "basis", "status", "activity", "created_at"], rows())

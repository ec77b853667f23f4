"""Organisations of both countries in real towns, with sectors and, for some, a representative."""

from __future__ import annotations

import datetime

from mosty.accounts.models import User
from mosty.lib.text import search_key
from mosty.organisations.models import Organisation, OrganisationKind
from mosty.scale import text
from mosty.scale.engine import Context, step
from mosty.scale.reference import country_of
from mosty.scale.steps.accounts import REPRESENTATIVE_SHARE

KIND_WEIGHTS = {
    OrganisationKind.ENTERPRISE: 40,
    OrganisationKind.NGO: 12,
    OrganisationKind.CULTURE: 10,
    OrganisationKind.UNIVERSITY: 6,
    OrganisationKind.EXECUTIVE: 5,
    OrganisationKind.LOCAL_GOVERNMENT: 6,
    OrganisationKind.COUNCIL: 4,
    OrganisationKind.BUSINESS_ASSOCIATION: 5,
    OrganisationKind.MEDIA: 6,
    OrganisationKind.YOUTH: 6,
}


@step("organisations", requires=["organisations.Organisation"])
def organisations(ctx: Context) -> None:
    rng = ctx.rng()
    count = ctx.count("organisations", minimum=50)
    ids = ctx.allocate(Organisation, count)
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    verified_at = ctx.now - datetime.timedelta(days=30)

    def rows():
        for number, pk in enumerate(ids):
            place = ctx.ref.place(rng, country_of(rng))
            kind = rng.choices(kinds, weights)[0]
            name = text.organisation_name(rng, kind, place.name, place.country, number)
            verified = rng.random() < 0.7
            yield (
                pk,
                name,
                kind,
                place.region_id,
                place.settlement_id,
                text.organisation_description(rng, place.name),
                f"org{pk}@{text.SEED_EMAIL_DOMAIN}",
                verified,
                verified_at if verified else None,
                search_key((name,)),
                ctx.now,
            )

    columns = ["id", "name_ru", "kind", "region_id", "settlement_id", "description", "email"]
    ctx.insert(Organisation, [*columns, "is_verified", "verified_at", "search_key", "created_at"], rows())

    # One or two OKVED divisions each.
    through = Organisation.sectors.through
    sector_rows = []
    for pk in ids:
        for sector in rng.sample(ctx.ref.sectors, rng.choice((1, 1, 2))):
            sector_rows.append((pk, sector))
    sector_ids = ctx.allocate(through, len(sector_rows))
    ctx.insert(
        through,
        ["id", "organisation_id", "sector_id"],
        ((link, *row) for link, row in zip(sector_ids, sector_rows, strict=True)),
    )

    # Each representative user represents one organisation.
    users = ctx.ids(User)
    representatives = [pk for number, pk in enumerate(users) if number % REPRESENTATIVE_SHARE == 0]
    represented = rng.sample(list(ids), min(len(representatives), len(ids)))
    reps = Organisation.representatives.through
    rep_ids = ctx.allocate(reps, len(represented))
    ctx.insert(
        reps,
        ["id", "organisation_id", "user_id"],
        zip(rep_ids, represented, representatives, strict=False),
    )

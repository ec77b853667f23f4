"""Events of the commission beside the Forums of Regions: hearings, round tables, conferences."""

from __future__ import annotations

import datetime

from mosty.events.models import Event, EventFormat, EventKind
from mosty.organisations.models import Organisation
from mosty.scale import text
from mosty.scale.engine import Context, step
from mosty.scale.reference import country_of

KINDS = [
    EventKind.HEARING,
    EventKind.ROUND_TABLE,
    EventKind.FIELD_SESSION,
    EventKind.CONFERENCE,
    EventKind.WORKING_MEETING,
]


@step("events", requires=["events.Event", "organisations.Organisation"])
def events(ctx: Context) -> None:
    rng = ctx.rng()
    count = ctx.count("events", minimum=3)
    ids = ctx.allocate(Event, count)
    today = ctx.now.date()
    hosts: list[tuple[int, int]] = []

    def rows():
        for pk in ids:
            place = ctx.ref.place(rng, country_of(rng))
            kind = rng.choice(KINDS)
            # Mostly past events, a fifth still ahead (the calendar's upcoming list).
            ahead = rng.random() < 0.2
            start = today + datetime.timedelta(
                days=rng.randint(1, 180) if ahead else -rng.randint(1, 3 * 365)
            )
            end = start + datetime.timedelta(days=rng.choice((0, 0, 1, 2)))
            other = ctx.ref.regions["BY" if place.country == "RU" else "RU"]
            hosts.append((pk, place.region_id))
            hosts.append((pk, rng.choice(other)))
            yield (
                pk,
                kind,
                text.event_title(rng, kind, place.name),
                start,
                end,
                start.year,
                rng.choice(list(EventFormat)),
                f"г. {place.name}",
                place.settlement_id,
                text.event_description(rng, place.name),
                ctx.now,
            )

    columns = ["id", "kind", "title_ru", "start_date", "end_date", "year", "format", "place_ru"]
    ctx.insert(Event, [*columns, "settlement_id", "description", "created_at"], rows())

    regions = Event.regions.through
    region_ids = ctx.allocate(regions, len(hosts))
    ctx.insert(
        regions,
        ["id", "event_id", "region_id"],
        ((pk, *row) for pk, row in zip(region_ids, hosts, strict=True)),
    )

    organisations = ctx.ids(Organisation)
    if organisations:
        organisers = Event.organisers.through
        organiser_ids = ctx.allocate(organisers, len(ids))
        ctx.insert(
            organisers,
            ["id", "event_id", "organisation_id"],
            ((link, pk, rng.choice(organisations)) for link, pk in zip(organiser_ids, ids, strict=True)),
        )

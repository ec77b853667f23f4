"""Registrations for the seeded events: confirmed places, one active registration per person and event."""

from __future__ import annotations

from mosty.accounts.models import User
from mosty.events.models import Event, Registration, RegistrationMode, RegistrationStatus
from mosty.scale.engine import Context, split, step


@step("registrations", requires=["events.Registration", "events.Event", "accounts.User"])
def registrations(ctx: Context) -> None:
    rng = ctx.rng()
    users = ctx.ids(User)
    events = ctx.ids(Event)
    if not events:
        return
    # Open registration without a limit, so every seeded registration is confirmed (no waiting list).
    Event.objects.filter(pk__gte=events.start, pk__lt=events.stop).update(
        registration_mode=RegistrationMode.OPEN, capacity=None
    )
    per_event = split(ctx.count("registrations"), len(events), rng, skew=0.5, cap=len(users))
    ids = iter(ctx.allocate(Registration, sum(per_event)))
    first_user, user_count = users.start, len(users)

    def rows():
        for event, count in zip(events, per_event, strict=True):
            offset = rng.randrange(user_count)
            for index in range(count):
                yield (
                    next(ids),
                    event,
                    first_user + (offset + index) % user_count,
                    RegistrationStatus.CONFIRMED,
                )

    ctx.insert(Registration, ["id", "event_id", "user_id", "status"], rows())

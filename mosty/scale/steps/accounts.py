"""Users: citizens and organisation representatives with confirmed e-mail addresses at seed.mosty.local."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from mosty.accounts.models import Role, User
from mosty.scale import text
from mosty.scale.engine import Context, step

# One user in twenty represents an organisation (see the organisations step).
REPRESENTATIVE_SHARE = 20


def seed_email(number: int) -> str:
    return f"user{number}@{text.SEED_EMAIL_DOMAIN}"


@step("users", requires=["accounts.User", "account.EmailAddress"])
def users(ctx: Context) -> None:
    rng = ctx.rng()
    count = ctx.count("users", minimum=100)
    ids = ctx.allocate(User, count)
    emails = {pk: seed_email(number) for number, pk in enumerate(ids)}
    ctx.insert(
        User,
        ["id", "email", "password", "full_name", "role", "date_joined"],
        (
            (
                pk,
                emails[pk],
                # An unusable password: seeded users never sign in with one (the benchmark makes sessions).
                f"!seed{pk}",
                text.person_name(rng),
                Role.REPRESENTATIVE if number % REPRESENTATIVE_SHARE == 0 else Role.CITIZEN,
                ctx.now,
            )
            for number, pk in enumerate(ids)
        ),
    )
    address_ids = ctx.allocate(EmailAddress, count)
    ctx.insert(
        EmailAddress,
        ["id", "user_id", "email", "verified", "primary"],
        ((address_id, pk, emails[pk], True, True) for address_id, pk in zip(address_ids, ids, strict=True)),
    )

"""Citizens' initiatives with their supports; `support_count` equals the support rows of each.

Statuses follow the support rule of `initiative_support`: an initiative still collecting is below its
threshold (the one that reaches it goes to review), one in review has reached it, an expired one did
not before its date. Seeded supports write no follower rows and no audit rows.
"""

from __future__ import annotations

import datetime

from mosty.accounts.models import User
from mosty.initiatives.models import Category, Initiative, Support
from mosty.lib.text import normalize
from mosty.scale import text
from mosty.scale.engine import Context, split, step

# The status values (the model's status choices are being renamed; the stored values stay).
COLLECTING, IN_REVIEW, EXPIRED, DECLINED = "collecting", "in_review", "expired", "declined"
STATUS_WEIGHTS = {
    COLLECTING: 70,
    IN_REVIEW: 12,
    EXPIRED: 12,
    DECLINED: 6,
}


@step("initiatives", requires=["initiatives.Initiative", "initiatives.Support", "accounts.User"])
def initiatives(ctx: Context) -> None:
    rng = ctx.rng()
    today = ctx.now.date()
    users = ctx.ids(User)
    count = ctx.count("initiatives", minimum=20)
    ids = ctx.allocate(Initiative, count)
    supports = split(ctx.count("supports"), count, rng, skew=0.8, cap=len(users))
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    categories = list(Category)
    plans = []
    rows = []
    regions_rows = []
    for pk, supporters in zip(ids, supports, strict=True):
        a, b = ctx.ref.place(rng, "RU"), ctx.ref.place(rng, "BY")
        if rng.random() < 0.5:
            a, b = b, a
        status = rng.choices(statuses, weights)[0]
        published = ctx.now - datetime.timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 1440))
        if status == COLLECTING:
            threshold = supporters + rng.randint(1, 500)
            collect_until = today + datetime.timedelta(days=rng.randint(1, 180))
        elif status == EXPIRED:
            threshold = supporters + rng.randint(1, 500)
            collect_until = today - datetime.timedelta(days=rng.randint(1, 300))
        else:
            threshold = max(1, supporters - rng.randint(0, supporters // 3 + 1))
            collect_until = published.date() + datetime.timedelta(days=90)
        title = text.initiative_title(rng, a.name, b.name)[:200]
        body = text.initiative_text(rng, a.name, b.name)
        rows.append(
            (
                pk,
                title,
                body,
                f"Включить предложение в план мероприятий регионов на {today.year + 1} год.",
                "Больше встреч жителей, новые совместные проекты, рост туристического потока.",
                rng.choice(categories),
                rng.choice(users),
                status,
                published,
                threshold,
                collect_until,
                supporters,
                published,
                normalize(title),
                published - datetime.timedelta(days=3),
                published - datetime.timedelta(days=2),
            )
        )
        regions_rows += [(pk, a.region_id), (pk, b.region_id)]
        plans.append((pk, supporters, published))
    columns = ["id", "title", "problem", "proposal", "expected_effect", "category", "author_id", "status"]
    columns += ["status_changed_at", "threshold", "collect_until", "support_count", "published_at"]
    ctx.insert(Initiative, [*columns, "search_key", "created_at", "submitted_at"], rows)
    through = Initiative.regions.through
    link_ids = ctx.allocate(through, len(regions_rows))
    ctx.insert(
        through,
        ["id", "initiative_id", "region_id"],
        ((x, *row) for x, row in zip(link_ids, regions_rows, strict=True)),
    )

    # Each initiative's supporters are consecutive users from a random offset: distinct within it.
    support_ids = iter(ctx.allocate(Support, sum(supports)))
    ru_regions, by_regions = ctx.ref.regions["RU"], ctx.ref.regions["BY"]
    first_user, user_count = users.start, len(users)

    def support_rows():
        for pk, supporters, published in plans:
            offset = rng.randrange(user_count)
            seconds = max(int((ctx.now - published).total_seconds()), 1)
            for index in range(supporters):
                user = first_user + (offset + index) % user_count
                region = (
                    ru_regions[user % len(ru_regions)] if user % 3 else by_regions[user % len(by_regions)]
                )
                yield (
                    next(support_ids),
                    pk,
                    user,
                    region,
                    user % 4 == 0,
                    published + datetime.timedelta(seconds=seconds * index // max(supporters, 1)),
                )

    ctx.insert(
        Support, ["id", "initiative_id", "user_id", "region_id", "show_name", "created_at"], support_rows()
    )

"""Comments on initiatives (nine in ten) and events, rendered as the comment service renders them."""

from __future__ import annotations

import datetime

from mosty.accounts.models import User
from mosty.comments.markup import render_markdown
from mosty.comments.models import Comment
from mosty.events.models import Event
from mosty.initiatives.models import Initiative
from mosty.scale import text
from mosty.scale.engine import Context, split, step


@step("comments", requires=["comments.Comment", "initiatives.Initiative", "events.Event", "accounts.User"])
def comments(ctx: Context) -> None:
    rng = ctx.rng()
    users = list(ctx.ids(User))
    targets = [("initiative", pk) for pk in ctx.ids(Initiative)] + [("event", pk) for pk in ctx.ids(Event)]
    if not targets:
        return
    total = ctx.count("comments")
    per_target = split(total, len(targets), rng, skew=0.8)
    ids = iter(ctx.allocate(Comment, total))
    rendered = {body: render_markdown(body) for body in text.COMMENTS}

    def rows():
        for (kind, target), count in zip(targets, per_target, strict=True):
            written = ctx.now - datetime.timedelta(days=rng.randint(1, 600))
            for index in range(count):
                body = text.comment_text(rng)
                yield (
                    next(ids),
                    kind,
                    target,
                    rng.choice(users),
                    body,
                    rendered[body],
                    written + datetime.timedelta(minutes=17 * index),
                )

    ctx.insert(Comment, ["id", "kind", "target_id", "author_id", "body", "body_html", "created_at"], rows())

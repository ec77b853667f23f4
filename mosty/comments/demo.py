"""Demo comments, written through the services on the demo events by the demo accounts.

Called by load_demo_data after the accounts and events exist. Idempotent: an event that already has
a comment by a demo account is left as it is. Each comment says it is a demo one. Events are commented
only when the events app has registered its comment kind ("event"); otherwise nothing is done.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404

from mosty.accounts.models import User
from mosty.comments import access, registry, services
from mosty.comments.models import Comment

DEMO_MARK = "\n\n*Демонстрационный комментарий.*"
DEMO_EVENT_MARK = "Демонстрационное событие"
EVENT_KIND = "event"

CITIZEN = "citizen@mosty.example"
REPRESENTATIVE = "representative@mosty.example"
MODERATOR = "moderator@mosty.example"
COMMISSION = "commission@mosty.example"

# (author, text, replies [(author, text)]) per demo event, in the order of the events' dates.
THREADS: list[list[tuple[str, str, list[tuple[str, str]]]]] = [
    [
        (
            CITIZEN,
            "Будет ли возможность подключиться **онлайн** тем, кто не сможет приехать? "
            "Хотелось бы услышать опыт по благоустройству дворов.",
            [
                (
                    REPRESENTATIVE,
                    "Да, трансляция планируется. Ссылку опубликуем на странице события за неделю до начала.",
                ),
            ],
        ),
        (
            COMMISSION,
            "Предлагаем включить в повестку вопросы:\n\n"
            "- совместные закупки малых архитектурных форм;\n"
            "- обмен проектами общественных пространств;\n"
            "- участие жителей в выборе территорий.",
            [],
        ),
    ],
    [
        (
            CITIZEN,
            "Очень ждём обсуждения автобусного сообщения между районными центрами: "
            "сейчас прямых рейсов почти нет.",
            [
                (
                    COMMISSION,
                    "Спасибо, передадим вопрос организаторам. Материалы по транспортной доступности "
                    "приграничных районов будут разосланы участникам заранее.",
                ),
            ],
        ),
    ],
]


def _users() -> dict[str, User]:
    emails = [CITIZEN, REPRESENTATIVE, MODERATOR, COMMISSION]
    return {user.email: user for user in User.objects.filter(email__in=emails, is_active=True)}


def load_demo(*, stdout: Any) -> None:
    try:
        kind = registry.target_kind(EVENT_KIND)
    except Http404:
        stdout.write("Comments: no 'event' comment kind is registered; no demo comments.")
        return
    users = _users()
    from mosty.events.models import Event  # the demo comments events; the app itself never imports them

    events = list(Event.objects.filter(description__contains=DEMO_EVENT_MARK).order_by("start_date", "pk"))
    demo_authors = [user.pk for user in users.values()]
    written = 0
    for event, threads in zip(events, THREADS, strict=False):
        if Comment.objects.filter(kind=EVENT_KIND, target_id=event.pk, author_id__in=demo_authors).exists():
            continue
        with transaction.atomic():
            for author_email, text, replies in threads:
                author = users.get(author_email)
                if author is None:
                    continue
                try:
                    kind.get(author, event.pk)
                except Http404:
                    continue
                if access.comment_refusal(author, kind, event):
                    continue
                top = services.comment_create(
                    author=author, kind=EVENT_KIND, target_id=event.pk, body=text + DEMO_MARK
                )
                written += 1
                for reply_email, reply_text in replies:
                    reply_author = users.get(reply_email)
                    if reply_author is not None:
                        services.comment_create(
                            author=reply_author,
                            kind=EVENT_KIND,
                            target_id=event.pk,
                            body=reply_text + DEMO_MARK,
                            parent=top,
                        )
                        written += 1
    stdout.write(f"Comments: {written} demo comments written.")

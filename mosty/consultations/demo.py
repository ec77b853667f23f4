"""Demo consultations, made through the services by the demo accounts (load_demo_data calls this after
the accounts exist). Idempotent: a demo consultation with the same title is left as it is.

1. "Рекомендации по совершенствованию правовой базы приграничного сотрудничества": two versions,
   paragraph comments and proposals from the demo accounts, closed and answered — the table of
   answers can be read and downloaded.
2. "Порядок организации совместных молодёжных обменов": open now for three weeks, a few comments.

The texts are composed for the demo (they are not documents of the commission) and say so.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from mosty.accounts.models import User
from mosty.comments import services as comments
from mosty.consultations import selectors, services
from mosty.consultations.models import Consultation, Decision, Paragraph

DEMO_NOTE = "Демонстрационная консультация: текст составлен для знакомства с платформой."
KIND = services.PARAGRAPH_KIND

ORGANISER = "commission@mosty.example"
CITIZEN = "citizen@mosty.example"
REPRESENTATIVE = "representative@mosty.example"
SMOLENSK = "coordinator.smolensk@mosty.example"
VITEBSK = "coordinator.vitebsk@mosty.example"
MOGILEV = "coordinator.mogilev@mosty.example"

LEGAL_TITLE = "Рекомендации по совершенствованию правовой базы приграничного сотрудничества"
LEGAL_V1 = """## 1. Общие положения

Настоящие рекомендации подготовлены общественной комиссией по межрегиональному сотрудничеству по
итогам обсуждения на Форуме регионов Беларуси и России.

Рекомендации адресованы органам государственной власти субъектов Российской Федерации, областным
исполнительным комитетам Республики Беларусь и органам местного самоуправления приграничных
территорий.

## 2. Соглашения о сотрудничестве

Рекомендуется предусматривать в соглашениях между регионами планы мероприятий с указанием
ответственных исполнителей и сроков.

Рекомендуется ежегодно публиковать отчёты о выполнении соглашений на платформе «Мосты».

## 3. Приграничная инфраструктура

Рекомендуется рассмотреть возможность упрощения порядка пересечения границы для жителей приграничных
районов Смоленской, Брянской и Псковской областей и Витебской, Могилёвской и Гомельской областей.

Рекомендуется развивать регулярное автобусное сообщение между районными центрами приграничных
территорий.
"""

LEGAL_V2 = """## 1. Общие положения

Настоящие рекомендации подготовлены общественной комиссией по межрегиональному сотрудничеству по
итогам обсуждения на Форуме регионов Беларуси и России и публичных консультаций.

Рекомендации адресованы органам государственной власти субъектов Российской Федерации, областным
исполнительным комитетам Республики Беларусь и органам местного самоуправления приграничных
территорий.

## 2. Соглашения о сотрудничестве

Рекомендуется предусматривать в соглашениях между регионами планы мероприятий с указанием
ответственных исполнителей, сроков и показателей результата.

Рекомендуется ежегодно публиковать отчёты о выполнении соглашений на платформе «Мосты».

Рекомендуется включать в соглашения порядок их продления и прекращения.

## 3. Приграничная инфраструктура

Рекомендуется рассмотреть возможность упрощения порядка пересечения границы для жителей приграничных
районов Смоленской, Брянской и Псковской областей и Витебской, Могилёвской и Гомельской областей.

Рекомендуется развивать регулярное автобусное и железнодорожное сообщение между районными центрами
приграничных территорий.
"""

# (paragraph label in version 2, author, comment, proposed wording, decision, reason)
LEGAL_COMMENTS: list[tuple[str, str, str, str, str, str]] = [
    (
        "2.1",
        SMOLENSK,
        "Показатели результата стоит сделать обязательными: без них невозможно понять, "
        "выполнено ли соглашение.",
        "Соглашения между регионами должны содержать планы мероприятий с указанием ответственных "
        "исполнителей, сроков и измеримых показателей результата.",
        Decision.PARTLY,
        "Показатели включены в рекомендацию; обязательный характер выходит за пределы рекомендаций комиссии.",
    ),
    (
        "2.2",
        REPRESENTATIVE,
        "Предлагаю публиковать отчёты не реже раза в полгода, иначе информация устаревает.",
        "",
        Decision.DECLINED,
        "Полугодовая отчётность увеличит нагрузку на органы власти; платформа позволяет обновлять "
        "сведения о выполнении мероприятий в любой момент.",
    ),
    (
        "3.2",
        VITEBSK,
        "Нужно упомянуть и железнодорожное сообщение: маршрут Витебск — Смоленск востребован.",
        "Рекомендуется развивать регулярное автобусное и железнодорожное сообщение между районными "
        "центрами приграничных территорий.",
        Decision.ACCEPTED,
        "",
    ),
    (
        "3.1",
        CITIZEN,
        "Поддерживаю. Жители Могилёвской области часто ездят к родственникам в Смоленскую область.",
        "",
        Decision.ACCEPTED,
        "",
    ),
    (
        "1.1",
        MOGILEV,
        "Стоит указать, что рекомендации учитывают итоги публичных консультаций.",
        "",
        Decision.ACCEPTED,
        "",
    ),
]

YOUTH_TITLE = "Порядок организации совместных молодёжных обменов приграничных регионов"
YOUTH_TEXT = """## 1. Цели обменов

Молодёжные обмены организуются для знакомства школьников и студентов приграничных регионов с
историей, культурой и экономикой соседней страны.

## 2. Участники

В обменах участвуют учащиеся общеобразовательных школ, колледжей и вузов в возрасте от 14 до 25 лет.

Группы формируются органами по делам молодёжи областей и районов совместно с учреждениями
образования.

## 3. Финансирование

Расходы на проезд и проживание участников несёт направляющая сторона, расходы на программу
пребывания — принимающая сторона.
"""
YOUTH_COMMENTS = [
    ("2.1", CITIZEN, "Предлагаю включить также работающую молодёжь до 30 лет."),
    ("3.1", VITEBSK, "Нужно предусмотреть возможность софинансирования из программ Союзного государства."),
]


def _users() -> dict[str, User]:
    emails = [ORGANISER, CITIZEN, REPRESENTATIVE, SMOLENSK, VITEBSK, MOGILEV]
    return {user.email: user for user in User.objects.filter(email__in=emails, is_active=True)}


def _paragraph(consultation: Consultation, version: int, label: str) -> Paragraph:
    section, number = (int(part) for part in label.split("."))
    return Paragraph.objects.get(
        version__consultation=consultation, version__number=version, section__number=section, number=number
    )


def _legal(users: dict[str, User], now: datetime.datetime) -> None:
    organiser = users[ORGANISER]
    opens = now - datetime.timedelta(days=40)
    consultation = services.consultation_create(
        actor=organiser,
        title=LEGAL_TITLE,
        summary="Проект рекомендаций по итогам Форума регионов. " + DEMO_NOTE,
        text=LEGAL_V1,
        opens_at=opens,
        closes_at=now + datetime.timedelta(days=1),
        is_demo=True,
    )
    services.version_publish(
        actor=organiser,
        consultation=consultation,
        text=LEGAL_V2,
        note="Учтены первые замечания: показатели результата, железнодорожное сообщение.",
    )
    written = []
    for index, (label, email, body, proposal, decision, reason) in enumerate(LEGAL_COMMENTS):
        author = users.get(email)
        if author is None:
            continue
        comment = comments.comment_create(
            author=author,
            kind=KIND,
            target_id=_paragraph(consultation, 2, label).pk,
            body=body,
            proposed_text=proposal,
            now=opens + datetime.timedelta(days=5 + index * 3),
        )
        written.append((comment, decision, reason))
    if written and users.get(CITIZEN) and written[0][0].author != users[CITIZEN]:
        comments.comment_support(user=users[CITIZEN], comment=written[0][0])
    # The period ends; the organisers answer every comment.
    services.consultation_update(
        actor=organiser,
        consultation=consultation,
        title=consultation.title,
        summary=consultation.summary,
        opens_at=opens,
        closes_at=now - datetime.timedelta(days=5),
    )
    for comment, decision, reason in written:
        services.answer_give(
            actor=organiser, consultation=consultation, comment=comment, decision=decision, reason=reason
        )
    assert not selectors.unanswered(consultation).exists()


def _youth(users: dict[str, User], now: datetime.datetime) -> None:
    consultation = services.consultation_create(
        actor=users[ORGANISER],
        title=YOUTH_TITLE,
        summary="Проект порядка для обсуждения органами по делам молодёжи. " + DEMO_NOTE,
        text=YOUTH_TEXT,
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=21),
        is_demo=True,
    )
    for label, email, body in YOUTH_COMMENTS:
        author = users.get(email)
        if author is not None:
            comments.comment_create(
                author=author, kind=KIND, target_id=_paragraph(consultation, 1, label).pk, body=body
            )


def load_demo(*, stdout: Any) -> None:
    users = _users()
    if ORGANISER not in users:
        stdout.write("Consultations: the demo commission account is missing; no demo consultations.")
        return
    now = timezone.now()
    made = 0
    for title, load in ((LEGAL_TITLE, _legal), (YOUTH_TITLE, _youth)):
        if Consultation.objects.filter(title=title, is_demo=True).exists():
            continue
        with transaction.atomic():
            load(users, now)
        made += 1
    stdout.write(f"Consultations: {made} demo consultation(s) created.")

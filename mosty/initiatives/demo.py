"""Demo initiatives, made through the services (load_demo_data calls this after the demo accounts and
organisations exist). Idempotent: an initiative whose title exists is left as it is. Each says it is
a demo in its problem text.

- "Молодёжный обмен Витебск — Смоленск": a young author in Vitebsk, 30 supporters of both regions,
  forwarded to the Government of Smolensk Oblast, answered on time by its representative, the answer
  published, accepted: a tracked commitment of the engine.
- A tourist route collecting support; an expedition forwarded to the Vitebsk Regional Executive
  Committee (Belarusian 15-day clock) awaiting its answer; a bus line forwarded to Smolensk and
  overdue (for the statistics); one declined with reasons; one in moderation; one draft.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from mosty.accounts.models import Role, User
from mosty.accounts.services import user_create
from mosty.initiatives import services
from mosty.initiatives.models import CategoryRule, Initiative, Youth
from mosty.organisations.models import Organisation
from mosty.organisations.services import organisation_add_representative
from mosty.territories.models import Region

DEMO_NOTE = "(Демонстрационная инициатива: создана для знакомства с платформой.)"
DEMO_PASSWORD_PREFIX = "mosty-demo-"  # noqa: S105 - the documented rule of load_demo_data's accounts

AUTHOR = ("molodezh.vitebsk@mosty.example", "Анна Ковалёва (демо)", "BY-VI")
ANSWERER = ("pravitelstvo.smolensk@mosty.example", "Представитель Правительства Смоленской области (демо)")
SMOLENSK_BODY = "Правительство Смоленской области"
VITEBSK_BODY_START = "Витебский областной исполнительный комитет"

YOUTH_EXCHANGE = "Молодёжный обмен Витебск — Смоленск"


def _user(email: str, full_name: str, *, role: str = Role.CITIZEN, region: Region | None = None) -> User:
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        return existing
    return user_create(
        email=email,
        password=DEMO_PASSWORD_PREFIX + email.split("@")[0],
        full_name=full_name,
        role=role,
        region=region,
        email_verified=True,
        validate_password=False,
    )


def _supporters(count: int, regions: list[Region]) -> list[tuple[User, Region]]:
    people = []
    for n in range(1, count + 1):
        region = regions[n % len(regions)]
        user = _user(f"supporter{n:02d}@mosty.example", f"Сторонник {n} (демо)", region=region)
        people.append((user, region))
    return people


def _create(
    author: User, title: str, problem: str, proposal: str, effect: str, category: str, **extra: Any
) -> Initiative:
    return services.initiative_create(
        actor=author,
        title=title,
        problem=f"{problem} {DEMO_NOTE}",
        proposal=proposal,
        expected_effect=effect,
        category=category,
        **extra,
    )


def _published(author: User, moderator: User, initiative: Initiative, today: datetime.date) -> Initiative:
    services.initiative_submit(actor=author, initiative=initiative)
    services.initiative_publish(actor=moderator, initiative=initiative, today=today)
    return initiative


def _support(initiative: Initiative, people: list[tuple[User, Region]], today: datetime.date) -> None:
    for index, (user, region) in enumerate(people):
        initiative.refresh_from_db()
        if initiative.status != "collecting":
            break
        services.initiative_support(
            actor=user, initiative=initiative, region=region, show_name=index % 3 == 0, today=today
        )


def load_demo(*, stdout: Any) -> None:
    try:
        smolensk, vitebsk = Region.objects.get(code="RU-SMO"), Region.objects.get(code="BY-VI")
        moderator = User.objects.get(email="moderator@mosty.example")
        commission = User.objects.get(email="commission@mosty.example")
        admin = User.objects.get(email="admin@mosty.example")
        smolensk_body = Organisation.objects.get(name_ru=SMOLENSK_BODY)
    except (Region.DoesNotExist, User.DoesNotExist, Organisation.DoesNotExist):
        stdout.write("Initiatives: the demo accounts, regions or organisations are missing; skipped.")
        return
    vitebsk_body = (
        Organisation.objects.filter(name_ru__startswith=VITEBSK_BODY_START).first() or smolensk_body
    )
    made = 0
    today = timezone.localdate()
    with transaction.atomic():
        author = _user(AUTHOR[0], AUTHOR[1], region=vitebsk)
        answerer = _user(ANSWERER[0], ANSWERER[1], role=Role.REPRESENTATIVE)
        organisation_add_representative(actor=admin, organisation=smolensk_body, user=answerer)
        citizen = User.objects.filter(email="citizen@mosty.example").first() or author
        threshold = (
            CategoryRule.objects.filter(category="youth").values_list("threshold", flat=True).first() or 30
        )
        people = _supporters(max(threshold, 30), [vitebsk, smolensk])

    if not Initiative.objects.filter(title=YOUTH_EXCHANGE).exists():
        with transaction.atomic():
            started = today - datetime.timedelta(days=45)
            initiative = _create(
                author,
                YOUTH_EXCHANGE,
                "Молодёжь Витебской и Смоленской областей почти не встречается: нет регулярных программ, "
                "поездки дороги, студенты соседних вузов не знают друг друга.",
                "Ежегодный летний обмен: по 25 студентов и школьников старших классов из каждой области "
                "проводят две недели у соседей — проектная школа, волонтёрство, культурная программа.",
                "Совместные молодёжные проекты, набор в вузы соседней области, дружба на годы вперёд.",
                "youth",
                youth=Youth.YOUNG_PEOPLE,
                regions=[vitebsk, smolensk],
                now=timezone.now() - datetime.timedelta(days=45),
            )
            _published(author, moderator, initiative, started)
            _support(initiative, people, started + datetime.timedelta(days=3))
            forwarded = today - datetime.timedelta(days=25)
            services.initiative_forward(
                actor=commission, initiative=initiative, body=smolensk_body, today=forwarded,
                comment="Направлено в Правительство Смоленской области по компетенции.",
            )  # fmt: skip
            from django.core.files.uploadedfile import SimpleUploadedFile

            document = SimpleUploadedFile(
                "otvet-molodezhnyi-obmen.pdf",
                b"%PDF-1.4\n% Demo answer of the Government of Smolensk Oblast\n%%EOF\n",
                content_type="application/pdf",
            )
            services.initiative_answer(
                actor=answerer,
                initiative=initiative,
                text="Правительство Смоленской области поддерживает инициативу. Департамент по молодёжной "
                "политике включит молодёжный обмен в план на лето: 25 участников со стороны Смоленской "
                "области, проживание в кампусе СмолГУ, культурная программа.",
                document=document,
                today=forwarded + datetime.timedelta(days=18),
            )
            services.initiative_publish_answer(actor=commission, initiative=initiative)
            services.initiative_close(
                actor=commission,
                initiative=initiative,
                outcome="commitment",
                note="Принято: обмен проводится ежегодно, первый — следующим летом.",
                commitment_title="Провести молодёжный обмен Витебск — Смоленск (25 + 25 участников)",
                responsible_organisation=smolensk_body,
                deadline=datetime.date(today.year + 1, 8, 31),
                today=today,
            )
        made += 1

    simple: list[dict[str, Any]] = [
        {
            "title": "Туристический маршрут «Смоленск — Витебск — Полоцк»",
            "problem": "Туристы не знают о близких исторических городах соседней страны.",
            "proposal": "Общий маршрут с единым билетом в музеи и расписанием автобусов.",
            "effect": "Рост турпотока в обе стороны.",
            "category": "tourism",
            "steps": "collecting",
            "supporters": 12,
        },
        {
            "title": "Совместная экологическая экспедиция по Западной Двине",
            "problem": "Качество воды в Западной Двине измеряют по разные стороны границы по-разному.",
            "proposal": "Ежегодная экспедиция студентов-экологов с общим протоколом измерений.",
            "effect": "Сопоставимые данные о реке для обеих областей.",
            "category": "ecology",
            "steps": "forwarded",
            "body": vitebsk_body,
            "forwarded": today - datetime.timedelta(days=5),
        },
        {
            "title": "Прямой автобус Смоленск — Витебск",
            "problem": "Между областными центрами нет прямого автобуса, дорога с пересадками занимает день.",
            "proposal": "Открыть ежедневный рейс с остановкой в Рудне.",
            "effect": "Поездки за 3 часа для студентов, врачей и туристов.",
            "category": "local_government",
            "steps": "forwarded",
            "body": smolensk_body,
            "forwarded": today - datetime.timedelta(days=40),
        },
        {
            "title": "Единый календарь спортивных соревнований приграничья",
            "problem": "Соревнования соседних областей совпадают по датам.",
            "proposal": "Общий календарь на платформе.",
            "effect": "Больше участников на каждом турнире.",
            "category": "sport",
            "steps": "declined",
        },
        {
            "title": "Школа юного журналиста Беларуси и России",
            "problem": "Школьные редакции не знают коллег по другую сторону границы.",
            "proposal": "Летняя школа для школьных редакций.",
            "effect": "Совместные материалы о дружбе регионов.",
            "category": "media",
            "steps": "submitted",
        },
        {
            "title": "Стажировки IT-студентов на предприятиях соседней области",
            "problem": "Студенты ищут практику только в своём городе.",
            "proposal": "Биржа стажировок для студентов двух областей.",
            "effect": "Кадры для IT-компаний приграничья.",
            "category": "it",
            "steps": "draft",
            "author": citizen,
        },
    ]
    for spec in simple:
        if Initiative.objects.filter(title=spec["title"]).exists():
            continue
        with transaction.atomic():
            owner = spec.get("author", author)
            initiative = _create(
                owner, spec["title"], spec["problem"], spec["proposal"], spec["effect"], spec["category"],
                regions=[vitebsk, smolensk],
            )  # fmt: skip
            if spec["steps"] == "draft":
                made += 1
                continue
            if spec["steps"] == "submitted":
                services.initiative_submit(actor=owner, initiative=initiative)
                made += 1
                continue
            started = spec.get("forwarded", today) - datetime.timedelta(days=20)
            _published(owner, moderator, initiative, started)
            rule = CategoryRule.objects.filter(category=spec["category"]).first()
            needed = rule.threshold if rule is not None else services.DEFAULT_THRESHOLD
            count = spec.get("supporters", needed)
            _support(initiative, people[:count], started + datetime.timedelta(days=2))
            initiative.refresh_from_db()
            if spec["steps"] == "forwarded" and initiative.status == "in_review":
                services.initiative_forward(
                    actor=commission, initiative=initiative, body=spec["body"], today=spec["forwarded"]
                )
            elif spec["steps"] == "declined" and initiative.status == "in_review":
                services.initiative_decline(
                    actor=commission,
                    initiative=initiative,
                    reason="Календарь соревнований ведут областные федерации; комиссия передала им "
                    "предложение для сведения.",
                )
        made += 1
    stdout.write(f"Initiatives: {made} demo initiative(s) created.")

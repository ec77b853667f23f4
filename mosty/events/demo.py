"""Demo events through the services: a round table in Mogilev that takes registrations (a programme,
questions, places filled and a waiting list) and a past public hearing in Vitebsk with its minutes
and decisions tracked as commitments.

Called by load_demo_data after its accounts, organisations and events exist. Idempotent: an event
found by its title is left as it is. Every demo event and account says it is a demo one.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from mosty.accounts.models import Role, User
from mosty.accounts.services import user_create
from mosty.commitments.models import Status
from mosty.commitments.services import commitment_set_status
from mosty.events import services
from mosty.events.models import Event, EventFormat, EventKind, QuestionKind, RegistrationMode
from mosty.organisations.models import Organisation
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement

DEMO_NOTE = "Демонстрационное событие: создано командой load_demo_data для знакомства с платформой."

ROUND_TABLE = (
    "Круглый стол «Могилёв и Смоленск: молодёжные обмены и добровольчество в городах-побратимах»",
    "Круглы стол «Магілёў і Смаленск: маладзёжныя абмены і валанцёрства ў гарадах-пабрацімах»",
    "Round table “Mogilev and Smolensk: youth exchanges and volunteering in the twin cities”",
)
HEARING = (
    "Общественные слушания «Приграничная торговля и пункты пропуска Витебской и Смоленской областей»",
    "Грамадскія слуханні «Памежны гандаль і пункты пропуску Віцебскай і Смаленскай абласцей»",
    "Public hearing “Cross-border trade and crossing points of Vitebsk Region and Smolensk Oblast”",
)
HEARING_DATE = datetime.date(2026, 9, 24)

PROGRAMME = [
    (datetime.time(10, 0), datetime.time(10, 30), "Регистрация участников, приветственный кофе", ""),
    (
        datetime.time(10, 30),
        datetime.time(11, 0),
        "Открытие круглого стола",
        "Представитель Могилёвского облисполкома; координатор комиссии по Могилёвской области",
    ),
    (
        datetime.time(11, 0),
        datetime.time(12, 30),
        "Опыт молодёжных обменов Могилёва и Смоленска: что получилось, что мешает",
        "Руководители молодёжных советов городов; волонтёрские центры",
    ),
    (datetime.time(12, 30), datetime.time(13, 0), "Обсуждение проекта рекомендаций", ""),
]

# Participants of the round table (demo accounts without a password: they never sign in).
PARTICIPANTS = [
    "Анна Ковалёва",
    "Дмитрий Савченко",
    "Екатерина Жук",
    "Павел Мельников",
    "Ольга Радькова",
    "Игорь Шевцов",
    "Мария Лапицкая",
    "Сергей Новиков",
    "Татьяна Гончарова",
    "Алексей Бондарев",
    "Юлия Адамович",
]
CAPACITY = 8

DECISIONS = [
    (
        "Подготовить предложения по продлению режима работы пункта пропуска для грузового транспорта",
        "vitebsk",
        datetime.date(2027, 3, 31),
    ),
    (
        "Провести совместную ярмарку производителей приграничных районов",
        "smolensk",
        datetime.date(2027, 6, 30),
    ),
    (
        "Направить в комиссию сводку обращений предпринимателей о пересечении границы",
        "vitebsk",
        datetime.date(2026, 10, 31),
    ),
]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _participant(index: int, name: str) -> User:
    email = f"participant{index}@mosty.example"
    user = _user(email)
    if user is None:
        user = user_create(
            email=email, password=None, full_name=f"{name} (демо)", role=Role.CITIZEN, email_verified=True
        )
    return user


def _organisation(name_ru: str) -> Organisation | None:
    return Organisation.objects.filter(name_ru=name_ru).first()


def _round_table(*, stdout: Any) -> None:
    if Event.objects.filter(title_ru=ROUND_TABLE[0]).exists():
        return
    coordinator = _user("coordinator.mogilev@mosty.example")
    region = Region.objects.filter(code="BY-MA").first()
    if coordinator is None or region is None:
        stdout.write("Events: no Mogilev coordinator or region; the demo round table is skipped.")
        return
    partner = Region.objects.filter(code="RU-SMO").first()
    mogilev = (
        Settlement.objects.filter(region=region, name_ru__in=["Могилёв", "Могилев"])
        .order_by("-population")
        .first()
    )
    organisers = [o for o in (_organisation("Могилёвский областной исполнительный комитет"),) if o]
    start = timezone.localdate() + datetime.timedelta(days=21)
    event = services.event_create(
        actor=coordinator,
        kind=EventKind.ROUND_TABLE,
        title_ru=ROUND_TABLE[0],
        title_be=ROUND_TABLE[1],
        title_en=ROUND_TABLE[2],
        start_date=start,
        start_time=datetime.time(10, 0),
        end_time=datetime.time(13, 0),
        format=EventFormat.HYBRID,
        online_url="https://mosty.example/online/round-table-mogilev",
        place_ru="Могилёв, Дом молодёжи, ул. Первомайская",
        place_be="Магілёў, Дом моладзі, вул. Першамайская",
        place_en="Mogilev, Youth House, Pervomaiskaya Street",
        settlement=mogilev,
        regions=[r for r in (region, partner) if r],
        organisers=organisers,
        sectors=list(Sector.objects.filter(code__in=["85", "94"])),
        description=(
            "Обсуждаем, как городам-побратимам Могилёву и Смоленску расширить молодёжные обмены и "
            "совместные добровольческие проекты. " + DEMO_NOTE
        ),
    )
    for begins, ends, title, speakers in PROGRAMME:
        services.agenda_item_add(
            actor=coordinator, event=event, start_time=begins, end_time=ends, title=title, speakers=speakers
        )
    services.registration_settings_update(
        actor=coordinator,
        event=event,
        registration_mode=RegistrationMode.OPEN,
        capacity=CAPACITY,
        registration_deadline=None,
    )
    organisation = services.question_add(
        actor=coordinator,
        event=event,
        text="Какую организацию вы представляете?",
        kind=QuestionKind.SHORT,
        required=True,
    )
    online = services.question_add(
        actor=coordinator, event=event, text="Будете участвовать онлайн?", kind=QuestionKind.YES_NO
    )
    places = [
        "Молодёжный совет Могилёва",
        "Смоленский волонтёрский центр",
        "Могилёвский государственный университет",
    ]
    for index, name in enumerate(PARTICIPANTS, start=1):
        services.registration_create(
            actor=_participant(index, name),
            event=event,
            answers={
                organisation.pk: places[index % len(places)],
                online.pk: "yes" if index % 3 == 0 else "no",
            },
        )
    stdout.write(f"Events: round table in Mogilev with {CAPACITY} places taken and a waiting list.")


def _hearing(*, stdout: Any) -> None:
    if Event.objects.filter(title_ru=HEARING[0]).exists():
        return
    coordinator = _user("coordinator.vitebsk@mosty.example")
    vitebsk = Region.objects.filter(code="BY-VI").first()
    smolensk = Region.objects.filter(code="RU-SMO").first()
    if coordinator is None or vitebsk is None or smolensk is None:
        stdout.write("Events: no Vitebsk coordinator or regions; the demo hearing is skipped.")
        return
    city = Settlement.objects.filter(region=vitebsk, name_ru="Витебск").order_by("-population").first()
    event = services.event_create(
        actor=coordinator,
        kind=EventKind.HEARING,
        title_ru=HEARING[0],
        title_be=HEARING[1],
        title_en=HEARING[2],
        start_date=HEARING_DATE,
        start_time=datetime.time(11, 0),
        end_time=datetime.time(14, 0),
        place_ru="Витебск, облисполком, малый зал",
        place_be="Віцебск, аблвыканкам, малая зала",
        place_en="Vitebsk, Regional Executive Committee, small hall",
        settlement=city,
        regions=[vitebsk, smolensk],
        sectors=list(Sector.objects.filter(code__in=["46", "52"])),
        description=(
            "Предприниматели и власти двух областей обсуждают очереди на границе и приграничную "
            "торговлю. " + DEMO_NOTE
        ),
    )
    present = [
        o
        for o in (
            _organisation("Витебский областной исполнительный комитет"),
            _organisation("Правительство Смоленской области"),
        )
        if o
    ]
    services.minutes_publish(
        actor=coordinator,
        event=event,
        minutes=(
            "1. Заслушаны сообщения таможенных органов о загрузке пунктов пропуска.\n"
            "2. Предприниматели приграничных районов рассказали о сроках ожидания грузового транспорта.\n"
            "3. Решено подготовить предложения по режиму работы пунктов пропуска "
            "и провести совместную ярмарку.\n\n"
            "Протокол демонстрационный."
        ),
        attendees_override=37,
        organisations_present=present,
    )
    responsible = {"vitebsk": (present[0] if present else None, vitebsk), "smolensk": (None, smolensk)}
    for title, who, deadline in DECISIONS:
        organisation, region = responsible[who]
        commitment = services.decision_add(
            actor=coordinator,
            event=event,
            title=title,
            responsible_organisation=organisation,
            responsible_region=None if organisation else region,
            deadline=deadline,
        )
        if deadline > timezone.localdate() and who == "vitebsk":
            commitment_set_status(
                actor=coordinator,
                commitment=commitment,
                status=Status.IN_PROGRESS,
                expected_version=commitment.version,
                may_manage=True,
            )
    stdout.write("Events: past hearing in Vitebsk with minutes and decisions tracked as commitments.")


def load_demo(*, stdout: Any) -> None:
    with transaction.atomic():
        _round_table(stdout=stdout)
        _hearing(stdout=stdout)

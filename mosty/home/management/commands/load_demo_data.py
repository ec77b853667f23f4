"""A small, realistic demo set on top of the reference data, made by calling the services.

Idempotent: whatever exists already (users by e-mail, organisations by region and Russian name,
ties by their two sides, events by Russian title, agreements by forum and number, projects by title)
is left as it is, so a second run on the same day changes nothing and writes no audit row.

Organisations are real public bodies. Ties are real twinning pairs reported in the cited
sources; where no source was at hand the tie is marked in its basis as a demo record. Events are
invented and say so in their description. Agreements, their action plans and projects (see
mosty/home/demo_agreements.py) are between real regions and bodies at real Forums of Regions, composed
for the demo and marked so; their deadlines are set relative to the day the command runs, and the
daily deadline check runs at the end so overdue commitments are marked. The accounts are for a local
demo only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from mosty.accounts.models import Role, User
from mosty.accounts.services import user_create
from mosty.comments import demo as comments_demo
from mosty.commitments.services import commitments_check_deadlines
from mosty.consultations import demo as consultations_demo
from mosty.core.models import Notification
from mosty.events import demo as events_demo
from mosty.events.models import Event, EventKind
from mosty.events.services import event_create
from mosty.home import demo_agreements
from mosty.initiatives import demo as initiatives_demo
from mosty.organisations.models import Organisation, OrganisationKind
from mosty.organisations.services import (
    organisation_add_representative,
    organisation_create,
    organisation_verify,
)
from mosty.sectors.models import Sector
from mosty.territories.models import Region, Settlement
from mosty.ties.models import Tie, TieKind, TieStatus
from mosty.ties.services import tie_create
from mosty.workspaces import demo as workspaces_demo

# Every demo account's password is this prefix followed by the part of its e-mail before "@":
# admin@mosty.example signs in with "mosty-demo-admin".
DEMO_PASSWORD_PREFIX = "mosty-demo-"  # noqa: S105 - documented demo accounts, printed by the command
DEMO_TIE_BASIS = "Демонстрационная запись"
DEMO_EVENT_NOTE = "Демонстрационное событие: создано командой load_demo_data для знакомства с платформой."


def demo_password(email: str) -> str:
    return DEMO_PASSWORD_PREFIX + email.split("@")[0]


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: str
    region: str | None = None


USERS = [
    DemoUser("admin@mosty.example", "Администратор (демо)", Role.ADMIN),
    DemoUser("commission@mosty.example", "Член комиссии (демо)", Role.COMMISSION),
    DemoUser("moderator@mosty.example", "Модератор (демо)", Role.MODERATOR),
    DemoUser(
        "coordinator.smolensk@mosty.example",
        "Координатор: Смоленская область (демо)",
        Role.COORDINATOR,
        "RU-SMO",
    ),
    DemoUser(
        "coordinator.vitebsk@mosty.example",
        "Координатор: Витебская область (демо)",
        Role.COORDINATOR,
        "BY-VI",
    ),
    DemoUser(
        "coordinator.mogilev@mosty.example",
        "Координатор: Могилёвская область (демо)",
        Role.COORDINATOR,
        "BY-MA",
    ),
    DemoUser("representative@mosty.example", "Представитель организации (демо)", Role.REPRESENTATIVE),
    DemoUser("citizen@mosty.example", "Гражданин (демо)", Role.CITIZEN),
]


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    region: str
    kind: str
    names: tuple[str, str, str]  # ru, be, en
    city: tuple[str, ...] = ()  # Russian spellings of the settlement
    sectors: tuple[str, ...] = ()
    website: str = ""
    verified: bool = False


ORGANISATIONS = [
    DemoOrganisation(
        "smolensk_government",
        "RU-SMO",
        OrganisationKind.EXECUTIVE,
        ("Правительство Смоленской области", "Урад Смаленскай вобласці", "Government of Smolensk Oblast"),
        ("Смоленск",),
        ("84",),
        verified=True,
    ),
    DemoOrganisation(
        "smolensk_duma",
        "RU-SMO",
        OrganisationKind.COUNCIL,
        ("Смоленская областная Дума", "Смаленская абласная Дума", "Smolensk Regional Duma"),
        ("Смоленск",),
        ("84",),
        verified=True,
    ),
    DemoOrganisation(
        "smolgu",
        "RU-SMO",
        OrganisationKind.UNIVERSITY,
        (
            "Смоленский государственный университет",
            "Смаленскі дзяржаўны ўніверсітэт",
            "Smolensk State University",
        ),
        ("Смоленск",),
        ("85",),
        website="https://smolgu.ru",
        verified=True,
    ),
    DemoOrganisation(
        "vitebsk_executive",
        "BY-VI",
        OrganisationKind.EXECUTIVE,
        (
            "Витебский областной исполнительный комитет",
            "Віцебскі абласны выканаўчы камітэт",
            "Vitebsk Regional Executive Committee",
        ),
        ("Витебск",),
        ("84",),
        website="https://vitebsk-region.gov.by",
        verified=True,
    ),
    DemoOrganisation(
        "vsu",
        "BY-VI",
        OrganisationKind.UNIVERSITY,
        (
            "Витебский государственный университет имени П. М. Машерова",
            "Віцебскі дзяржаўны ўніверсітэт імя П. М. Машэрава",
            "Vitebsk State University named after P. M. Masherov",
        ),
        ("Витебск",),
        ("85",),
        website="https://vsu.by",
    ),
    DemoOrganisation(
        "mogilev_city_council",
        "BY-MA",
        OrganisationKind.COUNCIL,
        (
            "Могилёвский городской Совет депутатов",
            "Магілёўскі гарадскі Савет дэпутатаў",
            "Mogilev City Council of Deputies",
        ),
        ("Могилёв", "Могилев"),
        ("84",),
    ),
    DemoOrganisation(
        "mogilev_executive",
        "BY-MA",
        OrganisationKind.EXECUTIVE,
        (
            "Могилёвский областной исполнительный комитет",
            "Магілёўскі абласны выканаўчы камітэт",
            "Mogilev Regional Executive Committee",
        ),
        ("Могилёв", "Могилев"),
        ("84",),
        website="https://mogilev-region.gov.by",
        verified=True,
    ),
    DemoOrganisation(
        "bryansk_duma",
        "RU-BRY",
        OrganisationKind.COUNCIL,
        ("Брянская областная Дума", "Бранская абласная Дума", "Bryansk Regional Duma"),
        ("Брянск",),
        ("84",),
    ),
    DemoOrganisation(
        "gomel_executive",
        "BY-HO",
        OrganisationKind.EXECUTIVE,
        (
            "Гомельский областной исполнительный комитет",
            "Гомельскі абласны выканаўчы камітэт",
            "Gomel Regional Executive Committee",
        ),
        ("Гомель",),
        ("84",),
        website="https://gomel-region.gov.by",
    ),
    DemoOrganisation(
        "pskov_assembly",
        "RU-PSK",
        OrganisationKind.COUNCIL,
        (
            "Псковское областное Собрание депутатов",
            "Пскоўскі абласны Сход дэпутатаў",
            "Pskov Regional Assembly of Deputies",
        ),
        ("Псков",),
        ("84",),
    ),
]

# Which demo account represents which organisation.
REPRESENTATIVES = [("representative@mosty.example", "smolgu")]


@dataclass(frozen=True)
class DemoTie:
    kind: str
    region_a: str
    region_b: str
    city_a: tuple[str, ...] = ()
    city_b: tuple[str, ...] = ()
    basis: str = DEMO_TIE_BASIS
    activity: str = ""


TIES = [
    DemoTie(
        TieKind.TWIN_CITIES,
        "RU-SMO",
        "BY-VI",
        ("Смоленск",),
        ("Витебск",),
        basis="Витебск в перечне городов-побратимов на официальном сайте Администрации города Смоленска "
        "(smoladmin.ru)",
    ),
    DemoTie(
        TieKind.TWIN_CITIES,
        "RU-SMO",
        "BY-MA",
        ("Смоленск",),
        ("Могилёв", "Могилев"),
        basis="Могилёв назван одним из городов-побратимов Смоленска в сообщении администрации Смоленска "
        "(РИА Новости, 19.12.2025)",
    ),
    DemoTie(
        TieKind.TWIN_CITIES,
        "RU-SMO",
        "BY-VI",
        ("Смоленск",),
        ("Орша",),
        basis="Орша названа городом-побратимом Смоленска (РИА Новости, 19.12.2025); первый договор "
        "о сотрудничестве городов подписан в 2012 году (smolensk-gid.ru)",
    ),
    DemoTie(
        TieKind.TWIN_CITIES,
        "RU-SMO",
        "BY-MA",
        ("Вязьма",),
        ("Бобруйск",),
        basis="Соглашение о побратимских связях городов Вязьма и Бобруйск (ru24.pro)",
    ),
    DemoTie(
        TieKind.TWIN_CITIES,
        "RU-BRY",
        "BY-HO",
        ("Брянск",),
        ("Гомель",),
        basis="Делегация города-побратима Гомеля на Дне города Брянска, 2023 (сообщение о приёме "
        "губернатором Брянской области)",
    ),
    DemoTie(TieKind.COOPERATION, "RU-SMO", "BY-VI"),
    DemoTie(TieKind.COOPERATION, "RU-PSK", "BY-VI"),
]


@dataclass(frozen=True)
class DemoEvent:
    kind: str
    titles: tuple[str, str, str]
    start: datetime.date
    end: datetime.date | None
    regions: tuple[str, ...]
    places: tuple[str, str, str]
    city: tuple[str, ...]
    organisers: tuple[str, ...]
    actor: str  # e-mail of the demo account that creates it


EVENTS = [
    DemoEvent(
        EventKind.ROUND_TABLE,
        (
            "Круглый стол «Брянск и Гомель — города-побратимы: обмен практиками благоустройства»",
            "Круглы стол «Бранск і Гомель — гарады-пабрацімы: абмен практыкамі добраўпарадкавання»",
            "Round table “Bryansk and Gomel, twin cities: exchanging urban improvement practices”",
        ),
        datetime.date(2026, 12, 10),
        None,
        ("RU-BRY", "BY-HO"),
        ("Брянск", "Бранск", "Bryansk"),
        ("Брянск",),
        ("bryansk_duma", "gomel_executive"),
        "commission@mosty.example",
    ),
    DemoEvent(
        EventKind.ROUND_TABLE,
        (
            "Круглый стол «Приграничное сотрудничество Смоленской и Витебской областей: "
            "транспорт и логистика»",
            "Круглы стол «Памежнае супрацоўніцтва Смаленскай і Віцебскай абласцей: транспарт і лагістыка»",
            "Round table “Cross-border cooperation of Smolensk Oblast and Vitebsk Region: "
            "transport and logistics”",
        ),
        datetime.date(2027, 2, 18),
        None,
        ("RU-SMO", "BY-VI"),
        ("Смоленск", "Смаленск", "Smolensk"),
        ("Смоленск",),
        ("smolensk_government", "vitebsk_executive"),
        "coordinator.smolensk@mosty.example",
    ),
    DemoEvent(
        EventKind.HEARING,
        (
            "Общественные слушания «Молодёжные инициативы в городах-побратимах Могилёве и Смоленске»",
            "Грамадскія слуханні «Маладзёжныя ініцыятывы ў гарадах-пабрацімах Магілёве і Смаленску»",
            "Public hearing “Youth initiatives in the twin cities of Mogilev and Smolensk”",
        ),
        datetime.date(2027, 3, 17),
        None,
        ("BY-MA", "RU-SMO"),
        ("Могилёв", "Магілёў", "Mogilev"),
        ("Могилёв", "Могилев"),
        ("mogilev_city_council",),
        "coordinator.mogilev@mosty.example",
    ),
    DemoEvent(
        EventKind.FIELD_SESSION,
        (
            "Выездное заседание комиссии «Сотрудничество университетов Витебска и Смоленска»",
            "Выязное пасяджэнне камісіі «Супрацоўніцтва ўніверсітэтаў Віцебска і Смаленска»",
            "Field session of the commission “Cooperation of the universities of Vitebsk and Smolensk”",
        ),
        datetime.date(2027, 4, 21),
        datetime.date(2027, 4, 22),
        ("BY-VI", "RU-SMO"),
        ("Витебск", "Віцебск", "Vitebsk"),
        ("Витебск",),
        ("vsu", "smolgu"),
        "commission@mosty.example",
    ),
    DemoEvent(
        EventKind.CONFERENCE,
        (
            "Конференция «Советы депутатов приграничья: межпарламентское сотрудничество Псковской "
            "и Витебской областей»",
            "Канферэнцыя «Саветы дэпутатаў памежжа: міжпарламенцкае супрацоўніцтва Пскоўскай "
            "і Віцебскай абласцей»",
            "Conference “Councils of deputies of the border areas: inter-parliamentary cooperation "
            "of Pskov Oblast and Vitebsk Region”",
        ),
        datetime.date(2027, 5, 19),
        datetime.date(2027, 5, 20),
        ("RU-PSK", "BY-VI"),
        ("Псков", "Пскоў", "Pskov"),
        ("Псков",),
        ("pskov_assembly",),
        "coordinator.vitebsk@mosty.example",
    ),
]


@dataclass
class Tally:
    created: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, *, created: bool) -> None:
        bucket = self.created if created else self.kept
        bucket[what] = bucket.get(what, 0) + 1


class Command(BaseCommand):
    help = (
        "Load a small realistic demo set (accounts, organisations, ties, events, agreements with their "
        "action plans, projects, rates) through the services."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day the demo's deadlines are counted from (YYYY-MM-DD; default: today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: datetime.date = options["today"] or timezone.localdate()
        regions = {region.code: region for region in Region.objects.select_related("country")}
        needed = {user.region for user in USERS if user.region}
        needed |= {org.region for org in ORGANISATIONS}
        needed |= {code for tie in TIES for code in (tie.region_a, tie.region_b)}
        needed |= {code for event in EVENTS for code in event.regions}
        needed |= demo_agreements.REGION_CODES
        missing = sorted(needed - set(regions))
        if missing:
            raise CommandError(
                f"Regions {', '.join(missing)} are not loaded; run `manage.py load_reference_data` first."
            )
        forums = {
            event.forum_number: event
            for event in Event.objects.filter(
                kind=EventKind.FORUM, forum_number__in=demo_agreements.FORUM_NUMBERS, start_date__isnull=False
            )
            if event.forum_number is not None
        }
        missing_forums = sorted(set(demo_agreements.FORUM_NUMBERS) - set(forums))
        if missing_forums:
            raise CommandError(
                f"Forums {', '.join(map(str, missing_forums))} are not loaded; "
                "run `manage.py load_reference_data` first."
            )
        tally = Tally()
        notifications = Notification.objects.count()
        # The demo's notifications are kept in the app; their e-mails (to the demo's .example
        # addresses) are not sent, so the console shows the summary rather than dozens of messages.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            with transaction.atomic():
                users = self._users(regions, tally)
                organisations = self._organisations(regions, users["admin@mosty.example"], tally)
                self._representatives(users, organisations, tally)
                self._ties(regions, users["admin@mosty.example"], tally)
                self._events(regions, users, organisations, tally)
                context = demo_agreements.DemoContext(
                    today=today,
                    regions=regions,
                    organisations=organisations,
                    users=users,
                    coordinators={user.region: user.email for user in USERS if user.region},
                    representatives={key: email for email, key in REPRESENTATIVES},
                    tally=lambda what, created: tally.add(what, created=created),
                )
                demo_agreements.load_rates(context)
                agreements = demo_agreements.load_agreements(context, forums)
                demo_agreements.load_projects(context, agreements)
                # Each capability's own demo, through its services, in the order they build on each other.
                for load_demo in (
                    workspaces_demo.load_demo,
                    events_demo.load_demo,
                    comments_demo.load_demo,
                    consultations_demo.load_demo,
                    initiatives_demo.load_demo,
                ):
                    load_demo(stdout=self.stdout)
            # The daily job, as the worker would run it: marks the commitments past their deadline
            # overdue and sends the reminders due (each once: a second run sends nothing new).
            checked = commitments_check_deadlines(today=today)
        self._report(tally)
        self.stdout.write(
            f"Demo deadline check: {checked['marked_overdue']} commitments marked overdue, "
            f"{checked['reminders_sent']} reminders sent; "
            f"{Notification.objects.count() - notifications} in-app notifications stored "
            "(their e-mails are not sent for the demo accounts)."
        )
        self._accounts()

    # --- parts ------------------------------------------------------------------------------

    def _users(self, regions: dict[str, Region], tally: Tally) -> dict[str, User]:
        existing = {user.email: user for user in User.objects.filter(email__in=[u.email for u in USERS])}
        users = {}
        for demo in USERS:
            user = existing.get(demo.email)
            if user is None:
                user = user_create(
                    email=demo.email,
                    # The documented demo password contains the e-mail's local part, which the
                    # similarity validator (rightly) refuses for real accounts.
                    password=demo_password(demo.email),
                    validate_password=False,
                    full_name=demo.full_name,
                    role=demo.role,
                    region=regions[demo.region] if demo.region else None,
                    email_verified=True,
                )
            tally.add("accounts", created=demo.email not in existing)
            users[demo.email] = user
        return users

    def _organisations(
        self, regions: dict[str, Region], admin: User, tally: Tally
    ) -> dict[str, Organisation]:
        sectors = {sector.code: sector for sector in Sector.objects.filter(code__in={"84", "85"})}
        organisations = {}
        for demo in ORGANISATIONS:
            region = regions[demo.region]
            organisation = Organisation.objects.filter(region=region, name_ru=demo.names[0]).first()
            created = organisation is None
            if organisation is None:
                organisation = organisation_create(
                    actor=admin,
                    kind=demo.kind,
                    region=region,
                    name_ru=demo.names[0],
                    name_be=demo.names[1],
                    name_en=demo.names[2],
                    settlement=_settlement(region, demo.city),
                    sectors=[sectors[code] for code in demo.sectors if code in sectors],
                    website=demo.website,
                )
                if demo.verified:
                    organisation = organisation_verify(actor=admin, organisation=organisation, verified=True)
            tally.add("organisations", created=created)
            organisations[demo.key] = organisation
        return organisations

    def _representatives(
        self, users: dict[str, User], organisations: dict[str, Organisation], tally: Tally
    ) -> None:
        admin = users["admin@mosty.example"]
        for email, key in REPRESENTATIVES:
            organisation, user = organisations[key], users[email]
            present = organisation.representatives.filter(pk=user.pk).exists()
            if not present:
                organisation_add_representative(actor=admin, organisation=organisation, user=user)
            tally.add("representatives", created=not present)

    def _ties(self, regions: dict[str, Region], admin: User, tally: Tally) -> None:
        for demo in TIES:
            region_a, region_b = regions[demo.region_a], regions[demo.region_b]
            settlement_a = _settlement(region_a, demo.city_a) if demo.city_a else None
            settlement_b = _settlement(region_b, demo.city_b) if demo.city_b else None
            if (demo.city_a and settlement_a is None) or (demo.city_b and settlement_b is None):
                sides = f"{'/'.join(demo.city_a)} — {'/'.join(demo.city_b)}"
                self.stderr.write(f"Skipped the tie {sides}: settlement not loaded.")
                continue
            same = Q(
                region_a=region_a, region_b=region_b, settlement_a=settlement_a, settlement_b=settlement_b
            )
            mirrored = Q(
                region_a=region_b, region_b=region_a, settlement_a=settlement_b, settlement_b=settlement_a
            )
            exists = Tie.objects.filter(same | mirrored, kind=demo.kind).exists()
            if not exists:
                tie_create(
                    actor=admin,
                    kind=demo.kind,
                    region_a=region_a,
                    region_b=region_b,
                    settlement_a=settlement_a,
                    settlement_b=settlement_b,
                    basis=demo.basis,
                    status=TieStatus.ACTIVE,
                    activity=demo.activity,
                )
            tally.add("ties", created=not exists)

    def _events(
        self,
        regions: dict[str, Region],
        users: dict[str, User],
        organisations: dict[str, Organisation],
        tally: Tally,
    ) -> None:
        existing = set(
            Event.objects.filter(title_ru__in=[e.titles[0] for e in EVENTS]).values_list(
                "title_ru", flat=True
            )
        )
        for demo in EVENTS:
            created = demo.titles[0] not in existing
            if created:
                host = [regions[code] for code in demo.regions]
                event_create(
                    actor=users[demo.actor],
                    kind=demo.kind,
                    title_ru=demo.titles[0],
                    title_be=demo.titles[1],
                    title_en=demo.titles[2],
                    start_date=demo.start,
                    end_date=demo.end,
                    place_ru=demo.places[0],
                    place_be=demo.places[1],
                    place_en=demo.places[2],
                    settlement=_settlement(host[0], demo.city),
                    regions=host,
                    organisers=[organisations[key] for key in demo.organisers],
                    description=DEMO_EVENT_NOTE,
                )
            tally.add("events", created=created)

    def _report(self, tally: Tally) -> None:
        for what in (
            "accounts",
            "organisations",
            "representatives",
            "ties",
            "events",
            "currency rates",
            "agreements",
            "projects",
        ):
            created, kept = tally.created.get(what, 0), tally.kept.get(what, 0)
            self.stdout.write(f"Demo {what}: {created} created, {kept} already present.")

    def _accounts(self) -> None:
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING("Demo accounts, for a local demo only (never on a public server):")
        )
        for demo in USERS:
            region = f" ({demo.region})" if demo.region else ""
            self.stdout.write(f"  {demo.email:<38} {demo_password(demo.email):<36} {demo.role}{region}")
        self.stdout.write(
            f"Every demo password is “{DEMO_PASSWORD_PREFIX}” followed by the part of the e-mail before “@”."
        )
        self.stdout.write(
            "Sign in at /accounts/login/ as admin@mosty.example with the password mosty-demo-admin; "
            "staff accounts are asked to set up two-factor authentication (TOTP) at their first sign-in."
        )


def _settlement(region: Region, spellings: tuple[str, ...]) -> Settlement | None:
    """The most populous settlement of the region with one of these Russian names."""
    if not spellings:
        return None
    return (
        Settlement.objects.filter(region=region, name_ru__in=spellings).order_by("-population", "pk").first()
    )

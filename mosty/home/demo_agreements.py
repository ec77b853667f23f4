"""The demo set's agreements, projects and rate table, made by calling the services (see load_demo_data).

Agreements are between real regions and real public bodies, signed at real Forums of Regions (the
forum events of the reference data, found by number); their numbers, texts and action plans are
composed for the demo, and each says so in its description. No person is named: parties carry the
signatory's position only. Deadlines are set relative to the day the command runs ("today"), so the
mix of done, done late, in progress and overdue commitments stays the same whenever it is loaded.

Idempotent: an agreement is recognised by its forum and number, a project by its title, a rate by
its currency and date; what exists is left as it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from mosty.accounts.models import User
from mosty.agreements.models import Agreement, AgreementKind, AgreementStatus, Prolongation, Visibility
from mosty.agreements.services import (
    PartyInput,
    agreement_add_commitment,
    agreement_create,
    agreement_set_status,
)
from mosty.commitments.models import Commitment
from mosty.commitments.services import report_accept, report_return, report_submit
from mosty.events.models import Event
from mosty.money.models import CurrencyRate
from mosty.money.services import currency_rate_set
from mosty.organisations.models import Organisation
from mosty.projects.models import PartnerRole, Project, ProjectKind, ProjectStatus
from mosty.projects.services import (
    PartnerInput,
    project_add_milestone,
    project_create,
    project_link_agreement,
    project_set_status,
)
from mosty.sectors.models import Sector
from mosty.territories.models import Region

DEMO_AGREEMENT_NOTE = (
    "Демонстрационная запись: реквизиты и план мероприятий составлены для показа возможностей платформы."
)
DEMO_RATE_SOURCE = "Демонстрационный курс, не официальный"
DEMO_RATE_DATE = datetime.date(2025, 1, 1)
DEMO_RATES = {"BYN": Decimal("29.5"), "USD": Decimal("101.7"), "EUR": Decimal("106.1")}

# What becomes of a commitment in the demo.
DONE = "done"  # an accepted report before the deadline
LATE = "late"  # an accepted report after the deadline
PROGRESS = "progress"  # an accepted report with part of the planned value; deadline ahead
OVERDUE = "overdue"  # no report, deadline passed: the deadline check marks it overdue
PLANNED = "planned"  # nothing reported yet; deadline ahead
SUBMITTED = "submitted"  # a report awaiting verification
RETURNED = "returned"  # a report returned to its author with a comment

REPORT_TEXTS = {
    DONE: "Выполнено в полном объёме. Итоги рассмотрены на заседании совместной рабочей группы.",
    LATE: "Выполнено с переносом сроков по согласованию сторон. Итоги рассмотрены рабочей группой.",
    PROGRESS: "Работа ведётся по согласованному сторонами графику; промежуточные итоги приведены в отчёте.",
    SUBMITTED: "Подготовлены материалы о ходе выполнения; направлены на проверку координатору.",
    RETURNED: "Подготовлены материалы о ходе выполнения.",
}
RETURN_COMMENT = "Приложите подтверждающие документы: программу мероприятия и список участников."


@dataclass(frozen=True)
class DemoParty:
    key: str  # a demo organisation's key, or a region's code
    position: str  # the signatory's position; no person is named


@dataclass(frozen=True)
class DemoCommitment:
    title: str
    responsible: str  # a demo organisation's key, or a region's code
    outcome: str
    days: int  # the deadline, in days from today (negative: past)
    unit: str = ""
    planned: Decimal | None = None
    actual: Decimal | None = None  # the value reported, for the outcomes with a report
    co_executors: tuple[str, ...] = ()
    counterpart: str = ""  # where both sides act: the other side's organisation key or region code


@dataclass(frozen=True)
class DemoAgreement:
    forum: int
    number: str
    kind: str
    title: str
    parties: tuple[DemoParty, ...]
    commitments: tuple[DemoCommitment, ...]
    sectors: tuple[str, ...] = ()
    amount: Decimal | None = None
    currency: str = ""
    restricted: bool = False
    completed: bool = False


SMOLENSK_GOVERNOR = "Губернатор Смоленской области"
VITEBSK_CHAIR = "Председатель Витебского областного исполнительного комитета"
MOGILEV_CHAIR = "Председатель Могилёвского областного исполнительного комитета"

AGREEMENTS = [
    DemoAgreement(
        11,
        "ДЕМО-XI-01",
        AgreementKind.BETWEEN_REGIONS,
        "Соглашение о торгово-экономическом, научно-техническом и культурном сотрудничестве между "
        "Правительством Смоленской области и Витебским областным исполнительным комитетом",
        (DemoParty("smolensk_government", SMOLENSK_GOVERNOR), DemoParty("vitebsk_executive", VITEBSK_CHAIR)),
        (
            DemoCommitment(
                "Провести совместную выставку-ярмарку товаропроизводителей Смоленской и Витебской "
                "областей в г. Смоленске",
                "smolensk_government",
                DONE,
                -330,
                "предприятий-участников",
                Decimal(60),
                Decimal(64),
                counterpart="vitebsk_executive",
            ),
            DemoCommitment(
                "Организовать стажировку 20 молодых специалистов органов государственного управления "
                "Витебской области в Смоленской области",
                "BY-VI",
                PROGRESS,
                120,
                "человек",
                Decimal(20),
                Decimal(8),
            ),
            DemoCommitment(
                "Провести Дни культуры Витебской области в Смоленской области", "BY-VI", LATE, -200
            ),
            DemoCommitment(
                "Создать совместную рабочую группу по развитию транспортно-логистической инфраструктуры "
                "приграничья",
                "RU-SMO",
                OVERDUE,
                -45,
            ),
            DemoCommitment(
                "Разработать совместный туристический маршрут «Смоленск — Витебск»",
                "RU-SMO",
                PLANNED,
                250,
                counterpart="BY-VI",
            ),
        ),
        sectors=("46", "85", "90"),
    ),
    DemoAgreement(
        11,
        "ДЕМО-XI-02",
        AgreementKind.BETWEEN_ORGANISATIONS,
        "Соглашение о научно-образовательном сотрудничестве между Смоленским государственным "
        "университетом и Витебским государственным университетом имени П. М. Машерова",
        (
            DemoParty("smolgu", "Ректор Смоленского государственного университета"),
            DemoParty("vsu", "Ректор Витебского государственного университета имени П. М. Машерова"),
        ),
        (
            DemoCommitment(
                "Организовать академический обмен студентами в рамках семестрового обучения",
                "smolgu",
                DONE,
                -150,
                "студентов",
                Decimal(15),
                Decimal(15),
                co_executors=("vsu",),
            ),
            DemoCommitment(
                "Провести совместную научную конференцию молодых учёных «Приграничье: история и "
                "современность»",
                "smolgu",
                LATE,
                -260,
                co_executors=("vsu",),
            ),
            DemoCommitment(
                "Подготовить совместное учебное пособие по истории Смоленско-Витебского приграничья",
                "smolgu",
                SUBMITTED,
                90,
            ),
            DemoCommitment(
                "Провести летнюю школу для студентов и аспирантов двух университетов",
                "vsu",
                PLANNED,
                200,
                "участников",
                Decimal(40),
                counterpart="smolgu",
            ),
        ),
        sectors=("85", "72"),
    ),
    DemoAgreement(
        11,
        "ДЕМО-XI-03",
        AgreementKind.BETWEEN_REGIONS,
        "Соглашение о сотрудничестве между Псковской областью и Витебской областью в сфере приграничного "
        "туризма и сохранения историко-культурного наследия",
        (DemoParty("RU-PSK", "Губернатор Псковской области"), DemoParty("BY-VI", VITEBSK_CHAIR)),
        (
            DemoCommitment(
                "Включить объекты историко-культурного наследия Псковской и Витебской областей в совместный "
                "каталог туристических маршрутов",
                "RU-PSK",
                DONE,
                -280,
                "объектов",
                Decimal(30),
                Decimal(34),
            ),
            DemoCommitment(
                "Провести совместный информационный тур для туроператоров двух областей",
                "BY-VI",
                OVERDUE,
                -70,
                counterpart="RU-PSK",
            ),
            DemoCommitment(
                "Организовать участие предприятий туриндустрии Витебской области в туристической выставке "
                "в г. Пскове",
                "BY-VI",
                RETURNED,
                60,
            ),
        ),
        sectors=("79",),
    ),
    DemoAgreement(
        12,
        "ДЕМО-XII-01",
        AgreementKind.BETWEEN_REGIONS,
        "Соглашение между Брянской областью и Гомельской областью о сотрудничестве в агропромышленном "
        "комплексе",
        (
            DemoParty("RU-BRY", "Губернатор Брянской области"),
            DemoParty("gomel_executive", "Председатель Гомельского областного исполнительного комитета"),
        ),
        (
            DemoCommitment(
                "Организовать поставки семенного картофеля из Брянской области в Гомельскую область",
                "RU-BRY",
                PROGRESS,
                150,
                "тонн",
                Decimal(500),
                Decimal(180),
            ),
            DemoCommitment(
                "Провести совместный семинар специалистов ветеринарных служб по профилактике африканской "
                "чумы свиней",
                "BY-HO",
                DONE,
                -120,
            ),
            DemoCommitment(
                "Провести совместную агропромышленную выставку-ярмарку в г. Гомеле", "BY-HO", OVERDUE, -30
            ),
        ),
        sectors=("01",),
        amount=Decimal("850000000"),
        currency="RUB",
    ),
    DemoAgreement(
        12,
        "ДЕМО-XII-02",
        AgreementKind.TRADE_CONTRACT,
        "Программа поставок продукции машиностроения предприятий Могилёвской области для нужд Смоленской "
        "области на 2025–2027 годы",
        (DemoParty("smolensk_government", SMOLENSK_GOVERNOR), DemoParty("mogilev_executive", MOGILEV_CHAIR)),
        (
            DemoCommitment(
                "Поставить коммунальную технику для муниципальных образований Смоленской области",
                "BY-MA",
                PROGRESS,
                300,
                "единиц техники",
                Decimal(40),
                Decimal(12),
            ),
            DemoCommitment(
                "Открыть сервисный центр по обслуживанию поставленной техники в г. Смоленске",
                "RU-SMO",
                DONE,
                -60,
            ),
            DemoCommitment("Согласовать график поставок на 2026 год", "RU-SMO", LATE, -100),
        ),
        sectors=("28", "46"),
        amount=Decimal("45000000"),
        currency="BYN",
        restricted=True,
    ),
    DemoAgreement(
        10,
        "ДЕМО-X-01",
        AgreementKind.BETWEEN_REGIONS,
        "Соглашение между Правительством Республики Башкортостан и Гродненским областным исполнительным "
        "комитетом о торгово-экономическом, научно-техническом и гуманитарном сотрудничестве",
        (
            DemoParty("RU-BA", "Глава Республики Башкортостан"),
            DemoParty("BY-HR", "Председатель Гродненского областного исполнительного комитета"),
        ),
        (
            DemoCommitment(
                "Провести бизнес-миссию предприятий Республики Башкортостан в Гродненскую область",
                "RU-BA",
                DONE,
                -500,
            ),
            DemoCommitment(
                "Организовать обмен делегациями молодёжных организаций",
                "BY-HR",
                DONE,
                -420,
                "человек",
                Decimal(40),
                Decimal(46),
            ),
            DemoCommitment(
                "Провести совместный фестиваль национальных культур в г. Гродно", "BY-HR", LATE, -380
            ),
        ),
        sectors=("46", "85"),
        completed=True,
    ),
    DemoAgreement(
        9,
        "ДЕМО-IX-01",
        AgreementKind.ACTION_PLAN,
        "План мероприятий по реализации Соглашения о сотрудничестве между Смоленской областью и Могилёвской "
        "областью на 2022–2025 годы",
        (DemoParty("RU-SMO", SMOLENSK_GOVERNOR), DemoParty("mogilev_executive", MOGILEV_CHAIR)),
        (
            DemoCommitment(
                "Провести заседание совместной рабочей группы по реализации Соглашения", "RU-SMO", DONE, -600
            ),
            DemoCommitment(
                "Организовать обмен опытом специалистов в сфере жилищно-коммунального хозяйства",
                "BY-MA",
                DONE,
                -540,
            ),
            DemoCommitment(
                "Провести совместный молодёжный форум «Смоленщина — Могилёвщина»", "BY-MA", LATE, -480
            ),
            DemoCommitment(
                "Подготовить сводный отчёт о выполнении плана мероприятий", "RU-SMO", OVERDUE, -150
            ),
        ),
        sectors=("84",),
    ),
    DemoAgreement(
        12,
        "ДЕМО-XII-03",
        AgreementKind.MEMORANDUM,
        "Меморандум о сотрудничестве между Правительством Нижегородской области и Минским областным "
        "исполнительным комитетом в сфере промышленной кооперации",
        (
            DemoParty("RU-NIZ", "Губернатор Нижегородской области"),
            DemoParty("BY-MI", "Председатель Минского областного исполнительного комитета"),
        ),
        (
            DemoCommitment(
                "Провести биржу деловых контактов предприятий автомобилестроения двух регионов",
                "RU-NIZ",
                DONE,
                -90,
            ),
            DemoCommitment(
                "Подготовить перечень совместных проектов промышленной кооперации",
                "BY-MI",
                PROGRESS,
                60,
                "проектов",
                Decimal(10),
                Decimal(4),
            ),
            DemoCommitment(
                "Организовать стажировку инженеров предприятий Минской области на предприятиях "
                "Нижегородской области",
                "RU-NIZ",
                PLANNED,
                180,
                "человек",
                Decimal(25),
            ),
        ),
        sectors=("29",),
    ),
]


@dataclass(frozen=True)
class DemoProject:
    kind: str
    title: str
    goals: str
    period: tuple[datetime.date, datetime.date]
    partners: tuple[tuple[str, str], ...]  # (organisation key or region code, role)
    milestones: tuple[DemoCommitment, ...]
    agreement: tuple[int, str]  # the related agreement: (forum number, number)
    budget: Decimal | None = None
    currency: str = ""


PROJECTS = [
    DemoProject(
        ProjectKind.PRIORITY_PROGRAMME,
        "Программа приграничного сотрудничества Смоленской области и Витебской области на 2025–2027 годы",
        "Развитие экспорта малого и среднего бизнеса, молодёжных обменов и приграничной инфраструктуры.",
        (datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)),
        (("RU-SMO", PartnerRole.LEAD), ("BY-VI", PartnerRole.PARTNER)),
        (
            DemoCommitment(
                "Открыть совместный центр поддержки экспорта для малого и среднего бизнеса",
                "RU-SMO",
                DONE,
                -240,
            ),
            DemoCommitment(
                "Провести совместные мероприятия для молодёжи приграничных районов",
                "BY-VI",
                PROGRESS,
                400,
                "мероприятий",
                Decimal(12),
                Decimal(5),
            ),
            DemoCommitment(
                "Подготовить предложения по развитию приграничной транспортной инфраструктуры",
                "RU-SMO",
                OVERDUE,
                -20,
            ),
        ),
        (11, "ДЕМО-XI-01"),
        budget=Decimal("120000000"),
        currency="RUB",
    ),
    DemoProject(
        ProjectKind.COOPERATION_PROJECT,
        "Совместная летняя школа молодых исследователей Смоленского государственного университета и "
        "Витебского государственного университета имени П. М. Машерова",
        "Совместные исследования студентов и аспирантов двух университетов по истории и экологии "
        "приграничья.",
        (datetime.date(2025, 9, 1), datetime.date(2027, 8, 31)),
        (("smolgu", PartnerRole.LEAD), ("vsu", PartnerRole.PARTNER)),
        (
            DemoCommitment("Разработать программу летней школы", "smolgu", DONE, -100),
            DemoCommitment(
                "Провести первую летнюю школу в г. Витебске", "vsu", PLANNED, 210, "участников", Decimal(40)
            ),
        ),
        (11, "ДЕМО-XI-02"),
    ),
]

REGION_CODES = {
    key
    for agreement in AGREEMENTS
    for key in [party.key for party in agreement.parties] + [c.responsible for c in agreement.commitments]
    if "-" in key
} | {key for project in PROJECTS for key, _role in project.partners if "-" in key}
FORUM_NUMBERS = sorted({agreement.forum for agreement in AGREEMENTS})


class DemoContext:
    """What the demo's agreements refer to, and who reports and verifies for each responsible party."""

    def __init__(
        self,
        *,
        today: datetime.date,
        regions: dict[str, Region],
        organisations: dict[str, Organisation],
        users: dict[str, User],
        coordinators: dict[str, str],  # region code → the demo coordinator's e-mail
        representatives: dict[str, str],  # organisation key → the demo representative's e-mail
        tally: Callable[[str, bool], None],
    ) -> None:
        self.today = today
        self.regions = regions
        self.organisations = organisations
        self.users = users
        self.coordinators = coordinators
        self.representatives = representatives
        self.tally = tally
        self.commission = users["commission@mosty.example"]
        self.admin = users["admin@mosty.example"]
        self.sectors = {sector.code: sector for sector in Sector.objects.all()}

    def responsible(self, key: str) -> dict[str, Organisation | Region]:
        if key in self.organisations:
            return {"responsible_organisation": self.organisations[key]}
        return {"responsible_region": self.regions[key]}

    def counterpart(self, key: str) -> dict[str, Organisation | Region]:
        """The responsible party on the other side, where both sides act (no key: none)."""
        if not key:
            return {}
        if key in self.organisations:
            return {"counterpart_organisation": self.organisations[key]}
        return {"counterpart_region": self.regions[key]}

    def region_code_of(self, key: str) -> str:
        return self.organisations[key].region.code if key in self.organisations else key

    def reporter_and_verifier(self, key: str) -> tuple[User, User]:
        """The representative or coordinator of the responsible party reports, and the coordinator of
        its region or the commission verifies; where the demo has neither, the commission reports and
        the administrator verifies."""
        coordinator = self.coordinators.get(self.region_code_of(key))
        if key in self.representatives:
            reporter = self.users[self.representatives[key]]
            return reporter, self.users[coordinator] if coordinator else self.commission
        if key not in self.organisations and coordinator:
            return self.users[coordinator], self.commission
        return self.commission, self.users[coordinator] if coordinator else self.admin


def load_rates(context: DemoContext) -> None:
    existing = set(
        CurrencyRate.objects.filter(valid_from=DEMO_RATE_DATE, currency__in=DEMO_RATES).values_list(
            "currency", flat=True
        )
    )
    for currency, rate in DEMO_RATES.items():
        # A rate the commission has entered for that day is never replaced by a demo one.
        if currency not in existing:
            currency_rate_set(
                actor=context.commission,
                currency=currency,
                valid_from=DEMO_RATE_DATE,
                rate_to_rub=rate,
                source=DEMO_RATE_SOURCE,
            )
        context.tally("currency rates", currency not in existing)


def _play(context: DemoContext, commitment: Commitment, demo: DemoCommitment, start: datetime.date) -> None:
    """Report on the commitment and verify as its demo outcome says."""
    if demo.outcome in (PLANNED, OVERDUE):
        return
    reporter, verifier = context.reporter_and_verifier(demo.responsible)
    deadline = commitment.deadline or context.today
    reported_on = {
        DONE: deadline - datetime.timedelta(days=12),
        LATE: deadline + datetime.timedelta(days=25),
    }.get(demo.outcome, context.today - datetime.timedelta(days=20))
    reported_on = max(start, min(reported_on, context.today))
    report = report_submit(
        actor=reporter,
        commitment=commitment,
        reported_on=reported_on,
        text=REPORT_TEXTS[demo.outcome],
        actual_value=demo.actual,
        marks_done=demo.outcome in (DONE, LATE),
        today=context.today,
    )
    if demo.outcome == RETURNED:
        report_return(actor=verifier, report=report, comment=RETURN_COMMENT)
    elif demo.outcome != SUBMITTED:
        report_accept(actor=verifier, report=report)


def _deadline(context: DemoContext, demo: DemoCommitment, start: datetime.date) -> datetime.date:
    # Never before the start (a deadline before signing is refused); only matters for a clock far back.
    return max(context.today + datetime.timedelta(days=demo.days), start + datetime.timedelta(days=30))


def _party(context: DemoContext, party: DemoParty) -> PartyInput:
    if party.key in context.organisations:
        return PartyInput(organisation=context.organisations[party.key], signatory_position=party.position)
    return PartyInput(region=context.regions[party.key], signatory_position=party.position)


def load_agreements(context: DemoContext, forums: dict[int, Event]) -> dict[tuple[int, str], Agreement]:
    numbers = {event.pk: number for number, event in forums.items()}
    recorded = Agreement.objects.filter(
        event__in=forums.values(), number__in=[demo.number for demo in AGREEMENTS]
    ).order_by("pk")
    existing = {
        (numbers[agreement.event_id], agreement.number): agreement
        for agreement in recorded
        if agreement.event_id is not None
    }
    agreements = {}
    for demo in AGREEMENTS:
        key = (demo.forum, demo.number)
        agreement = existing.get(key)
        if agreement is None:
            agreement = _create_agreement(context, demo, forums[demo.forum])
        context.tally("agreements", key not in existing)
        agreements[key] = agreement
    return agreements


def _create_agreement(context: DemoContext, demo: DemoAgreement, forum: Event) -> Agreement:
    assert forum.start_date is not None  # the forums the demo uses all have dates
    signed_on = forum.start_date + datetime.timedelta(days=1)
    agreement = agreement_create(
        actor=context.commission,
        title=demo.title,
        kind=demo.kind,
        parties=[_party(context, party) for party in demo.parties],
        number=demo.number,
        signed_on=signed_on,
        place=forum.place_ru,
        event=forum,
        valid_from=signed_on,
        valid_to=signed_on.replace(year=signed_on.year + 5),
        prolongation=Prolongation.AUTOMATIC,
        amount=demo.amount,
        currency=demo.currency,
        sectors=[context.sectors[code] for code in demo.sectors if code in context.sectors],
        description=DEMO_AGREEMENT_NOTE,
        visibility=Visibility.RESTRICTED if demo.restricted else Visibility.PUBLIC,
        status=AgreementStatus.IN_FORCE,
    )
    for item in demo.commitments:
        commitment = agreement_add_commitment(
            actor=context.commission,
            agreement=agreement,
            title=item.title,
            deadline=_deadline(context, item, signed_on),
            indicator_unit=item.unit,
            planned_value=item.planned,
            co_executors=[context.organisations[key] for key in item.co_executors],
            **context.responsible(item.responsible),  # type: ignore[arg-type]
            **context.counterpart(item.counterpart),  # type: ignore[arg-type]
        )
        _play(context, commitment, item, signed_on)
    if demo.completed:
        agreement = agreement_set_status(
            actor=context.commission,
            agreement=agreement,
            status=AgreementStatus.COMPLETED,
            expected_version=Agreement.objects.get(pk=agreement.pk).version,
        )
    return agreement


def load_projects(context: DemoContext, agreements: dict[tuple[int, str], Agreement]) -> None:
    existing = set(
        Project.objects.filter(title__in=[demo.title for demo in PROJECTS]).values_list("title", flat=True)
    )
    for demo in PROJECTS:
        if demo.title not in existing:
            _create_project(context, demo, agreements[demo.agreement])
        context.tally("projects", demo.title not in existing)


def _create_project(context: DemoContext, demo: DemoProject, agreement: Agreement) -> None:
    partners = [
        PartnerInput(organisation=context.organisations[key], role=role)
        if key in context.organisations
        else PartnerInput(region=context.regions[key], role=role)
        for key, role in demo.partners
    ]
    start, end = demo.period
    project = project_create(
        actor=context.commission,
        kind=demo.kind,
        title=demo.title,
        goals=demo.goals,
        description=DEMO_AGREEMENT_NOTE,
        period_start=start,
        period_end=end,
        partners=partners,
        budget=demo.budget,
        currency=demo.currency,
    )
    project = project_set_status(
        actor=context.commission,
        project=project,
        status=ProjectStatus.IN_PROGRESS,
        expected_version=project.version,
    )
    project_link_agreement(actor=context.commission, project=project, agreement=agreement)
    for item in demo.milestones:
        milestone = project_add_milestone(
            actor=context.commission,
            project=project,
            title=item.title,
            deadline=_deadline(context, item, start),
            indicator_unit=item.unit,
            planned_value=item.planned,
            **context.responsible(item.responsible),  # type: ignore[arg-type]
            **context.counterpart(item.counterpart),  # type: ignore[arg-type]
        )
        _play(context, milestone, item, start)

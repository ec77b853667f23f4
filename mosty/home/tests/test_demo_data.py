from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.agreements.models import Agreement, AgreementParty, AgreementStatus, Visibility
from mosty.commitments.models import Commitment, ProgressReport, Status
from mosty.core.models import AuditEntry, Notification
from mosty.events.models import Event, EventKind
from mosty.home.demo_agreements import DEMO_AGREEMENT_NOTE, DEMO_RATE_SOURCE
from mosty.home.management.commands.load_demo_data import EVENTS
from mosty.money.models import CurrencyRate
from mosty.organisations.models import Organisation
from mosty.projects.models import Project, ProjectKind
from mosty.territories.models import Region
from mosty.ties.models import Tie, TieKind

pytestmark = pytest.mark.django_db

# The regions and towns the demo set refers to, as load_reference_data would have loaded them.
REGIONS = {
    "RU-SMO": ("RU", ["Смоленск", "Вязьма"]),
    "RU-BRY": ("RU", ["Брянск"]),
    "RU-PSK": ("RU", ["Псков"]),
    "BY-VI": ("BY", ["Витебск", "Орша"]),
    "BY-MA": ("BY", ["Могилёв", "Бобруйск"]),
    "BY-HO": ("BY", ["Гомель"]),
    "RU-BA": ("RU", []),
    "RU-NIZ": ("RU", []),
    "BY-HR": ("BY", []),
    "BY-MI": ("BY", []),
}
# The Forums of Regions the demo agreements were signed at, as load_reference_data loads them.
FORUMS = {
    9: (datetime.date(2022, 6, 30), "Гродно"),
    10: (datetime.date(2023, 6, 26), "Уфа"),
    11: (datetime.date(2024, 6, 26), "Витебск"),
    12: (datetime.date(2025, 6, 25), "Нижний Новгород"),
}
TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def reference() -> dict[str, Region]:
    regions = {}
    for code, (country, towns) in REGIONS.items():
        region = factories.RegionFactory(code=code, country=factories.CountryFactory(code=country))
        for population, town in enumerate(reversed(towns), start=1):
            factories.SettlementFactory(region=region, name_ru=town, population=population * 100_000)
        regions[code] = region
    factories.SectorFactory(code="84")
    factories.SectorFactory(code="85")
    for number, (start, place) in FORUMS.items():
        factories.EventFactory(
            kind=EventKind.FORUM, forum_number=number, start_date=start, year=start.year, place_ru=place
        )
    return regions


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "organisations": Organisation.objects.count(),
        "ties": Tie.objects.count(),
        "events": Event.objects.count(),
        "audit": AuditEntry.objects.count(),
        "representatives": Organisation.representatives.through.objects.count(),
        "agreements": Agreement.objects.count(),
        "commitments": Commitment.objects.count(),
        "reports": ProgressReport.objects.count(),
        "projects": Project.objects.count(),
        "rates": CurrencyRate.objects.count(),
        "notifications": Notification.objects.count(),
    }


def test_demo_data_loads_accounts_organisations_ties_and_events(reference: dict[str, Region]) -> None:
    out = io.StringIO()

    call_command("load_demo_data", stdout=out)

    admin = User.objects.get(email="admin@mosty.example")
    assert admin.role == Role.ADMIN and admin.is_superuser
    assert admin.check_password("mosty-demo-admin")
    assert EmailAddress.objects.get(user=admin).verified
    smolensk = User.objects.get(email="coordinator.smolensk@mosty.example")
    assert (smolensk.role, smolensk.region.code) == (Role.COORDINATOR, "RU-SMO")
    assert smolensk.check_password("mosty-demo-coordinator.smolensk")
    assert {u.role for u in User.objects.all()} == set(Role.values)

    vitebsk = Organisation.objects.get(name_ru="Витебский областной исполнительный комитет")
    assert (vitebsk.region.code, vitebsk.name_en, vitebsk.is_verified) == (
        "BY-VI",
        "Vitebsk Regional Executive Committee",
        True,
    )
    assert vitebsk.settlement.name_ru == "Витебск"
    assert Organisation.objects.filter(representatives__email="representative@mosty.example").count() == 1

    twins = Tie.objects.get(
        kind=TieKind.TWIN_CITIES, settlement_a__name_ru="Смоленск", settlement_b__name_ru="Витебск"
    )
    assert "smoladmin.ru" in twins.basis
    assert set(Tie.objects.filter(kind=TieKind.COOPERATION).values_list("basis", flat=True)) == {
        "Демонстрационная запись"
    }

    # The registry's own demo events (the events app adds its round table and hearing on top).
    home_events = Event.objects.filter(title_ru__in=[event.titles[0] for event in EVENTS])
    assert home_events.count() == len(EVENTS) == 5
    for event in home_events:
        assert event.title_ru and event.title_be and event.title_en
        assert "Демонстрационное событие" in event.description
        assert event.regions.exists() and event.organisers.exists()
        assert event.start_date.year in (2026, 2027)

    output = out.getvalue()
    assert "admin@mosty.example" in output and "mosty-demo-admin" in output
    assert "local demo only" in output


def test_demo_agreements_are_signed_at_real_forums_with_done_late_and_overdue_commitments(
    reference: dict[str, Region],
) -> None:
    out = io.StringIO()

    call_command("load_demo_data", f"--today={TODAY.isoformat()}", stdout=out)

    agreements = Agreement.objects.select_related("event")
    assert agreements.count() == 8
    assert {agreement.event.forum_number for agreement in agreements} == {9, 10, 11, 12}
    for agreement in agreements:
        assert agreement.description == DEMO_AGREEMENT_NOTE
        assert agreement.signed_on == agreement.event.start_date + datetime.timedelta(days=1)
        commitments = Commitment.objects.filter(source_kind="agreement", source_id=agreement.pk)
        assert 3 <= commitments.count() <= 6
        assert all(c.deadline >= agreement.signed_on for c in commitments)
    smolensk_vitebsk = agreements.get(number="ДЕМО-XI-01")
    assert smolensk_vitebsk.title.startswith("Соглашение о торгово-экономическом")
    assert list(smolensk_vitebsk.parties.values_list("signatory_position", flat=True)) == [
        "Губернатор Смоленской области",
        "Председатель Витебского областного исполнительного комитета",
    ]
    # Positions only: the demo names no person.
    assert set(AgreementParty.objects.values_list("signatory_name", flat=True)) == {""}
    assert agreements.filter(visibility=Visibility.RESTRICTED).count() == 1
    assert agreements.get(number="ДЕМО-X-01").status == AgreementStatus.COMPLETED

    commitments = Commitment.objects.filter(source_kind="agreement")
    done = commitments.filter(status=Status.DONE)
    assert sum(not c.done_late for c in done) >= 5 and sum(c.done_late for c in done) >= 4
    overdue = commitments.filter(status=Status.OVERDUE)
    assert overdue.count() == 4 and all(c.deadline < TODAY for c in overdue)
    assert commitments.filter(status=Status.IN_PROGRESS, actual_value__gt=0).count() == 4
    assert ProgressReport.objects.filter(status=ProgressReport.ReviewStatus.SUBMITTED).count() == 1
    assert ProgressReport.objects.filter(status=ProgressReport.ReviewStatus.RETURNED).count() == 1
    # Reports are written by the responsible side and verified by someone else.
    assert not ProgressReport.objects.filter(reviewed_by=F("author")).exists()

    assert dict(CurrencyRate.objects.values_list("currency", "rate_to_rub")) == {
        "BYN": Decimal("29.5"),
        "USD": Decimal("101.7"),
        "EUR": Decimal("106.1"),
    }
    assert set(CurrencyRate.objects.values_list("source", flat=True)) == {DEMO_RATE_SOURCE}
    assert set(Project.objects.values_list("kind", flat=True)) == set(ProjectKind.values)
    for project in Project.objects.all():
        assert project.related_agreements.exists()
        assert Commitment.objects.filter(source_kind="project", source_id=project.pk).count() >= 2
    assert "Demo agreements: 8 created" in out.getvalue()
    # 4 of agreements, 1 of a project, 1 decision of the demo hearing in Vitebsk.
    assert "6 commitments marked overdue" in out.getvalue()


def test_a_second_run_changes_nothing(reference: dict[str, Region]) -> None:
    call_command("load_demo_data", stdout=io.StringIO())
    first = counts()

    out = io.StringIO()
    call_command("load_demo_data", stdout=out)

    assert counts() == first
    assert "0 created" in out.getvalue()


def test_demo_data_needs_the_reference_data_first(db: None) -> None:
    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("load_demo_data", stdout=io.StringIO())

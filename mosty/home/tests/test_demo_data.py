from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.core.models import AuditEntry
from mosty.events.models import Event
from mosty.organisations.models import Organisation
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
}


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
    return regions


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "organisations": Organisation.objects.count(),
        "ties": Tie.objects.count(),
        "events": Event.objects.count(),
        "audit": AuditEntry.objects.count(),
        "representatives": Organisation.representatives.through.objects.count(),
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

    assert Event.objects.count() == 5
    for event in Event.objects.all():
        assert event.title_ru and event.title_be and event.title_en
        assert "Демонстрационное событие" in event.description
        assert event.regions.exists() and event.organisers.exists()
        assert event.start_date.year in (2026, 2027)

    output = out.getvalue()
    assert "admin@mosty.example" in output and "mosty-demo-admin" in output
    assert "local demo only" in output


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

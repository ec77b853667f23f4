"""The demo events, made through the services on the accounts and regions load_demo_data makes."""

from __future__ import annotations

import io

import pytest

from mosty import factories
from mosty.accounts.models import Role
from mosty.commitments.models import Commitment
from mosty.events import demo, services
from mosty.events.models import Event, RegistrationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_base() -> None:
    """What load_demo_data leaves behind that the events demo uses."""
    by = factories.CountryFactory.create(code="BY")
    mogilev = factories.RegionFactory.create(code="BY-MA", country=by)
    vitebsk = factories.RegionFactory.create(code="BY-VI", country=by)
    factories.RegionFactory.create(code="RU-SMO")
    factories.SettlementFactory.create(region=mogilev, name_ru="Могилёв", population=350_000)
    factories.SettlementFactory.create(region=vitebsk, name_ru="Витебск", population=360_000)
    factories.UserFactory.create(
        email="coordinator.mogilev@mosty.example", role=Role.COORDINATOR, region=mogilev
    )
    factories.UserFactory.create(
        email="coordinator.vitebsk@mosty.example", role=Role.COORDINATOR, region=vitebsk
    )
    factories.OrganisationFactory.create(region=vitebsk, name_ru="Витебский областной исполнительный комитет")
    factories.OrganisationFactory.create(
        region=mogilev, name_ru="Могилёвский областной исполнительный комитет"
    )


def test_demo_makes_a_full_round_table_in_mogilev_and_a_past_hearing_with_decisions(demo_base: None) -> None:
    out = io.StringIO()
    demo.load_demo(stdout=out)
    round_table = Event.objects.get(title_ru=demo.ROUND_TABLE[0])
    assert round_table.regions.filter(code="BY-MA").exists()
    assert round_table.settlement is not None and round_table.settlement.name_ru == "Могилёв"
    assert round_table.agenda.count() == len(demo.PROGRAMME)
    statuses = list(round_table.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == demo.CAPACITY
    assert statuses.count(RegistrationStatus.WAITING) == len(demo.PARTICIPANTS) - demo.CAPACITY
    assert "Демонстрационное событие" in round_table.description
    hearing = Event.objects.get(title_ru=demo.HEARING[0])
    assert hearing.minutes_published_at is not None
    assert services.attendees_count(hearing) == 37
    assert Commitment.objects.filter(source_kind="event", source_id=hearing.pk).count() == len(demo.DECISIONS)
    # Idempotent.
    demo.load_demo(stdout=out)
    assert Event.objects.filter(title_ru__in=[demo.ROUND_TABLE[0], demo.HEARING[0]]).count() == 2
    assert Commitment.objects.filter(source_kind="event").count() == len(demo.DECISIONS)
    assert round_table.registrations.count() == len(demo.PARTICIPANTS)


def test_demo_without_the_base_accounts_says_so_and_makes_nothing() -> None:
    out = io.StringIO()
    demo.load_demo(stdout=out)
    assert not Event.objects.exists()
    assert "skipped" in out.getvalue()

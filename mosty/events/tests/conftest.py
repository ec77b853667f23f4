from __future__ import annotations

import datetime
import decimal

import pytest

from mosty import factories
from mosty.events.models import Currency, Event, EventKind
from mosty.territories.models import Region


def make_event(*regions: Region, **fields: object) -> Event:
    fields.setdefault("start_date", datetime.date(2027, 3, 17))
    start = fields["start_date"]
    fields.setdefault("year", start.year if isinstance(start, datetime.date) else 2027)
    event = factories.EventFactory(**fields)
    event.regions.set(regions)
    return event


@pytest.fixture
def event_ru(region_ru: Region) -> Event:
    """A round table hosted by the coordinator's region (RU-SMO)."""
    return make_event(region_ru, title_ru="Круглый стол в Смоленске", place_ru="Смоленск")


@pytest.fixture
def event_by(region_by: Region) -> Event:
    """A round table hosted only by the other country's region (BY-VI)."""
    return make_event(region_by, title_ru="Круглый стол в Витебске", place_ru="Витебск")


@pytest.fixture
def forum(region_ru: Region, region_by: Region) -> Event:
    return make_event(
        region_by,
        kind=EventKind.FORUM,
        forum_number=4,
        title_ru="IV Форум регионов Беларуси и России",
        title_be="IV Форум рэгіёнаў Беларусі і Расіі",
        title_en="4th Forum of Regions of Belarus and Russia",
        start_date=datetime.date(2017, 6, 29),
        end_date=datetime.date(2017, 6, 30),
        place_ru="Москва (ЦВК «Экспоцентр»)",
        place_be="Масква (ЦВК «Экспацэнтр»)",
        place_en="Moscow (Expocentre)",
        theme_ru="Векторы интеграционного развития регионов",
        theme_be="Вектары інтэграцыйнага развіцця рэгіёнаў",
        theme_en="Vectors of integration development of the regions",
        results_ru="Подписано 54 соглашения",
        results_be="Падпісана 54 пагадненні",
        results_en="54 agreements were signed",
        agreements_count=54,
        contracts_amount=decimal.Decimal("400000000"),
        contracts_currency=Currency.USD,
        sources="https://sovrep.gov.by/special/ru/4-forum-about-ru\n"
        "Основные направления деятельности комиссии (п. 4)",
    )


def future_event(
    *regions: Region, capacity: int | None = None, mode: str = "open", **fields: object
) -> Event:
    """An event a month from now that takes registrations."""
    from django.utils import timezone

    fields.setdefault("start_date", timezone.localdate() + datetime.timedelta(days=30))
    return make_event(*regions, registration_mode=mode, capacity=capacity, **fields)


@pytest.fixture
def open_event(region_ru: Region) -> Event:
    """An open round table in Smolensk with 2 places, run by the coordinator of RU-SMO."""
    return future_event(
        region_ru, capacity=2, title_ru="Круглый стол: молодёжная политика", place_ru="Смоленск"
    )


@pytest.fixture
def workspace_setup(db: None) -> dict[str, object]:
    """A workspace with an admin and a member, and an event of it; plus an outsider."""
    from mosty.accounts.models import Role
    from mosty.workspaces.models import MemberRole, Membership, Workspace

    workspace = Workspace.objects.create(name="Советы депутатов приграничных регионов")
    admin = factories.UserFactory.create(role=Role.REPRESENTATIVE)
    member = factories.UserFactory.create(role=Role.CITIZEN)
    outsider = factories.UserFactory.create(role=Role.COMMISSION, is_staff=True)
    Membership.objects.create(workspace=workspace, user=admin, role=MemberRole.ADMIN)
    Membership.objects.create(workspace=workspace, user=member, role=MemberRole.MEMBER)
    event = future_event(
        capacity=None, workspace=workspace, title_ru="Закрытое заседание рабочей группы", place_ru="Псков"
    )
    return {"workspace": workspace, "admin": admin, "member": member, "outsider": outsider, "event": event}


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> object:
    """A request with the language cookie leaves its language active in the thread (LocaleMiddleware
    does not reset it); put the default back so that the next test starts in it."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)

from __future__ import annotations

import datetime
import decimal
import io

import pytest

from mosty import factories
from mosty.events.models import Currency, Event, EventFormat, EventKind
from mosty.events.reference import english_ordinal, forum_titles, load_forums, read_forums, roman
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db

HOST_CODES = {
    "RU": ["RU-KDA", "RU-MOW", "RU-SPE", "RU-MOS", "RU-BA", "RU-NIZ"],
    "BY": ["BY-HM", "BY-MA", "BY-HR", "BY-VI", "BY-MI"],
}


@pytest.fixture
def host_regions() -> dict[str, Region]:
    regions = {}
    for country, codes in HOST_CODES.items():
        for code in codes:
            regions[code] = factories.RegionFactory(code=code, country=factories.CountryFactory(code=country))
    return regions


@pytest.fixture
def moscow(host_regions: dict[str, Region]) -> object:
    return factories.SettlementFactory(region=host_regions["RU-MOW"], name_ru="Москва", population=12_000_000)


def test_forum_titles_follow_the_number_in_three_languages() -> None:
    assert forum_titles(4) == {
        "ru": "IV Форум регионов Беларуси и России",
        "be": "IV Форум рэгіёнаў Беларусі і Расіі",
        "en": "4th Forum of Regions of Belarus and Russia",
    }
    assert [roman(n) for n in (1, 9, 11, 13, 14, 19)] == ["I", "IX", "XI", "XIII", "XIV", "XIX"]
    assert [english_ordinal(n) for n in (1, 2, 3, 11, 12, 13, 21, 22)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
    ]


def test_every_forum_since_2014_is_in_the_data_file_once() -> None:
    rows = read_forums()
    assert [int(row["number"]) for row in rows] == list(range(1, len(rows) + 1))
    assert len(rows) >= 13
    assert [int(row["year"]) for row in rows] == list(range(2014, 2014 + len(rows)))


def test_loader_stores_the_fourth_forum_as_reported(moscow: object) -> None:
    count = load_forums()

    assert count == len(read_forums())
    forum = Event.objects.get(forum_number=4)
    assert forum.kind == EventKind.FORUM
    assert forum.titles == forum_titles(4)
    assert forum.year == 2017
    assert (forum.start_date, forum.end_date) == (datetime.date(2017, 6, 29), datetime.date(2017, 6, 30))
    assert forum.place_ru.startswith("Москва")
    assert forum.place_en.startswith("Moscow")
    assert forum.settlement == moscow
    assert [region.code for region in forum.regions.all()] == ["RU-MOW"]
    assert forum.format == EventFormat.IN_PERSON
    assert forum.theme_ru.startswith("Векторы интеграционного развития")
    # As reported by the commission's charter (see data/SOURCES.md): in US dollars, never converted.
    assert forum.agreements_count == 54
    assert forum.contracts_amount == decimal.Decimal("400000000")
    assert forum.contracts_currency == Currency.USD
    assert "https://sovrep.gov.by/special/ru/4-forum-about-ru" in forum.sources.splitlines()


def test_first_forum_has_no_dates_but_a_note_in_three_languages(host_regions: dict[str, Region]) -> None:
    load_forums()

    forum = Event.objects.get(forum_number=1)
    assert forum.start_date is None and forum.end_date is None
    assert forum.year == 2014
    assert "июнь 2014" in forum.date_note_ru
    assert "чэрвень 2014" in forum.date_note_be
    assert "June 2014" in forum.date_note_en


def test_amounts_keep_the_reported_currency(host_regions: dict[str, Region]) -> None:
    load_forums()

    currencies = dict(
        Event.objects.filter(kind=EventKind.FORUM).values_list("forum_number", "contracts_currency")
    )
    assert currencies[2] == Currency.USD
    assert currencies[9] == Currency.RUB
    assert currencies[11] == Currency.BYN
    assert Event.objects.get(forum_number=9).contracts_amount == decimal.Decimal("65000000000")


def test_a_second_load_changes_nothing(moscow: object) -> None:
    load_forums()
    before = {
        forum.pk: (forum.updated_at, forum.title_ru, sorted(r.pk for r in forum.regions.all()))
        for forum in Event.objects.prefetch_related("regions")
    }

    load_forums()

    after = {
        forum.pk: (forum.updated_at, forum.title_ru, sorted(r.pk for r in forum.regions.all()))
        for forum in Event.objects.prefetch_related("regions")
    }
    assert after == before
    assert Event.objects.filter(kind=EventKind.FORUM).count() == len(read_forums())


def test_loader_updates_a_forum_in_place_by_its_number(host_regions: dict[str, Region]) -> None:
    load_forums()
    forum = Event.objects.get(forum_number=4)
    Event.objects.filter(pk=forum.pk).update(title_ru="Старое название", contracts_amount=1)

    load_forums()

    forum.refresh_from_db()
    assert forum.title_ru == "IV Форум регионов Беларуси и России"
    assert forum.contracts_amount == decimal.Decimal("400000000")
    assert Event.objects.filter(forum_number=4).count() == 1


def test_missing_host_regions_are_skipped_with_a_warning(host_regions: dict[str, Region]) -> None:
    Region.objects.filter(code="RU-BA").delete()
    out = io.StringIO()

    load_forums(stdout=out)

    assert "RU-BA" in out.getvalue()
    assert list(Event.objects.get(forum_number=10).regions.all()) == []


def test_reference_loads_write_no_audit_rows(host_regions: dict[str, Region]) -> None:
    from mosty.core.models import AuditEntry

    load_forums()

    assert not AuditEntry.objects.exists()

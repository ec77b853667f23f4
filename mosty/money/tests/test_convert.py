"""Conversion with a known rate table: the latest rate valid on the date, the rouble at 1, clear refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from mosty import factories
from mosty.core.errors import ApplicationError
from mosty.money.models import CurrencyRate
from mosty.money.selectors import convert, rates_on, total_in_rub

pytestmark = pytest.mark.django_db

JAN = datetime.date(2026, 1, 1)
FEB = datetime.date(2026, 2, 1)


@pytest.fixture
def rates() -> None:
    factories.CurrencyRateFactory(currency="BYN", valid_from=JAN, rate_to_rub=Decimal("27.5"))
    factories.CurrencyRateFactory(currency="BYN", valid_from=FEB, rate_to_rub=Decimal("28"))
    factories.CurrencyRateFactory(currency="USD", valid_from=JAN, rate_to_rub=Decimal("90"))


def test_convert_uses_the_latest_rate_valid_on_the_date(rates: None) -> None:
    assert convert(Decimal("100"), "BYN", "RUB", datetime.date(2026, 1, 31)) == Decimal("2750.00")
    assert convert(Decimal("100"), "BYN", "RUB", FEB) == Decimal("2800.00")
    assert convert(Decimal("100"), "BYN", "RUB", datetime.date(2027, 5, 5)) == Decimal("2800.00")


def test_convert_between_two_foreign_currencies_goes_through_the_rouble(rates: None) -> None:
    # 90 BYN × 28 = 2520 RUB = 28 USD
    assert convert(Decimal("90"), "BYN", "USD", FEB) == Decimal("28.00")


def test_rouble_needs_no_rate(db: None) -> None:
    assert convert(Decimal("12.345"), "RUB", "RUB", JAN) == Decimal("12.35")
    assert rates_on(JAN)["RUB"].rate_to_rub == 1


def test_no_rate_on_the_date_is_refused_with_a_clear_message(rates: None) -> None:
    with pytest.raises(ApplicationError) as error:
        convert(Decimal("1"), "BYN", "RUB", datetime.date(2025, 12, 31))
    assert error.value.code == "no_rate"
    assert "BYN" in error.value.message and "2025-12-31" in error.value.message
    with pytest.raises(ApplicationError, match="EUR"):
        convert(Decimal("1"), "EUR", "RUB", FEB)


def test_unknown_currency_is_refused(rates: None) -> None:
    with pytest.raises(ApplicationError) as error:
        convert(Decimal("1"), "XYZ", "RUB", FEB)
    assert error.value.code == "unknown_currency"


def test_total_keeps_each_currency_and_names_the_rates_date(rates: None) -> None:
    total = total_in_rub([("BYN", Decimal("10")), ("RUB", Decimal("5")), ("BYN", Decimal("10"))], FEB)
    assert total.by_currency == {"BYN": Decimal("20"), "RUB": Decimal("5")}
    assert total.amount == Decimal("565.00")
    assert total.rates_of == FEB
    assert total.complete


def test_total_names_the_currencies_without_a_rate(rates: None) -> None:
    total = total_in_rub([("EUR", Decimal("10")), ("USD", Decimal("1"))], FEB)
    assert total.missing == ("EUR",)
    assert not total.complete


def test_rate_table_refuses_a_second_rate_on_the_same_day_and_a_zero_rate(rates: None) -> None:
    with pytest.raises(IntegrityError):
        CurrencyRate.objects.create(currency="BYN", valid_from=JAN, rate_to_rub=Decimal("1"))


def test_rate_table_refuses_a_rate_that_is_not_positive(db: None) -> None:
    with pytest.raises(IntegrityError):
        CurrencyRate.objects.create(currency="USD", valid_from=JAN, rate_to_rub=Decimal("0"))

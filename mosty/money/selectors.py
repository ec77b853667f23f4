"""Converting amounts with the commission's rate table. Totals are shown beside the original amounts,
never instead of them: "≈ 1 234 567 RUB (rates of 01.03.2026)"."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from mosty.core.errors import ApplicationError
from mosty.money.models import BASE_CURRENCY, Currency, CurrencyRate

NO_RATE = _("There is no rate for %(currency)s on %(date)s in the commission's rate table.")
UNKNOWN_CURRENCY = _("“%(currency)s” is not a currency Mosty knows (RUB, BYN, USD or EUR).")

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rate:
    currency: str
    rate_to_rub: Decimal
    valid_from: datetime.date | None  # None for the rouble, whose rate is 1 by definition


def _check_currency(currency: str) -> None:
    if currency not in Currency.values:
        raise ApplicationError(str(UNKNOWN_CURRENCY % {"currency": currency}), code="unknown_currency")


def rates_on(on_date: datetime.date) -> dict[str, Rate]:
    """The rate of each currency valid on `on_date` (the latest row from that date or before), in one
    query; currencies without such a row are missing from the answer, the rouble is always there."""
    latest = CurrencyRate.objects.filter(currency=OuterRef("currency"), valid_from__lte=on_date).order_by(
        "-valid_from"
    )
    rows = CurrencyRate.objects.filter(pk=Subquery(latest.values("pk")[:1])).values_list(
        "currency", "rate_to_rub", "valid_from"
    )
    rates = {currency: Rate(currency, rate, valid_from) for currency, rate, valid_from in rows}
    rates[BASE_CURRENCY] = Rate(BASE_CURRENCY, Decimal(1), None)
    return rates


def _rate(rates: dict[str, Rate], currency: str, on_date: datetime.date) -> Rate:
    _check_currency(currency)
    rate = rates.get(currency)
    if rate is None:
        raise ApplicationError(
            str(NO_RATE % {"currency": currency, "date": on_date.isoformat()}), code="no_rate"
        )
    return rate


def convert(amount: Decimal, currency: str, to: str, on_date: datetime.date) -> Decimal:
    """`amount` of `currency` in `to`, at the rates valid on `on_date`, rounded to kopecks/cents.
    Raises ApplicationError for an unknown currency or one without a rate on that date."""
    _check_currency(to)
    _check_currency(currency)
    if currency == to:
        return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    rates = rates_on(on_date)
    in_rub = Decimal(amount) * _rate(rates, currency, on_date).rate_to_rub
    result = in_rub / _rate(rates, to, on_date).rate_to_rub
    return result.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Total:
    """A sum converted to roubles: the amount, the date of the newest rate used, and the currencies
    left out because the table has no rate for them (the page says so rather than guessing)."""

    amount: Decimal
    rates_of: datetime.date | None
    by_currency: dict[str, Decimal] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


def total_in_rub(amounts: Iterable[tuple[str, Decimal]], on_date: datetime.date) -> Total:
    """The sum of (currency, amount) pairs in roubles at the rates valid on `on_date`; one query."""
    by_currency: dict[str, Decimal] = {}
    for currency, amount in amounts:
        if amount is None or not currency:
            continue
        by_currency[currency] = by_currency.get(currency, Decimal(0)) + Decimal(amount)
    if not by_currency:
        return Total(amount=Decimal(0), rates_of=None)
    rates = rates_on(on_date)
    total = Decimal(0)
    used: list[datetime.date] = []
    missing: list[str] = []
    for currency, amount in sorted(by_currency.items()):
        rate = rates.get(currency)
        if rate is None:
            missing.append(currency)
            continue
        total += amount * rate.rate_to_rub
        if rate.valid_from is not None:
            used.append(rate.valid_from)
    return Total(
        amount=total.quantize(CENT, rounding=ROUND_HALF_UP),
        rates_of=max(used) if used else on_date,
        by_currency=by_currency,
        missing=tuple(missing),
    )

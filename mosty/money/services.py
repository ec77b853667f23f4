"""Changes of the commission's rate table: permission, validation, the write and its audit row, atomically."""

from __future__ import annotations

import datetime
import decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import User
from mosty.core.audit import record, snapshot
from mosty.core.models import AuditEntry
from mosty.lib.sanitize import plain_text
from mosty.money.models import Currency, CurrencyRate

MAY_NOT_SET_RATE = _("Only the commission keeps the rate table.")
UNKNOWN_CURRENCY = _("“%(value)s” is not a currency Mosty knows: use BYN, USD or EUR.")


@transaction.atomic
def currency_rate_set(
    *,
    actor: User,
    currency: str,
    valid_from: datetime.date,
    rate_to_rub: decimal.Decimal,
    source: str = "",
) -> CurrencyRate:
    """The rate of `currency` from `valid_from`: a new row, or the day's row changed. Setting the
    values a row already has changes nothing and writes no audit row. Commission and admin only."""
    if not actor.is_active or not actor.is_nationwide:
        raise PermissionDenied(MAY_NOT_SET_RATE)
    if currency not in Currency.values:
        raise ValidationError({"currency": ValidationError(UNKNOWN_CURRENCY, params={"value": currency})})
    # The row of the day, locked: two people setting the same day's rate change it one after the other.
    rate = CurrencyRate.objects.select_for_update().filter(currency=currency, valid_from=valid_from).first()
    if rate is None:
        rate = CurrencyRate(
            currency=currency,
            valid_from=valid_from,
            rate_to_rub=rate_to_rub,
            source=plain_text(source),
            created_by=actor,
        )
        rate.full_clean()
        rate.save()
        record(actor=actor, instance=rate, action=AuditEntry.Action.CREATE)
        return rate
    source = plain_text(source)
    # Compared as numbers: 101.5 and the stored 101.500000 are the same rate.
    if rate.rate_to_rub == rate_to_rub and rate.source == source:
        return rate
    before = snapshot(rate)
    rate.rate_to_rub = rate_to_rub
    rate.source = source
    rate.full_clean()
    rate.save(update_fields=["rate_to_rub", "source"])
    record(actor=actor, instance=rate, action=AuditEntry.Action.UPDATE, before=before)
    return rate

"""The rate table is kept through currency_rate_set: by the commission only, audited, idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mosty.accounts.models import User
from mosty.core.audit import history_for
from mosty.core.models import AuditEntry
from mosty.money.models import CurrencyRate
from mosty.money.selectors import convert
from mosty.money.services import currency_rate_set

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 1, 1)


def test_the_commission_sets_a_rate_and_the_change_is_audited(commission_member: User) -> None:
    rate = currency_rate_set(
        actor=commission_member,
        currency="BYN",
        valid_from=DAY,
        rate_to_rub=Decimal("30"),
        source="Банк России",
    )

    assert (rate.currency, rate.rate_to_rub, rate.created_by) == ("BYN", Decimal("30"), commission_member)
    assert convert(Decimal("10"), "BYN", "RUB", DAY) == Decimal("300.00")
    (entry,) = history_for(rate)
    assert (entry.action, entry.actor) == (AuditEntry.Action.CREATE, commission_member)


def test_setting_the_same_day_again_changes_the_row_and_the_same_values_change_nothing(
    administrator: User,
) -> None:
    currency_rate_set(actor=administrator, currency="USD", valid_from=DAY, rate_to_rub=Decimal("100"))
    rate = currency_rate_set(
        actor=administrator, currency="USD", valid_from=DAY, rate_to_rub=Decimal("101.5"), source="ЦБ РФ"
    )
    audit_rows = AuditEntry.objects.count()

    currency_rate_set(
        actor=administrator, currency="USD", valid_from=DAY, rate_to_rub=Decimal("101.5"), source="ЦБ РФ"
    )

    assert CurrencyRate.objects.get().rate_to_rub == Decimal("101.5")
    assert rate.source == "ЦБ РФ"
    assert AuditEntry.objects.count() == audit_rows
    assert [entry.action for entry in history_for(rate)] == [
        AuditEntry.Action.UPDATE,
        AuditEntry.Action.CREATE,
    ]


@pytest.mark.parametrize("role_fixture", ["coordinator", "representative", "citizen", "moderator"])
def test_only_the_commission_keeps_the_rate_table(role_fixture: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(role_fixture)

    with pytest.raises(PermissionDenied):
        currency_rate_set(actor=user, currency="EUR", valid_from=DAY, rate_to_rub=Decimal("105"))

    assert not CurrencyRate.objects.exists()


@pytest.mark.parametrize(
    ("currency", "rate", "field"),
    [("GBP", Decimal("110"), "currency"), ("RUB", Decimal("1"), "__all__"), ("EUR", Decimal("0"), "__all__")],
)
def test_a_bad_rate_is_refused_and_nothing_is_saved(
    commission_member: User, currency: str, rate: Decimal, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        currency_rate_set(actor=commission_member, currency=currency, valid_from=DAY, rate_to_rub=rate)

    assert field in refused.value.message_dict
    assert not CurrencyRate.objects.exists()
    assert not AuditEntry.objects.exists()

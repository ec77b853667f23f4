"""Currencies and the rate table the commission keeps (no live rates: every figure can be traced to a row)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    RUB = "RUB", _("Russian rouble")
    BYN = "BYN", _("Belarusian rouble")
    USD = "USD", _("US dollar")
    EUR = "EUR", _("euro")


# Totals are converted to this currency; its rate is 1 by definition and has no row.
BASE_CURRENCY = Currency.RUB


class CurrencyRate(models.Model):
    """How many roubles one unit of `currency` is worth from `valid_from` until the next row."""

    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    valid_from = models.DateField(_("valid from"))
    rate_to_rub = models.DecimalField(
        _("roubles for one unit"),
        max_digits=18,
        decimal_places=6,
        help_text=_("For example 27.5 for one Belarusian rouble."),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the rate comes from, e.g. the Bank of Russia."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("currency rate")
        verbose_name_plural = _("currency rates")
        ordering = ["currency", "-valid_from"]
        constraints = [
            # Also the index of the lookup "the latest rate of a currency on a date".
            models.UniqueConstraint(
                fields=["currency", "valid_from"],
                name="currency_rate_unique_day",
                violation_error_message=_("This currency already has a rate from that date."),
            ),
            models.CheckConstraint(
                condition=models.Q(rate_to_rub__gt=0),
                name="currency_rate_positive",
                violation_error_message=_("A rate must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=~models.Q(currency="RUB"),
                name="currency_rate_not_rub",
                violation_error_message=_("The rouble's rate is always 1 and needs no row."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.rate_to_rub} ({self.valid_from:%Y-%m-%d})"

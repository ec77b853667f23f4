"""Presentation of event facts: dates (or the date note), reported amounts, forum numerals."""

from __future__ import annotations

import decimal

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mosty.events.models import Event
from mosty.events.reference import roman

register = template.Library()

# No-break space: the groups of a figure and its currency stay on one line.
NBSP = "\u00a0"


@register.filter
def event_dates(event: Event) -> str:
    """'29 июня 2017 г. – 30 июня 2017 г.', one date, or the date note where dates are unknown."""
    if event.start_date is None:
        return event.date_note or str(event.year)
    start = date_format(event.start_date, "DATE_FORMAT")
    if event.end_date is None or event.end_date == event.start_date:
        return start
    return f"{start} – {date_format(event.end_date, 'DATE_FORMAT')}"


def group_digits(amount: decimal.Decimal) -> str:
    """450000000.00 -> '450 000 000' (no-break spaces); cents kept only when there are any."""
    quantized = amount.quantize(decimal.Decimal("0.01"))
    whole, _dot, cents = f"{quantized:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sign + NBSP.join(groups or ["0"])
    if cents and cents != "00":
        text += f",{cents}"
    return text


@register.filter
def contracts(event: Event) -> str:
    """The reported contracts amount with its currency as reported, e.g. '450 000 000 USD'."""
    if event.contracts_amount is None:
        return ""
    text = group_digits(event.contracts_amount)
    return f"{text}{NBSP}{event.contracts_currency}" if event.contracts_currency else text


@register.filter
def forum_numeral(event: Event) -> str:
    return roman(event.forum_number) if event.forum_number else ""


@register.filter
def source_links(event: Event) -> list[tuple[str, str]]:
    """The sources, one per line, as (text, href); href only for web addresses."""
    links = []
    for line in event.sources.splitlines():
        text = line.strip()
        if text:
            links.append((text, text if text.startswith(("https://", "http://")) else ""))
    return links


TIME_ZONE_NAMES = {"Europe/Moscow": _("Moscow time"), "Europe/Minsk": _("Minsk time")}


@register.filter
def time_zone_name(event: Event) -> str:
    """'Moscow time' or 'Minsk time': the zone the event's times are given in."""
    zone = event.time_zone
    return str(TIME_ZONE_NAMES.get(zone, zone))

"""When the competent body owes its answer: the law of the body's country, as plain date arithmetic.

- Russia, Federal Law of 2 May 2006 No. 59-FZ "On the procedure for considering appeals of citizens",
  art. 12: 30 days from the registration of the appeal; in exceptional cases the head of the body
  may extend it once by no more than 30 days, telling the author.
- Belarus, Law of 18 July 2011 No. 300-Z "On appeals of citizens and legal entities", art. 17:
  no later than 15 days, and appeals that need further study no later than one month.

The registration date is the day the commission forwards the initiative to the body. The figures are
settings (`MOSTY_INITIATIVE_DEADLINES`, merged over `DEFAULT_RULES`) so a change in the law is a
configuration change. The functions take the rules as an argument, so they are tested without Django.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from mosty.commitments.services import add_months

RUSSIA = "RU"
BELARUS = "BY"

# days: the answer period from registration, in days (Russia) — or, for Belarus, the short period;
# extension_days: the most one extension may add (Russia: one extension only);
# study_months: the period from registration where further study is needed (Belarus), in months.
DEFAULT_RULES: dict[str, dict[str, int]] = {
    RUSSIA: {"days": 30, "extension_days": 30, "study_months": 0},
    BELARUS: {"days": 15, "extension_days": 0, "study_months": 1},
}

UNKNOWN_COUNTRY = _("No answer deadline is set for the law of this country.")
ALREADY_EXTENDED = _("The deadline has already been extended once; it cannot be extended again.")
EXTENSION_TOO_LONG = _("The deadline may be extended by 1 to %(limit)d days.")
EXTENSION_NOT_LATER = _("Further study would not move the deadline later.")
NO_EXTENSION = _("The law of this country does not allow this deadline to be extended.")


class DeadlineError(ValueError):
    """A refused extension; `message` is the translatable sentence, `params` fill it."""

    def __init__(self, message: Any, params: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.params = dict(params or {})
        super().__init__(str(message))

    def text(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


def rules_from_settings() -> dict[str, dict[str, int]]:
    from django.conf import settings

    merged = {country: dict(values) for country, values in DEFAULT_RULES.items()}
    for country, values in getattr(settings, "MOSTY_INITIATIVE_DEADLINES", {}).items():
        merged.setdefault(country, {}).update(values)
    return merged


def _rule(country: str, rules: Mapping[str, Mapping[str, int]] | None) -> Mapping[str, int]:
    table = rules if rules is not None else rules_from_settings()
    try:
        return table[country]
    except KeyError:
        raise DeadlineError(UNKNOWN_COUNTRY) from None


def answer_due(
    country: str, registered_on: datetime.date, *, rules: Mapping[str, Mapping[str, int]] | None = None
) -> datetime.date:
    """The last day for the answer of a body of `country` to an appeal registered on `registered_on`."""
    return registered_on + datetime.timedelta(days=_rule(country, rules)["days"])


def extended_due(
    country: str,
    registered_on: datetime.date,
    current_due: datetime.date,
    *,
    already_extended: bool,
    days: int | None = None,
    rules: Mapping[str, Mapping[str, int]] | None = None,
) -> datetime.date:
    """The deadline after its one extension.

    Russia: `current_due` plus `days` (1 to extension_days). Belarus: further study, one month
    (study_months) from registration, the month's last day where it is shorter (31 Jan → 28/29 Feb);
    `days` is ignored. Raises DeadlineError when the extension is not allowed."""
    rule = _rule(country, rules)
    if already_extended:
        raise DeadlineError(ALREADY_EXTENDED)
    limit = rule.get("extension_days", 0)
    months = rule.get("study_months", 0)
    if limit:
        if days is None or not 1 <= days <= limit:
            raise DeadlineError(EXTENSION_TOO_LONG, {"limit": limit})
        return current_due + datetime.timedelta(days=days)
    if months:
        due = add_months(registered_on, months)
        if due <= current_due:
            raise DeadlineError(EXTENSION_NOT_LATER)
        return due
    raise DeadlineError(NO_EXTENSION)


def is_extendable_by_days(country: str, *, rules: Mapping[str, Mapping[str, int]] | None = None) -> bool:
    """Whether an extension of this country's law is a number of days (Russia) rather than a fixed
    further-study period (Belarus): the form asks for the days only then."""
    try:
        return bool(_rule(country, rules).get("extension_days", 0))
    except DeadlineError:
        return False


def max_extension_days(country: str, *, rules: Mapping[str, Mapping[str, int]] | None = None) -> int:
    try:
        return int(_rule(country, rules).get("extension_days", 0))
    except DeadlineError:
        return 0


def answered_on_time(due: datetime.date | None, answered_on: datetime.date | None) -> bool | None:
    """True/False once answered (on the due day counts as on time); None while unanswered."""
    if answered_on is None or due is None:
        return None
    return answered_on <= due

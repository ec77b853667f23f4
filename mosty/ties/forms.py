"""The tie list's filters and the create/edit form. Forms parse and show errors; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mosty.organisations import selectors as organisation_selectors
from mosty.organisations.forms import ALL, choice_field, region_choices
from mosty.territories.models import Region, Settlement
from mosty.ties.models import Tie, TieKind, TieStatus
from mosty.ties.selectors import TieFilters


class TieFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region (either side)"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "region").choices = region_choices(Region.objects.all(), value="code", blank=ALL)
        choice_field(self, "kind").choices = [("", ALL), *TieKind.choices]
        choice_field(self, "status").choices = [("", ALL), *TieStatus.choices]

    def filters(self) -> TieFilters:
        """The valid filters; a filter with a bad value is left out (and its error shown)."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return TieFilters(
            region=data.get("region") or "", kind=data.get("kind") or "", status=data.get("status") or ""
        )


FORM_FIELDS = (
    "kind",
    "region_a",
    "settlement_a",
    "region_b",
    "settlement_b",
    "since",
    "basis",
    "status",
    "activity",
)


class TieForm(forms.Form):
    """Create or edit a tie. Each side's settlement select offers the chosen region's settlements
    (refreshed over HTMX) and accepts any id, so that the service decides."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Tie,
                fields=FORM_FIELDS,
                widgets={
                    "since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                    "activity": forms.Textarea(attrs={"rows": 8}),
                },
            )
        )
        self.fields["basis"].help_text = _("The agreement or decision that set the tie up, with its date.")
        self.fields["activity"].help_text = _("Plain text; line breaks are kept.")
        self.fields["since"].help_text = _("The date the tie was set up, if known.")
        grouped = region_choices(Region.objects.all(), blank="---------")
        for side in ("a", "b"):
            region = self.fields[f"region_{side}"]
            region.widget.choices = grouped
            region.widget.attrs.update(
                {
                    "hx-get": reverse("organisations:settlement_options"),
                    "hx-target": f"#id_settlement_{side}",
                    "hx-swap": "innerHTML",
                }
            )
            self.fields[f"settlement_{side}"].widget.choices = []  # rendered from the options partial

    def region_id(self, side: str) -> int | None:
        raw = self[f"region_{side}"].value()
        try:
            return int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def settlement_options_a(self) -> QuerySet[Settlement]:
        return organisation_selectors.settlements_of(self.region_id("a"))

    def settlement_options_b(self) -> QuerySet[Settlement]:
        return organisation_selectors.settlements_of(self.region_id("b"))


def initial_from(tie: Tie) -> dict[str, Any]:
    """The edit form's starting values."""
    initial: dict[str, Any] = {name: getattr(tie, name) for name in FORM_FIELDS}
    for name in ("region_a", "region_b", "settlement_a", "settlement_b"):
        initial[name] = getattr(tie, f"{name}_id")
    return initial


def initial_from_data(data: QueryDict) -> dict[str, Any]:
    """What was typed, as the starting values of an unbound form (the no-JavaScript refresh)."""
    return {name: data.get(name) for name in FORM_FIELDS}

"""Filters of the territory lists (GET forms: a wrong value is reported and ignored)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mosty.territories import selectors
from mosty.territories.models import FederalDistrict

COUNTRY_CHOICES = [("", _("Both countries")), ("RU", _("Russia")), ("BY", _("Belarus"))]


def _region_choices() -> list[tuple[str, Any]]:
    return [("", _("All regions")), *selectors.region_choices()]


class RegionFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, required=False)
    federal_district = forms.ChoiceField(
        label=_("Federal district"),
        choices=[("", _("All federal districts")), *FederalDistrict.choices],
        required=False,
    )
    border = forms.BooleanField(label=_("Border regions only"), required=False)

    def filters(self) -> selectors.RegionFilters:
        """The valid part of what was asked for; the errors stay on the form for the page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.RegionFilters(
            country=data.get("country") or "",
            federal_district=data.get("federal_district") or "",
            border_only=bool(data.get("border")),
        )


class SettlementSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        help_text=_(
            "In Russian, Belarusian or English, in any spelling: Могилёв, Магілёў, Mogilev, Mahilioŭ."
        ),
        max_length=selectors.MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read once, and only when the select is drawn or a region is checked: an HTMX refresh
        # of the results alone does not need the regions.
        regions: list[tuple[str, Any]] = []

        def region_choices() -> list[tuple[str, Any]]:
            if not regions:
                regions.extend(_region_choices())
            return regions

        self.fields["region"].choices = region_choices  # type: ignore[attr-defined]

    def filters(self) -> selectors.SettlementFilters:
        """The valid part of what was asked for; the errors stay on the form for the page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.SettlementFilters(
            q=data.get("q") or "", country=data.get("country") or "", region=data.get("region") or ""
        )

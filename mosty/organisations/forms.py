"""The organisation list's filters and the create/edit form. Forms parse and show errors; services write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mosty.organisations import selectors
from mosty.organisations.models import Organisation, OrganisationKind
from mosty.organisations.selectors import OrganisationFilters
from mosty.sectors.models import Sector
from mosty.territories.models import Country, Region, Settlement

ALL = _("all")

Choices = list[tuple[Any, Any]]


def region_choices(regions: QuerySet[Region], *, value: str = "pk", blank: Any = None) -> Choices:
    """Regions grouped by country for a <select> with <optgroup>s."""
    choices: Choices = [("", blank)] if blank is not None else []
    for country, members in selectors.regions_by_country(regions):
        choices.append((country, [(getattr(region, value), region.name) for region in members]))
    return choices


def sector_choices(*, blank: Any) -> Choices:
    """Each OKVED 2 section, then its divisions, grouped under the section for a <select>."""
    choices: Choices = [("", blank)]
    for group in selectors.sector_tree():
        section = group.section
        options = [
            (
                section.code,
                _("%(code)s %(name)s (the whole section)") % {"code": section.code, "name": section.name},
            )
        ]
        options += [(division.code, f"{division.code} {division.name}") for division in group.divisions]
        choices.append((f"{section.code} {section.name}", options))
    return choices


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """The form's field `name`, known to be a ChoiceField (for setting its choices, typed)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    verified = forms.BooleanField(label=_("Verified only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        choice_field(self, "country").choices = [("", ALL)] + [
            (country.code, country.name) for country in Country.objects.order_by("code")
        ]
        choice_field(self, "region").choices = region_choices(Region.objects.all(), value="code", blank=ALL)
        choice_field(self, "kind").choices = [("", ALL), *OrganisationKind.choices]
        choice_field(self, "sector").choices = sector_choices(blank=ALL)

    def filters(self) -> OrganisationFilters:
        """The valid filters; a filter with a bad value is left out (and its error shown)."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return OrganisationFilters(
            country=data.get("country") or "",
            region=data.get("region") or "",
            kind=data.get("kind") or "",
            sector=data.get("sector") or "",
            verified=True if data.get("verified") else None,
            q=data.get("q") or "",
        )


FORM_FIELDS = (
    "name_ru",
    "name_be",
    "name_en",
    "kind",
    "region",
    "settlement",
    "sectors",
    "description",
    "website",
    "email",
    "phone",
    "address",
)


@dataclass(frozen=True)
class SectorOption:
    sector: Sector
    checked: bool


@dataclass(frozen=True)
class SectorGroupOptions:
    section: SectorOption
    divisions: list[SectorOption]

    @property
    def open(self) -> bool:
        return self.section.checked or any(division.checked for division in self.divisions)


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    # A website typed without a scheme is taken to be https (Django 6's default, chosen now).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganisationForm(forms.Form):
    """Create or edit an organisation. The region select offers the regions the user may use;
    the settlement select offers the chosen region's settlements (refreshed over HTMX); both accept
    any id, so that the service decides and a forged value meets the same check as a typed one."""

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Organisation,
                fields=FORM_FIELDS,
                widgets={
                    "sectors": forms.CheckboxSelectMultiple,
                    "description": forms.Textarea(attrs={"rows": 8}),
                },
                formfield_callback=_formfield,
            )
        )
        self.fields["name_be"].help_text = _("Leave empty if the organisation has no Belarusian name.")
        self.fields["name_en"].help_text = _("Leave empty if the organisation has no English name.")
        self.fields["description"].help_text = _("Plain text; line breaks are kept.")
        region = self.fields["region"]
        region.widget.choices = region_choices(regions, blank="---------")
        region.widget.attrs.update(
            {
                "hx-get": reverse("organisations:settlement_options"),
                "hx-target": "#id_settlement",
                "hx-swap": "innerHTML",
            }
        )
        settlement = self.fields["settlement"]
        settlement.widget.choices = []  # rendered from _settlement_options.html, never all of them

    def region_id(self) -> int | None:
        """The region whose settlements to offer: the one typed in, else the initial one."""
        raw = self["region"].value()
        try:
            return int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def settlement_options(self) -> QuerySet[Settlement]:
        return selectors.settlements_of(self.region_id())

    def sector_groups(self) -> list[SectorGroupOptions]:
        chosen = {str(value) for value in (self["sectors"].value() or [])}
        return [
            SectorGroupOptions(
                SectorOption(group.section, str(group.section.pk) in chosen),
                [SectorOption(division, str(division.pk) in chosen) for division in group.divisions],
            )
            for group in selectors.sector_tree()
        ]


def initial_from_data(data: QueryDict) -> dict[str, Any]:
    """What was typed, as the starting values of an unbound form: the no-JavaScript refresh of the
    settlement select shows the region's settlements without judging the rest of the form yet."""
    return {name: data.getlist(name) if name == "sectors" else data.get(name) for name in FORM_FIELDS}


def initial_from(organisation: Organisation) -> dict[str, Any]:
    """The edit form's starting values."""
    initial: dict[str, Any] = {name: getattr(organisation, name) for name in FORM_FIELDS if name != "sectors"}
    initial["region"] = organisation.region_id
    initial["settlement"] = organisation.settlement_id
    initial["sectors"] = [sector.pk for sector in organisation.sectors.all()]
    return initial


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else NON_FIELD_ERRORS, errors)
    else:
        form.add_error(None, error)

"""The project list's filters and the project forms. Forms parse and show errors; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mosty.agreements.models import Agreement
from mosty.commitments.models import Commitment
from mosty.money.models import Currency
from mosty.organisations.fields import OrganisationChoiceField
from mosty.organisations.forms import ALL, choice_field, region_choices, sector_choices
from mosty.projects.models import PartnerRole, Project, ProjectKind, ProjectStatus
from mosty.projects.selectors import ProjectFilters
from mosty.projects.services import PartnerInput
from mosty.territories.models import Country, Region, Settlement

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    year = forms.IntegerField(label=_("Running in the year"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", ALL), *ProjectKind.choices]
        choice_field(self, "status").choices = [("", ALL), *ProjectStatus.choices]
        choice_field(self, "country").choices = [("", ALL)] + [
            (country.code, country.name) for country in Country.objects.order_by("code")
        ]
        choice_field(self, "region").choices = region_choices(Region.objects.all(), value="code", blank=ALL)
        choice_field(self, "sector").choices = sector_choices(blank=ALL)

    def filters(self) -> ProjectFilters:
        """The valid filters; a filter with a bad value is left out (and its error shown)."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return ProjectFilters(
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            country=data.get("country") or "",
            region=data.get("region") or "",
            sector=data.get("sector") or "",
            year=data.get("year"),
        )


PROJECT_FIELDS = (
    "kind",
    "title",
    "period_start",
    "period_end",
    "goals",
    "description",
    "budget",
    "currency",
    "results",
    "sectors",
    "visibility",
)


class ProjectForm(forms.Form):
    """The project's own fields; on edit the version the editor saw travels in a hidden field."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Project,
                fields=PROJECT_FIELDS,
                widgets={
                    "period_start": _DATE,
                    "period_end": _DATE,
                    "goals": forms.Textarea(attrs={"rows": 4}),
                    "description": forms.Textarea(attrs={"rows": 6}),
                    "results": forms.Textarea(attrs={"rows": 4}),
                    "sectors": forms.SelectMultiple(attrs={"size": 8}),
                },
            )
        )
        for name in ("goals", "description", "results"):
            self.fields[name].help_text = _("Plain text; line breaks are kept.")
        choice_field(self, "currency").choices = [("", "---------"), *Currency.choices]
        self.fields["currency"].help_text = _("Required with a budget.")

    def project_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class PartnerForm(forms.Form):
    """One partner: a region, a settlement (by its number) or an organisation, with its role."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    settlement = forms.ModelChoiceField(
        label=_("Settlement"), queryset=Settlement.objects.all(), required=False, widget=forms.NumberInput
    )
    organisation = OrganisationChoiceField(label=_("Organisation"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices, initial=PartnerRole.PARTNER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.choices = region_choices(Region.objects.all(), blank="---------")
        self.fields["settlement"].help_text = _("For a municipality: the settlement's number in Mosty.")
        self.fields["organisation"].help_text = _("For an organisation; leave the region empty then.")

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(data.get(name) for name in ("region", "settlement", "organisation"))

    def partner(self) -> PartnerInput:
        """The partner as the service takes it: the most specific of organisation, settlement, region."""
        data = self.cleaned_data
        organisation, settlement, region = (
            data.get("organisation"),
            data.get("settlement"),
            data.get("region"),
        )
        return PartnerInput(
            organisation=organisation,
            settlement=None if organisation else settlement,
            region=None if organisation or settlement else region,
            role=data.get("role") or PartnerRole.PARTNER,
        )


PartnerFormSet = forms.formset_factory(PartnerForm, extra=4, max_num=12, absolute_max=12)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "status").choices = [(value, ProjectStatus(value).label) for value in allowed]


MILESTONE_FIELDS = (
    "title",
    "responsible_region",
    "responsible_organisation",
    "counterpart_region",
    "counterpart_organisation",
    "co_executors",
    "deadline",
    "report_every",
    "indicator_unit",
    "planned_value",
    "weight",
    "description",
)


class MilestoneForm(forms.Form):
    """A milestone of the project (a commitment of the engine)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Commitment,
                fields=MILESTONE_FIELDS,
                widgets={"deadline": _DATE, "description": forms.Textarea(attrs={"rows": 4})},
            )
        )
        self.fields["title"].label = _("Milestone")
        self.fields["deadline"].required = True
        for name in ("responsible_region", "counterpart_region"):
            self.fields[name].widget.choices = region_choices(Region.objects.all(), blank="---------")


class AgreementLinkForm(forms.Form):
    agreement = forms.ModelChoiceField(
        label=_("Agreement"),
        queryset=Agreement.objects.all(),
        widget=forms.NumberInput,
        help_text=_(
            "The agreement's number in Mosty: the number in its address, e.g. 42 in /agreements/42/."
        ),
        error_messages={"invalid_choice": _("There is no such agreement.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

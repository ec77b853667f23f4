"""The agreement list's filters and the agreement forms. Forms parse and show errors; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mosty.agreements.models import Agreement, AgreementKind, AgreementStatus
from mosty.agreements.selectors import DEFAULT_SORT, AgreementFilters
from mosty.agreements.services import PartyInput
from mosty.commitments.models import Commitment
from mosty.events.models import Event, EventKind
from mosty.money.models import Currency
from mosty.organisations.fields import OrganisationChoiceField
from mosty.organisations.forms import ALL, choice_field, region_choices, sector_choices
from mosty.territories.models import Country, Region, Settlement

SORT_CHOICES = [
    ("-signed", _("newest signed first")),
    ("signed", _("oldest signed first")),
    ("title", _("title")),
    ("-progress", _("most progress first")),
    ("progress", _("least progress first")),
]


def _forums() -> list[tuple[Any, Any]]:
    return [(event.pk, event.title) for event in Event.objects.filter(kind=EventKind.FORUM).order_by("-year")]


class AgreementFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    settlement = forms.IntegerField(
        label=_("Settlement"), required=False, min_value=1, widget=forms.HiddenInput
    )
    forum = forms.TypedChoiceField(label=_("Forum"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    year = forms.IntegerField(label=_("Year signed"), required=False, min_value=1990, max_value=2100)
    overdue = forms.BooleanField(label=_("Only with overdue commitments"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "country").choices = [("", ALL)] + [
            (country.code, country.name) for country in Country.objects.order_by("code")
        ]
        choice_field(self, "region").choices = region_choices(Region.objects.all(), value="code", blank=ALL)
        choice_field(self, "forum").choices = [("", ALL), *_forums()]
        choice_field(self, "kind").choices = [("", ALL), *AgreementKind.choices]
        choice_field(self, "status").choices = [("", ALL), *AgreementStatus.choices]
        choice_field(self, "sector").choices = sector_choices(blank=ALL)

    def filters(self) -> AgreementFilters:
        """The valid filters; a filter with a bad value is left out (and its error shown)."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return AgreementFilters(
            country=data.get("country") or "",
            region=data.get("region") or "",
            settlement=data.get("settlement"),
            forum=data.get("forum"),
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            sector=data.get("sector") or "",
            year=data.get("year"),
            overdue_only=bool(data.get("overdue")),
            sort=data.get("sort") or DEFAULT_SORT,
        )


AGREEMENT_FIELDS = (
    "number",
    "title",
    "kind",
    "status",
    "signed_on",
    "place",
    "event",
    "valid_from",
    "valid_to",
    "prolongation",
    "amount",
    "currency",
    "sectors",
    "description",
    "visibility",
)
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(forms.Form):
    """The agreement's own fields. On edit, the status is changed by its own form (the lifecycle)
    and the version the editor saw travels in a hidden field."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = [name for name in AGREEMENT_FIELDS if not (editing and name == "status")]
        self.fields.update(
            forms.fields_for_model(
                Agreement,
                fields=fields,
                widgets={
                    "signed_on": _DATE,
                    "valid_from": _DATE,
                    "valid_to": _DATE,
                    "description": forms.Textarea(attrs={"rows": 6}),
                    "sectors": forms.SelectMultiple(attrs={"size": 8}),
                },
            )
        )
        if not editing:
            status = choice_field(self, "status")
            status.choices = [
                (AgreementStatus.DRAFT, AgreementStatus.DRAFT.label),
                (AgreementStatus.SIGNED, AgreementStatus.SIGNED.label),
                (AgreementStatus.IN_FORCE, AgreementStatus.IN_FORCE.label),
            ]
            status.help_text = _("Record a signed agreement as signed or in force directly.")
        self.fields["description"].help_text = _("Plain text; line breaks are kept.")
        self.fields["number"].help_text = _("Unique within a forum.")
        choice_field(self, "currency").choices = [("", "---------"), *Currency.choices]

    def agreement_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class PartyForm(forms.Form):
    """One party: a region, a settlement (by the region above it) or an organisation."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    settlement = forms.ModelChoiceField(
        label=_("Settlement"), queryset=Settlement.objects.all(), required=False, widget=forms.NumberInput
    )
    organisation = OrganisationChoiceField(label=_("Organisation"), required=False)
    signatory_name = forms.CharField(label=_("Signatory"), max_length=200, required=False)
    signatory_position = forms.CharField(label=_("Signatory's position"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.choices = region_choices(Region.objects.all(), blank="---------")
        self.fields["settlement"].help_text = _("For a municipality: the settlement's number in Mosty.")
        self.fields["organisation"].help_text = _("For an organisation; leave the region empty then.")

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(data.get(name) for name in ("region", "settlement", "organisation"))

    def party(self) -> PartyInput:
        """The party as the service takes it: the most specific of organisation, settlement, region."""
        data = self.cleaned_data
        organisation, settlement, region = (
            data.get("organisation"),
            data.get("settlement"),
            data.get("region"),
        )
        return PartyInput(
            organisation=organisation,
            settlement=None if organisation else settlement,
            region=None if organisation or settlement else region,
            signatory_name=data.get("signatory_name") or "",
            signatory_position=data.get("signatory_position") or "",
        )


PartyFormSet = forms.formset_factory(PartyForm, extra=4, max_num=12, absolute_max=12)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "status").choices = [(value, AgreementStatus(value).label) for value in allowed]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, images or office documents."),
    )


COMMITMENT_FIELDS = (
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


class CommitmentForm(forms.Form):
    """An item of the action plan (a commitment of the engine)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Commitment,
                fields=COMMITMENT_FIELDS,
                widgets={"deadline": _DATE, "description": forms.Textarea(attrs={"rows": 4})},
            )
        )
        for name in ("responsible_region", "counterpart_region"):
            self.fields[name].widget.choices = region_choices(Region.objects.all(), blank="---------")

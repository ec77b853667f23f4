from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mosty.core.i18n import localized_field
from mosty.events import access
from mosty.events.models import Event, EventFormat, EventKind
from mosty.events.selectors import When
from mosty.organisations.models import Organisation
from mosty.territories.models import Country, Region, Settlement

# The settlement list in the form: regional centres and larger towns. A smaller place goes in "place".
FORM_SETTLEMENT_MIN_POPULATION = 50_000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(
        choices=[(When.UPCOMING, _("Upcoming")), (When.PAST, _("Past"))],
        required=False,
        widget=forms.HiddenInput,
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything: list[tuple[Any, Any]] = [("", _("All"))]
        choice_fields = {
            name: cast(forms.ChoiceField, self.fields[name]) for name in ("kind", "country", "region", "year")
        }
        choice_fields["kind"].choices = everything + list(EventKind.choices)
        choice_fields["country"].choices = everything + [(c.code, c.name) for c in Country.objects.all()]
        choice_fields["region"].choices = everything + [
            (r.code, r.name)
            for r in Region.objects.only("code", "name_ru", "name_be", "name_en").order_by(
                localized_field("name")
            )
        ]
        choice_fields["year"].choices = everything + [(year, str(year)) for year in years]

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=300, required=False)
    title_be = forms.CharField(label=_("Title in Belarusian"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a one-day event."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=EventFormat.choices, initial=EventFormat.IN_PERSON)
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Required for an online event."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Host regions"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    settlement = forms.ModelChoiceField(
        label=_("Settlement"),
        queryset=Settlement.objects.none(),
        required=False,
        help_text=_("Regional centres and larger towns; name a smaller place in the place fields."),
    )
    place_ru = forms.CharField(label=_("Place in Russian"), max_length=300, required=False)
    place_be = forms.CharField(label=_("Place in Belarusian"), max_length=300, required=False)
    place_en = forms.CharField(label=_("Place in English"), max_length=300, required=False)
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"), queryset=Organisation.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, max_length=20000, required=False
    )

    def __init__(self, *args: Any, user: Any, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = access.allowed_kinds(user)
        if event is not None and event.kind not in kinds:
            kinds.append(event.kind)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (kind, label) for kind, label in EventKind.choices if kind in kinds
        ]
        regions_field: Any = self.fields["regions"]
        regions_field.queryset = Region.objects.order_by("country__code", "name_ru")
        if not access.is_nationwide(user):
            regions_field.help_text = _(
                "Your own region must be among them. Hold Ctrl (Cmd on a Mac) to choose several."
            )
        wanted = Q(is_regional_centre=True) | Q(population__gte=FORM_SETTLEMENT_MIN_POPULATION)
        if event is not None and event.settlement_id is not None:
            wanted |= Q(pk=event.settlement_id)
        settlement_field: Any = self.fields["settlement"]
        settlement_field.queryset = Settlement.objects.filter(wanted).order_by(
            localized_field("name"), "-population"
        )
        organisers_field: Any = self.fields["organisers"]
        organisers_field.queryset = Organisation.objects.order_by("name_ru", "id")

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(event, name)
            for name in (
                "kind",
                "title_ru",
                "title_be",
                "title_en",
                "start_date",
                "end_date",
                "format",
                "online_url",
                "place_ru",
                "place_be",
                "place_en",
                "description",
            )
        }
        initial["settlement"] = event.settlement_id
        initial["regions"] = [region.pk for region in event.regions.all()]
        initial["organisers"] = [organisation.pk for organisation in event.organisers.all()]
        return initial

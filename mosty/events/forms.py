from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mosty.core.i18n import localized_field
from mosty.events import access
from mosty.events.models import (
    Event,
    EventFormat,
    EventKind,
    QuestionKind,
    RegistrationMode,
    RegistrationQuestion,
)
from mosty.events.selectors import When
from mosty.events.services import NO, YES
from mosty.organisations.fields import OrganisationChoiceField, OrganisationMultipleChoiceField
from mosty.sectors.models import Sector
from mosty.territories.models import Country, Region, Settlement
from mosty.workspaces.models import Workspace

# The settlement list in the form: regional centres and larger towns. A smaller place goes in "place".
FORM_SETTLEMENT_MIN_POPULATION = 50_000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(
        choices=[(When.UPCOMING, _("Upcoming")), (When.PAST, _("Past"))],
        required=False,
        widget=forms.HiddenInput,
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
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
        cast(forms.ChoiceField, self.fields["topic"]).choices = everything + [
            (sector.code, sector.name)
            for sector in Sector.objects.filter(
                events__workspace__isnull=True, events__isnull=False
            ).distinct()
        ]

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
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=TimeInput(),
        help_text=_("Local time of the host country (Moscow or Minsk). Leave empty for a whole-day event."),
    )
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TimeInput())
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
    organisers = OrganisationMultipleChoiceField(label=_("Organisers"), required=False)
    sectors = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Sector.objects.none(),
        required=False,
        help_text=_("Sectors the event is about."),
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
        sectors_field: Any = self.fields["sectors"]
        sectors_field.queryset = Sector.objects.order_by("code")
        workspaces = access.admin_workspace_ids(user) if event is None else set()
        if workspaces:
            # A workspace's administrator may hold the event in the workspace, for its members only.
            self.fields["workspace"] = forms.ModelChoiceField(
                label=_("Workspace"),
                queryset=Workspace.objects.filter(pk__in=workspaces).order_by("name"),
                required=not access.is_nationwide(user) and getattr(user, "role", "") != "coordinator",
                help_text=_("An event of a workspace is seen by the workspace's members only."),
            )

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
                "start_time",
                "end_time",
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
        initial["sectors"] = [sector.pk for sector in event.sectors.all()]
        return initial


class RegistrationForm(forms.Form):
    """The event's registration questions as fields `question_<id>`."""

    def __init__(self, *args: Any, questions: list[RegistrationQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"question_{question.pk}"
            field: forms.Field
            if question.kind == QuestionKind.LONG:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
            elif question.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(
                    choices=[("", "—"), (YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect
                )
            elif question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in question.choice_list])
            else:
                field = forms.CharField(max_length=500)
            field.label = question.text
            field.required = question.required
            self.fields[name] = field

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(f"question_{question.pk}") or "" for question in self.questions
        }


class RegistrationSettingsForm(forms.Form):
    registration_mode = forms.ChoiceField(label=_("Registration"), choices=RegistrationMode.choices)
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for an unlimited number of places."),
    )
    registration_deadline = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    choices = forms.CharField(
        label=_("Answers to choose from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One answer per line; only for a choice question."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))


class AgendaItemForm(forms.Form):
    day = forms.DateField(
        label=_("Day"), required=False, widget=DateInput(), help_text=_("For an event of several days.")
    )
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TimeInput())
    title = forms.CharField(label=_("Title"), max_length=500)
    speakers = forms.CharField(
        label=_("Speakers"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document"))


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 10}), max_length=50000
    )
    file = forms.FileField(label=_("Minutes document"), required=False)
    attendees_override = forms.IntegerField(
        label=_("Number of attendees"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to count the attendance marked; give a number to include walk-ins."),
    )
    organisations_present = OrganisationMultipleChoiceField(label=_("Organisations present"), required=False)


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Decision"), max_length=500)
    responsible_organisation = OrganisationChoiceField(label=_("Responsible organisation"), required=False)
    responsible_region = forms.ModelChoiceField(
        label=_("Responsible region"), queryset=Region.objects.none(), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    description = forms.CharField(
        label=_("Description"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions: Any = self.fields["responsible_region"]
        regions.queryset = Region.objects.order_by("country__code", "name_ru")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("responsible_organisation") and not data.get("responsible_region"):
            raise forms.ValidationError(_("Name the responsible organisation or region."))
        return data

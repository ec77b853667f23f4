from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mosty.commitments.forms import MultipleFileField
from mosty.core.choices import use_cached_choices
from mosty.initiatives.models import TITLE_MAX, Category, Initiative, Outcome, PublicStatus, Youth
from mosty.initiatives.selectors import InitiativeFilters
from mosty.organisations.fields import OrganisationChoiceField
from mosty.organisations.forms import add_service_errors
from mosty.territories.models import Region, Settlement

__all__ = ["add_service_errors"]

# Towns offered by the forms: a list of every village would be unusable; the region covers the rest.
TOWN_POPULATION = 50_000


def regions() -> QuerySet[Region]:
    return Region.objects.select_related("country").order_by("country__code", "name_ru")


def towns() -> QuerySet[Settlement]:
    return Settlement.objects.filter(population__gte=TOWN_POPULATION).order_by("name_ru")


class InitiativeForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("Similar initiatives are shown as you type, so that you can support one instead."),
    )
    problem = forms.CharField(label=_("Problem"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    proposal = forms.CharField(label=_("Proposal"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    expected_effect = forms.CharField(
        label=_("Expected effect"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions concerned"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Regions or settlements of either country; choose several with Ctrl or Cmd."),
    )
    settlements = forms.ModelMultipleChoiceField(
        label=_("Settlements concerned"),
        queryset=Settlement.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    youth = forms.ChoiceField(label=_("Youth initiative"), choices=Youth.choices, required=False)
    coauthors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        max_length=2000,
        help_text=_("E-mail addresses of registered users, separated by commas."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, images, office documents or plain text; several files may be chosen."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions()  # type: ignore[attr-defined]
        self.fields["settlements"].queryset = towns()  # type: ignore[attr-defined]
        use_cached_choices(self.fields["regions"], "regions")
        use_cached_choices(self.fields["settlements"], "towns")
        if editing:
            del self.fields["coauthors"]

    def coauthor_emails(self) -> list[str]:
        raw = self.cleaned_data.get("coauthors", "") or ""
        return [item.strip() for item in raw.replace(";", ",").split(",") if item.strip()]

    @staticmethod
    def initial_of(initiative: Initiative) -> dict[str, Any]:
        return {
            "title": initiative.title,
            "problem": initiative.problem,
            "proposal": initiative.proposal,
            "expected_effect": initiative.expected_effect,
            "category": initiative.category,
            "youth": initiative.youth,
            "regions": list(initiative.regions.all()),
            "settlements": list(initiative.settlements.all()),
        }


SORT_CHOICES = [
    ("newest", _("newest")),
    ("supported", _("most supported")),
    ("deadline", _("nearest deadline")),
]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any")), *list(PublicStatus.choices)]
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("any")), *Category.choices]
    )
    region = forms.ModelChoiceField(label=_("Region"), required=False, queryset=Region.objects.none())
    youth = forms.BooleanField(label=_("Youth initiatives only"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions()  # type: ignore[attr-defined]
        use_cached_choices(self.fields["region"], "regions")

    def filters(self) -> InitiativeFilters:
        if not self.is_valid():
            return InitiativeFilters()
        data = self.cleaned_data
        region = data.get("region")
        return InitiativeFilters(
            status=data.get("status") or "",
            category=data.get("category") or "",
            region=region.pk if region is not None else None,
            youth=bool(data.get("youth")),
            q=data.get("q") or "",
            sort=data.get("sort") or "newest",
        )


class SupportForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Your region"), queryset=Region.objects.none())
    settlement = forms.ModelChoiceField(
        label=_("Your town (optional)"), queryset=Settlement.objects.none(), required=False
    )
    show_name = forms.BooleanField(label=_("Show my name among the supporters"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions()  # type: ignore[attr-defined]
        self.fields["settlement"].queryset = towns()  # type: ignore[attr-defined]
        use_cached_choices(self.fields["region"], "regions")
        use_cached_choices(self.fields["settlement"], "towns")


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("publish")), ("return", _("return for edits")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the authors"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return or reject: the authors see it."),
    )


class ForwardForm(forms.Form):
    body = OrganisationChoiceField(label=_("Competent body"))
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reasons"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Number of the initiative to merge with"), min_value=1)
    reason = forms.CharField(label=_("Reasons"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    document = forms.FileField(label=_("Signed document (PDF)"))
    signature = forms.FileField(
        label=_("Detached signature (.sig or .p7s, optional)"),
        required=False,
        help_text=_("Stored with the document for anyone to check; the platform does not verify it."),
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by, days"), min_value=1, max_value=366, required=False)
    reason = forms.CharField(
        label=_("Reason (the authors are told)"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(
        label=_("Note or reasons"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    commitment_title = forms.CharField(label=_("What is to be done"), required=False, max_length=500)
    responsible_organisation = OrganisationChoiceField(label=_("Responsible organisation"), required=False)
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    project = forms.IntegerField(label=_("Project number"), required=False, min_value=1)
    agreement = forms.IntegerField(label=_("Agreement number in Mosty"), required=False, min_value=1)


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your rating of the answer"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mosty.consultations.models import ConsultationStatus, Decision
from mosty.organisations.models import Organisation

_MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

TEXT_HELP = _(
    "Start each section with a line “## 1. Title”; separate paragraphs with a blank line. Sections and "
    "paragraphs are numbered automatically (1.1, 1.2, …)."
)


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of the organisation"), queryset=Organisation.objects.none(), required=False
    )
    opens_at = forms.DateTimeField(label=_("Open from"), widget=_MOMENT)
    closes_at = forms.DateTimeField(label=_("Open until"), widget=_MOMENT)
    text = forms.CharField(
        label=_("Text of the draft"),
        max_length=200_000,
        help_text=TEXT_HELP,
        widget=forms.Textarea(attrs={"rows": 16}),
    )

    def __init__(self, *args: Any, organisations: Any = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = organisations if organisations is not None else Organisation.objects.none()
        if editing:
            del self.fields["text"]
            del self.fields["organisation"]


class VersionForm(forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=500, required=False)
    text = forms.CharField(
        label=_("Text of the draft"),
        max_length=200_000,
        help_text=TEXT_HELP,
        widget=forms.Textarea(attrs={"rows": 16}),
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all")), *ConsultationStatus.choices]
    )

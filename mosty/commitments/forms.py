"""Forms of the commitment pages. Forms parse and show errors; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mosty.commitments.models import LINKS_MAX, TEXT_MAX_LENGTH, Commitment, ReportEvery, validate_links


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files from one <input type="file" multiple>; cleaned to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ReportForm(forms.Form):
    reported_on = forms.DateField(label=_("Report date"), widget=DateInput())
    text = forms.CharField(
        label=_("What has been done"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6})
    )
    actual_value = forms.DecimalField(
        label=_("Actual value reached"),
        required=False,
        min_value=0,
        max_digits=18,
        decimal_places=2,
        help_text=_("In the commitment's indicator unit, counted from the start."),
    )
    marks_done = forms.BooleanField(label=_("The commitment is fulfilled"), required=False)
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Web pages that show the result, one per line (at most %(limit)d).")
        % {"limit": LINKS_MAX},
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, images, office documents or plain text; several files may be chosen."),
    )

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate_links(links)
        return links


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the report")), ("return", _("Return it with a comment"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the report is returned: say what is to be corrected."),
    )


class CommitmentForm(forms.Form):
    """What an editor may change on the commitment's page; `version` is the one the form was opened at."""

    title = forms.CharField(label=_("What is promised"), max_length=500)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    report_every = forms.ChoiceField(label=_("Reports due"), choices=ReportEvery.choices)
    indicator_unit = forms.CharField(label=_("Indicator unit"), required=False, max_length=60)
    planned_value = forms.DecimalField(
        label=_("Planned value"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=32767)
    version = forms.IntegerField(widget=forms.HiddenInput)

    FIELDS = ("title", "description", "deadline", "report_every", "indicator_unit", "planned_value", "weight")

    @classmethod
    def initial_from(cls, commitment: Commitment) -> dict[str, Any]:
        return {name: getattr(commitment, name) for name in (*cls.FIELDS, "version")}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, renamed: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: field errors on their fields where the form has
    them (`renamed` maps a service's argument to the form field that carries it)."""
    renamed = renamed or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            field = renamed.get(name, name)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)

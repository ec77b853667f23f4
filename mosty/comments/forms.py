from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mosty.comments.models import BODY_MAX_LENGTH, PROPOSAL_MAX_LENGTH, REASON_MAX_LENGTH


class CommentForm(forms.Form):
    """A new comment, a reply (with `parent`) or an edit. The proposed wording is offered only where
    the kind takes proposals and only on top-level comments."""

    body = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: *emphasis*, **strong**, [link](https://…), lists, > quote, `code`."),
    )
    proposed_text = forms.CharField(
        label=_("Proposed wording"),
        required=False,
        max_length=PROPOSAL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, allow_proposals: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_proposals:
            del self.fields["proposed_text"]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError shown on the form, field errors on their fields where it has them."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mosty.workspaces.models import MemberRole


class WorkspaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The confirmed e-mail address of the person's Mosty account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("First post"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, images or office documents."))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search in my workspaces"), max_length=200, required=False)

from __future__ import annotations

from django import forms

from mosty.accounts.models import User


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=User._meta.get_field("full_name").verbose_name,
        max_length=User._meta.get_field("full_name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.accounts.models import EmailFrequency, User


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=User._meta.get_field("full_name").verbose_name,
        max_length=User._meta.get_field("full_name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class PreferencesForm(forms.Form):
    """The language the platform writes to the user in, and how often it e-mails them."""

    language = forms.ChoiceField(
        label=User._meta.get_field("language").verbose_name,
        choices=settings.LANGUAGES,
        help_text=User._meta.get_field("language").help_text,
    )
    email_frequency = forms.ChoiceField(
        label=User._meta.get_field("email_frequency").verbose_name,
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
    )


class ApiTokenForm(forms.Form):
    """A new API token: what it is for and how long it lives."""

    LIFETIMES = (
        ("30", _("30 days")),
        ("90", _("90 days")),
        ("365", _("one year")),
        ("never", _("until revoked")),
    )

    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("For example: the regional portal's nightly import."),
    )
    lifetime = forms.ChoiceField(label=_("Valid for"), choices=LIFETIMES, initial="90")

    def expires_at(self) -> datetime.datetime | None:
        lifetime = self.cleaned_data["lifetime"]
        return None if lifetime == "never" else timezone.now() + datetime.timedelta(days=int(lifetime))

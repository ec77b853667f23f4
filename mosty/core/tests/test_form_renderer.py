"""The <select> written in Python is exactly Django's template output, only faster."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from mosty.core.form_renderer import Renderer

CHOICES = [
    ("", "— any —"),
    ("a", "Alpha & <Omega>"),
    ('Group "one"', [("b", "Beta"), ("c", "Gamma")]),
    (3, "Three"),
]


class Sample(forms.Form):
    single = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y'")], required=False)
    plain = forms.ChoiceField(
        choices=[("1", "One"), ("2", "Two")],
        widget=forms.Select(attrs={"class": "wide", "data-x": "<y>", "disabled": True, "hidden": False}),
    )
    maybe = forms.NullBooleanField()
    day = forms.DateField(widget=forms.SelectDateWidget(years=[2026, 2027]))


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"single": "b", "many": ["x", "y"], "plain": "2", "maybe": "true", "day_year": "2027"},
        {"single": "3"},
    ],
)
def test_selects_render_exactly_as_djangos_templates(data: dict[str, object]) -> None:
    ours = Sample(data=data or None, renderer=Renderer())
    theirs = Sample(data=data or None, renderer=DjangoTemplates())
    for name in ours.fields:
        assert str(ours[name]) == str(theirs[name]), name

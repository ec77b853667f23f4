"""Form fields for choosing organisations out of a registry of 100,000 without rendering it.

A plain ModelChoiceField writes every organisation as an <option>: at national scale a page of several
megabytes that takes seconds to build and to read with a screen reader. These fields keep Django's
ModelChoiceField / ModelMultipleChoiceField validation against the whole queryset (a posted id outside it
is refused with Django's own message), and change only what is rendered:

- the <select> holds the selected organisation(s) only (one query, none when nothing is selected), so the
  form posts ids exactly as before;
- a labelled search box above it asks `organisations:options` (HTMX, on typing) for at most
  `OPTIONS_LIMIT` organisations whose name in Russian, Belarusian or English matches, through the same
  normalised `search_key` the organisation list uses, and swaps them in as the select's options, keeping
  the ones already selected; a polite live region says how many were found;
- without JavaScript the search box does nothing, so a labelled text input beside it takes the
  organisation's number in Mosty (the number in the address of its page, found through the organisation
  list linked next to it), as the settlement fields already do. A number typed there is added to (multiple)
  or takes the place of (single) the select's choice, and goes through the same validation.

Native controls only (no custom listbox), so keyboard and assistive technology behave as they always do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from mosty.organisations.models import Organisation

OPTIONS_LIMIT = 20
NUMBER_SUFFIX = "_number"
SEARCH_SUFFIX = "_q"
_NUMBERS = re.compile(r"\d{1,18}")


def valid_ids(values: Iterable[Any]) -> list[int]:
    """The values that can be primary keys; anything else is left to the field's validation."""
    ids = []
    for value in values:
        text = str(getattr(value, "pk", value) or "")
        if _NUMBERS.fullmatch(text):
            ids.append(int(text))
    return ids


class OrganisationSelect(forms.Select):
    """A select rendering only the selected organisation(s), with a search box and a number box."""

    template_name = "organisations/widgets/organisation_select.html"
    search_label = _("Search organisations by name")
    number_label = _("Or type the organisation's number in Mosty")

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> list[Any]:
        iterator: Any = self.choices
        queryset: QuerySet[Organisation] | None = getattr(iterator, "queryset", None)
        field = getattr(iterator, "field", None)
        if queryset is None or field is None:  # not bound to a model field: render as given
            return super().optgroups(name, value, attrs)
        choices: list[Any] = []
        if field.empty_label is not None:
            choices.append(("", field.empty_label))
        ids = valid_ids(value)
        if ids:
            choices.extend(iterator.choice(obj) for obj in queryset.filter(pk__in=ids))
        full = self.choices
        try:
            self.choices = choices
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = full

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        iterator: Any = self.choices
        field = getattr(iterator, "field", None)
        widget["search_name"] = name + SEARCH_SUFFIX
        widget["number_name"] = name + NUMBER_SUFFIX
        widget["search_label"] = self.search_label
        widget["number_label"] = self.number_label
        widget["blank"] = field is not None and field.empty_label is not None
        return context

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        typed = str(data.get(name + NUMBER_SUFFIX) or "").strip()
        if typed:
            return typed
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return name not in data and name + NUMBER_SUFFIX not in data


class OrganisationSelectMultiple(OrganisationSelect, forms.SelectMultiple):
    allow_multiple_selected = True
    number_label = _("Or type the organisations' numbers in Mosty, separated by spaces")

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        chosen = data.getlist(name) if isinstance(data, MultiValueDict) else data.get(name)
        values = list(chosen or [])
        typed = str(data.get(name + NUMBER_SUFFIX) or "")
        values.extend(part for part in re.split(r"[\s,;]+", typed) if part and part not in values)
        return values

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return False  # as SelectMultiple: an empty multiple select is not in the data at all


class OrganisationChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField of organisations that renders only the selected one (see the module)."""

    widget = OrganisationSelect

    def __init__(self, queryset: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(Organisation.objects.all() if queryset is None else queryset, **kwargs)


class OrganisationMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField of organisations that renders only the selected ones."""

    widget = OrganisationSelectMultiple

    def __init__(self, queryset: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(Organisation.objects.all() if queryset is None else queryset, **kwargs)

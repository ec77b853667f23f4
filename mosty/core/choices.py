"""The options of long selects of reference data (regions, towns), from the shared cache.

A ModelChoiceField builds its options from the database on every render: 96 regions and 455 towns
made 850 model instances and 25 ms per page. Reference data changes only when the reference loader
runs (which calls `reference_changed`), so the options are kept per language under a reference
version; an hour's ceiling covers an edit of a region in the admin. Validation is untouched: the
field still checks a posted value against its queryset.
"""

from __future__ import annotations

import time

from django import forms
from django.core.cache import cache
from django.utils import translation

VERSION_KEY = "choices:reference-version"
CHOICES_SECONDS = 60 * 60


def reference_changed() -> None:
    """Make every cached list of reference options stale (called by the reference loader)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return int(version or 0)


def use_cached_choices(field: forms.Field, name: str) -> None:
    """Render `field` (a model choice field over reference data) with options from the cache."""
    assert isinstance(field, forms.ModelChoiceField)
    # The blank option differs between fields over the same data (none for a multiple choice).
    blank = "" if isinstance(field, forms.ModelMultipleChoiceField) else str(field.empty_label or "")
    key = f"choices:{name}:{translation.get_language()}:{_version()}:{blank}"
    choices = cache.get(key)
    if choices is None:
        # Django's own iterator (the blank option first where the field has one), labels in this language.
        choices = [(str(value), str(label)) for value, label in field.iterator(field)]
        cache.set(key, choices, timeout=CHOICES_SECONDS)
    field.widget.choices = choices

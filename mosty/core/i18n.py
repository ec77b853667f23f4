"""Names in three languages: Russian (the default and the fallback), Belarusian, English."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def current_language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


def localized(obj: Any, base: str, language: str | None = None) -> str:
    """The value of `<base>_<language>`, falling back to Russian when it is empty."""
    language = language or current_language()
    value = getattr(obj, f"{base}_{language}", "") or ""
    return value or getattr(obj, f"{base}_ru", "") or ""


def localized_field(base: str, language: str | None = None) -> str:
    """The column to order by for the active language, e.g. `name_be`."""
    return f"{base}_{language or current_language()}"


class Named(models.Model):
    """A reference object whose name is known in the three platform languages."""

    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_be = models.CharField(_("name (Belarusian)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def names(self) -> dict[str, str]:
        return {code: localized(self, "name", code) for code in LANGUAGE_CODES}

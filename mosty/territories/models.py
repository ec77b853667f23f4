from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mosty.core.i18n import Named, localized


class Country(Named):
    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2"))

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]


class FederalDistrict(models.TextChoices):
    CENTRAL = "central", _("Central Federal District")
    NORTHWESTERN = "northwestern", _("Northwestern Federal District")
    SOUTHERN = "southern", _("Southern Federal District")
    NORTH_CAUCASIAN = "north_caucasian", _("North Caucasian Federal District")
    VOLGA = "volga", _("Volga Federal District")
    URAL = "ural", _("Ural Federal District")
    SIBERIAN = "siberian", _("Siberian Federal District")
    FAR_EASTERN = "far_eastern", _("Far Eastern Federal District")


class RegionKind(models.TextChoices):
    REPUBLIC = "republic", _("republic")
    KRAI = "krai", _("krai")
    OBLAST = "oblast", _("oblast")
    FEDERAL_CITY = "federal_city", _("city of federal significance")
    AUTONOMOUS_OBLAST = "autonomous_oblast", _("autonomous oblast")
    AUTONOMOUS_OKRUG = "autonomous_okrug", _("autonomous okrug")
    CAPITAL_CITY = "capital_city", _("capital city")


class Region(Named):
    """A federal subject of Russia, an oblast of Belarus, or the city of Minsk."""

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="regions"
    )
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        help_text=_("ISO 3166-2 where assigned, otherwise a local code"),
    )
    iso_assigned = models.BooleanField(_("ISO 3166-2 code"), default=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RegionKind.choices)
    centre_ru = models.CharField(_("administrative centre (Russian)"), max_length=120)
    centre_be = models.CharField(_("administrative centre (Belarusian)"), max_length=120, blank=True)
    centre_en = models.CharField(_("administrative centre (English)"), max_length=120, blank=True)
    federal_district = models.CharField(
        _("federal district"), max_length=20, choices=FederalDistrict.choices, blank=True
    )
    borders_other_country = models.BooleanField(_("borders the other country"), default=False)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country__code", "name_ru"]
        indexes = [
            # The region list filtered by country and federal district.
            models.Index(fields=["country", "federal_district"], name="region_country_fd_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(population__isnull=True) | models.Q(population_year__isnull=False),
                name="region_population_has_year",
            ),
        ]

    @property
    def centre(self) -> str:
        return localized(self, "centre")


class District(Named):
    """A district (raion) of Belarus."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="districts"
    )
    code = models.CharField(_("code"), max_length=12, unique=True)
    centre_ru = models.CharField(_("centre (Russian)"), max_length=120, blank=True)
    centre_be = models.CharField(_("centre (Belarusian)"), max_length=120, blank=True)
    centre_en = models.CharField(_("centre (English)"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["region__code", "name_ru"]

    @property
    def centre(self) -> str:
        return localized(self, "centre")


class Settlement(Named):
    """A city or town from GeoNames, attached to its region."""

    geonameid = models.PositiveIntegerField(_("GeoNames id"), unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="settlements"
    )
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    is_regional_centre = models.BooleanField(_("regional centre"), default=False)
    # Every known spelling, normalised by mosty.lib.text.normalize, separated by " | ".
    search_key = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["-population", "name_ru"]
        indexes = [
            # The region page's settlement list: WHERE region_id=? ORDER BY population DESC.
            models.Index(fields=["region", "-population"], name="settlement_region_pop_idx"),
            # The settlement search without a query and the home-page map: ORDER BY population DESC.
            models.Index(fields=["-population"], name="settlement_pop_idx"),
        ]
        # On PostgreSQL, migration 0002 adds a trigram GIN index on search_key for the
        # spelling-insensitive search (LIKE '%q%').

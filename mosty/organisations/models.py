from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mosty.core.i18n import Named
from mosty.lib.text import search_key

DESCRIPTION_MAX_LENGTH = 10_000

# Messages the services, forms and tests share.
SETTLEMENT_NOT_IN_REGION = _("This settlement is not in the chosen region.")


class OrganisationKind(models.TextChoices):
    EXECUTIVE = "executive", _("executive authority")
    COUNCIL = "council", _("council of deputies / representative body")
    LOCAL_GOVERNMENT = "local_government", _("local self-government")
    ENTERPRISE = "enterprise", _("enterprise")
    BUSINESS_ASSOCIATION = "business_association", _("business association")
    NGO = "ngo", _("non-governmental organisation")
    UNIVERSITY = "university", _("university")
    MEDIA = "media", _("media")
    YOUTH = "youth", _("youth organisation")
    CULTURE = "culture", _("cultural institution")


class Organisation(Named):
    kind = models.CharField(_("kind"), max_length=24, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        "territories.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="organisations"
    )
    settlement = models.ForeignKey(
        "territories.Settlement",
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    sectors = models.ManyToManyField(
        "sectors.Sector", verbose_name=_("sectors"), blank=True, related_name="organisations"
    )
    # A TextField's max_length binds forms only; the validator makes full_clean() hold it too.
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representatives"),
        blank=True,
        related_name="represented_organisations",
    )
    is_verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The names in every language, normalised by mosty.lib.text, separated by " | ": the name search.
    search_key = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_ru", "id"]
        indexes = [
            # The organisation list and the region page: WHERE region_id=? ORDER BY name_ru.
            models.Index(fields=["region", "name_ru"], name="org_region_name_idx"),
            # The organisation list filtered by kind.
            models.Index(fields=["kind", "name_ru"], name="org_kind_name_idx"),
            # The unfiltered list and /api/v1/organisations: ORDER BY name_ru, id LIMIT n.
            models.Index(fields=["name_ru", "id"], name="org_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_verified=False) | models.Q(verified_at__isnull=False),
                name="org_verified_has_date",
            ),
        ]

    def clean(self) -> None:
        if self.settlement_id is not None and self.region_id is not None:
            settlement = self.settlement
            if settlement is not None and settlement.region_id != self.region_id:
                error = ValidationError(SETTLEMENT_NOT_IN_REGION, code="settlement_not_in_region")
                raise ValidationError({"settlement": error})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column, so it is kept in step on every path that saves (services, admin, fixtures).
        self.search_key = search_key((self.name_ru, self.name_be, self.name_en))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name_ru", "name_be", "name_en"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

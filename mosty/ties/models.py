from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ACTIVITY_MAX_LENGTH = 10_000
# Side A of every tie is the Russian territory, side B the Belarusian one (see Tie.clean).
COUNTRY_A = "RU"

# Messages the services, forms and tests share.
SAME_TERRITORY = _("A tie joins two different territories.")
SAME_COUNTRY = _("A tie joins a territory of Russia and a territory of Belarus, not two of the same country.")
SETTLEMENT_NOT_IN_REGION = _("This settlement is not in the chosen region.")
DUPLICATE_TIE = _("An active tie of this kind between these territories already exists.")


class TieKind(models.TextChoices):
    TWIN_CITIES = "twin_cities", _("twin cities")
    PARTNER_REGIONS = "partner_regions", _("partner regions")
    PARTNER_DISTRICTS = "partner_districts", _("partner districts")
    COOPERATION = "cooperation", _("cooperation agreement")


class TieStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    ENDED = "ended", _("ended")


class Tie(models.Model):
    """A twinning or partnership between a territory of one country and one of the other."""

    kind = models.CharField(_("kind"), max_length=20, choices=TieKind.choices)
    region_a = models.ForeignKey(
        "territories.Region", verbose_name=_("first region"), on_delete=models.PROTECT, related_name="+"
    )
    settlement_a = models.ForeignKey(
        "territories.Settlement",
        verbose_name=_("first settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region_b = models.ForeignKey(
        "territories.Region", verbose_name=_("second region"), on_delete=models.PROTECT, related_name="+"
    )
    settlement_b = models.ForeignKey(
        "territories.Settlement",
        verbose_name=_("second settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    since = models.DateField(_("since"), null=True, blank=True)
    basis = models.CharField(_("basis document"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TieStatus.choices, default=TieStatus.ACTIVE)
    # A TextField's max_length binds forms only; the validator makes full_clean() hold it too.
    activity = models.TextField(
        _("activity notes"),
        blank=True,
        max_length=ACTIVITY_MAX_LENGTH,
        validators=[MaxLengthValidator(ACTIVITY_MAX_LENGTH)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        ordering = ["-since", "id"]
        indexes = [
            # A region page lists the ties on either side: WHERE region_a_id=? OR region_b_id=?.
            models.Index(fields=["region_a", "status"], name="tie_region_a_idx"),
            models.Index(fields=["region_b", "status"], name="tie_region_b_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(region_a=models.F("region_b")),
                name="tie_two_different_regions",
                violation_error_message=SAME_TERRITORY,
            ),
            # One active tie of a kind per pair of territories. Sides are stored in a fixed order
            # (Russian first, see clean), so "either order" is the same row; a missing settlement
            # counts as 0 because NULLs never collide in a unique index.
            models.UniqueConstraint(
                "kind",
                "region_a",
                "region_b",
                Coalesce("settlement_a", models.Value(0), output_field=models.BigIntegerField()),
                Coalesce("settlement_b", models.Value(0), output_field=models.BigIntegerField()),
                condition=models.Q(status="active"),
                name="tie_unique_active_pair",
                violation_error_message=DUPLICATE_TIE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.side_a} — {self.side_b}"

    def clean(self) -> None:
        """Both sides valid, in different countries, and stored Russian side first."""
        if self.region_a_id is None or self.region_b_id is None:
            return
        if self.region_a_id == self.region_b_id:
            raise ValidationError(SAME_TERRITORY, code="same_territory")
        errors: dict[str, ValidationError] = {}
        for side in ("a", "b"):
            settlement = getattr(self, f"settlement_{side}")
            if settlement is not None and settlement.region_id != getattr(self, f"region_{side}_id"):
                errors[f"settlement_{side}"] = ValidationError(
                    SETTLEMENT_NOT_IN_REGION, code="settlement_not_in_region"
                )
        if errors:
            raise ValidationError(errors)
        if self.region_a.country_id == self.region_b.country_id:
            raise ValidationError(SAME_COUNTRY, code="same_country")
        if self.region_a.country.code != COUNTRY_A:
            self.region_a, self.region_b = self.region_b, self.region_a
            self.settlement_a, self.settlement_b = self.settlement_b, self.settlement_a

    @property
    def side_a(self) -> str:
        return (self.settlement_a or self.region_a).name

    @property
    def side_b(self) -> str:
        return (self.settlement_b or self.region_b).name

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    activity = models.TextField(_("activity notes"), blank=True, max_length=10000)
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
                violation_error_message=_("A tie joins two different territories."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.side_a} — {self.side_b}"

    @property
    def side_a(self) -> str:
        return (self.settlement_a or self.region_a).name

    @property
    def side_b(self) -> str:
        return (self.settlement_b or self.region_b).name

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mosty.core.i18n import Named


class Sector(Named):
    """A section (A-U) or division (01-99) of OKVED 2, aligned with NACE Rev. 2."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="divisions",
    )

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]

    @property
    def is_section(self) -> bool:
        return self.parent_id is None

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

from __future__ import annotations

from collections.abc import Iterable

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "mosty.agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from mosty.agreements.models import SOURCE_KIND
        from mosty.commitments.sources import register_source

        register_source(SOURCE_KIND, label=_("Agreement"), url=_agreement_url, title=_agreement_titles)


def _agreement_url(pk: int) -> str:
    return reverse("agreements:detail", args=[pk])


def _agreement_titles(ids: Iterable[int]) -> dict[int, str]:
    from mosty.agreements.models import Agreement

    return {
        agreement.pk: str(agreement)
        for agreement in Agreement.objects.filter(pk__in=list(ids)).only("pk", "title", "number")
    }

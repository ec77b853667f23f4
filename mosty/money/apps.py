from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoneyConfig(AppConfig):
    name = "mosty.money"
    verbose_name = _("Currency rates")

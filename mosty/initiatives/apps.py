from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "mosty.initiatives"
    label = "initiatives"
    verbose_name = _("Citizen initiatives")

    def ready(self) -> None:
        from mosty.initiatives import registration

        registration.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "mosty.consultations"
    label = "consultations"
    verbose_name = _("Consultations on drafts")

    def ready(self) -> None:
        from mosty.consultations.comments import register

        register()

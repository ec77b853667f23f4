from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiesConfig(AppConfig):
    name = "mosty.ties"
    label = "ties"
    verbose_name = _("Ties")

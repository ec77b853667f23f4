from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspacesConfig(AppConfig):
    name = "mosty.workspaces"
    label = "workspaces"
    verbose_name = _("Workspaces")

    def ready(self) -> None:
        from mosty.workspaces.comments import register

        register()

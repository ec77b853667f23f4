from __future__ import annotations

from collections.abc import Iterable

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "mosty.projects"
    verbose_name = _("Projects and programmes")

    def ready(self) -> None:
        from mosty.commitments.sources import register_source
        from mosty.projects.models import SOURCE_KIND

        register_source(SOURCE_KIND, label=_("Project"), url=_project_url, title=_project_titles)


def _project_url(pk: int) -> str:
    return reverse("projects:detail", args=[pk])


def _project_titles(ids: Iterable[int]) -> dict[int, str]:
    from mosty.projects.models import Project

    return {
        project.pk: str(project) for project in Project.objects.filter(pk__in=list(ids)).only("pk", "title")
    }

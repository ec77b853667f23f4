"""Paragraph comments and proposals of new wording are comments of the one comments mechanism:
kind "consultation_paragraph", target id = the paragraph's id. This module declares the kind."""

from __future__ import annotations

from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mosty.comments.registry import TargetKind, register_target
from mosty.consultations import access
from mosty.consultations.models import ConsultationStatus, Paragraph

KIND = "consultation_paragraph"

CLOSED = _("This consultation is closed for comments.")
NOT_YET_OPEN = _("This consultation is not open for comments yet.")
OLD_VERSION = _("Comments are taken on the current version of the draft only.")


def _get(user: Any, pk: int) -> Paragraph:
    return access.paragraph_for_user(user, pk)


def may_comment(user: Any, paragraph: Paragraph) -> str | None:
    consultation = paragraph.version.consultation
    status = consultation.status
    if status == ConsultationStatus.UPCOMING:
        return str(NOT_YET_OPEN)
    if status != ConsultationStatus.OPEN:
        return str(CLOSED)
    latest = consultation.versions.aggregate(latest=Max("number"))["latest"]
    if paragraph.version.number != latest:
        return str(OLD_VERSION)
    return None


def _url(paragraph: Paragraph) -> str:
    consultation = paragraph.version.consultation
    return reverse("consultations:paragraph", args=[consultation.pk, paragraph.pk])


def _audience(paragraph: Paragraph) -> list[Any]:
    """The organiser hears of every new comment on their draft."""
    return [paragraph.version.consultation.organiser]


def register() -> None:
    register_target(
        TargetKind(
            kind=KIND,
            get=_get,
            may_comment=may_comment,
            url=_url,
            audience=_audience,
            allow_proposals=True,
            allow_support=True,
        )
    )

"""Consultations in the JSON API (mounted at /api/v1/ by mosty.api). Read-only and public, like the
pages: the list, one consultation with the text of a version, and the table of comments and answers."""

# No `from __future__ import annotations` here: django-ninja resolves the annotations at import.

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from mosty.consultations import access, selectors
from mosty.consultations.models import Consultation, ConsultationStatus, Paragraph, Section

router = Router(tags=["consultations"])

MAX_ID = 2**63 - 1


class ConsultationOut(Schema):
    id: int
    title: str
    summary: str
    status: ConsultationStatus
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    organiser: str
    organisation: int | None = Field(description="The organising organisation's id")

    @staticmethod
    def resolve_status(obj: Consultation) -> str:
        return str(obj.status)

    @staticmethod
    def resolve_organiser(obj: Consultation) -> str:
        return str(obj.organiser.display_name)

    @staticmethod
    def resolve_organisation(obj: Consultation) -> int | None:
        return obj.organisation_id


class ParagraphOut(Schema):
    id: int = Field(description="The comment target id (kind consultation_paragraph)")
    label: str = Field(description="Section and paragraph number, e.g. 1.2")
    text: str
    comments: int

    @staticmethod
    def resolve_comments(obj: Paragraph) -> int:
        return int(getattr(obj, "comment_count", 0))


class SectionOut(Schema):
    number: int
    title: str
    paragraphs: list[ParagraphOut]

    @staticmethod
    def resolve_paragraphs(obj: Section) -> list[Paragraph]:
        return list(getattr(obj, "paragraph_list", []))


class VersionOut(Schema):
    number: int
    note: str
    published_at: datetime.datetime


class ConsultationDetailOut(ConsultationOut):
    versions: list[VersionOut] = Field(alias="versions_list")
    version: int = Field(description="The version whose text is given")
    sections: list[SectionOut]


class AnswerRowOut(Schema):
    comment: int
    version: int
    paragraph: str
    author: str
    written_at: datetime.datetime
    comment_text: str
    proposed_text: str
    support: int
    decision: str | None = Field(description="accepted, partly or declined; null while unanswered")
    reason: str


class ListQuery(Schema):
    status: ConsultationStatus | None = None


class DetailQuery(Schema):
    version: int | None = Field(None, ge=1, le=10**9, description="A version number; the latest by default")


@router.get("consultations", response=list[ConsultationOut])
@paginate(PageNumberPagination, page_size=50)
def consultation_list(request: HttpRequest, filters: Query[ListQuery]) -> QuerySet[Consultation]:
    """Consultations on drafts, the most recently opened first."""
    return selectors.consultation_list(filters.status or "")


@router.get("consultations/{id}", response=ConsultationDetailOut)
def consultation_detail(
    request: HttpRequest, query: Query[DetailQuery], id: int = Path(..., ge=1, le=MAX_ID)
) -> Consultation:
    """One consultation with the numbered text of a version and the comment count of each paragraph."""
    consultation = access.consultation_for_user(request.user, id)
    version = selectors.version_of(consultation, query.version)
    consultation.versions_list = selectors.versions_of(consultation)  # type: ignore[attr-defined]
    consultation.version = version.number  # type: ignore[attr-defined]
    consultation.sections = selectors.sections_of(version)  # type: ignore[attr-defined]
    return consultation


@router.get("consultations/{id}/answers", response=list[AnswerRowOut])
def consultation_answers(
    request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)
) -> list[dict[str, object]]:
    """The table of comments and answers, in the order of the text."""
    consultation = access.consultation_for_user(request.user, id)
    rows = []
    for row in selectors.answer_table(consultation):
        rows.append(
            {
                "comment": row.comment.pk,
                "version": row.paragraph.version.number,
                "paragraph": row.paragraph.label,
                "author": row.comment.author.display_name,
                "written_at": row.comment.created_at,
                "comment_text": row.comment.body,
                "proposed_text": row.comment.proposed_text,
                "support": row.comment.support_count,
                "decision": row.answer.decision if row.answer else None,
                "reason": row.answer.reason if row.answer else "",
            }
        )
    return rows

"""Reading consultations: lists, a version's text with comment counts, the table of comments and answers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mosty.comments.models import Comment
from mosty.comments.selectors import comment_counts
from mosty.consultations.drafts import Block
from mosty.consultations.models import (
    Answer,
    Consultation,
    ConsultationStatus,
    Paragraph,
    Section,
    Version,
)

PARAGRAPH_KIND = "consultation_paragraph"


def status_q(status: str, now: datetime.datetime | None = None) -> Q:
    now = now or timezone.now()
    if status == ConsultationStatus.UPCOMING:
        return Q(opens_at__gt=now)
    if status == ConsultationStatus.OPEN:
        return Q(opens_at__lte=now, closes_at__gt=now)
    if status == ConsultationStatus.CLOSED:
        return Q(closes_at__lte=now, answered_at__isnull=True)
    if status == ConsultationStatus.ANSWERED:
        return Q(closes_at__lte=now, answered_at__isnull=False)
    return Q()


def consultation_list(status: str = "") -> QuerySet[Consultation]:
    """Newest first; a fixed number of queries whatever the count (organiser and organisation joined)."""
    return (
        Consultation.objects.filter(status_q(status))
        .select_related("organiser", "organisation")
        .order_by("-opens_at", "-id")
    )


def versions_of(consultation: Consultation) -> list[Version]:
    return list(consultation.versions.order_by("number"))


def version_of(consultation: Consultation, number: int | None) -> Version:
    """The version with this number, or the latest one; Http404 for a number that does not exist."""
    versions = consultation.versions.all()
    version = versions.filter(number=number).first() if number else versions.order_by("-number").first()
    if version is None:
        raise Http404
    return version


def sections_of(version: Version) -> list[Section]:
    """The version's sections with `.paragraph_list` (each with `.comment_count`): three queries."""
    paragraphs = Paragraph.objects.order_by("number")
    sections: list[Section] = list(
        version.sections.order_by("number").prefetch_related(
            Prefetch("paragraphs", queryset=paragraphs, to_attr="paragraph_list")
        )
    )
    listed: list[tuple[Section, list[Paragraph]]] = [(s, getattr(s, "paragraph_list", [])) for s in sections]
    counts = comment_counts(PARAGRAPH_KIND, [p.pk for _s, ps in listed for p in ps])
    for section, paragraph_list in listed:
        for paragraph in paragraph_list:
            paragraph.section = section  # no query for `label`
            paragraph.comment_count = counts.get(paragraph.pk, 0)  # type: ignore[attr-defined]
    return sections


def blocks_of(version: Version) -> list[Block]:
    """Headings and paragraphs in reading order, for the diff."""
    blocks: list[Block] = []
    paragraphs = Paragraph.objects.order_by("number")
    for section in version.sections.order_by("number").prefetch_related(Prefetch("paragraphs", paragraphs)):
        blocks.append(Block(str(section.number), section.title, is_heading=True))
        blocks.extend(Block(f"{section.number}.{p.number}", p.text) for p in section.paragraphs.all())
    return blocks


def paragraph_ids(consultation: Consultation) -> QuerySet[Paragraph, int]:
    return Paragraph.objects.filter(version__consultation=consultation).values_list("pk", flat=True)


def answerable(consultation: Consultation) -> QuerySet[Comment]:
    """The comments the organisers answer: top-level, not hidden, on any version's paragraphs."""
    return Comment.objects.filter(
        kind=PARAGRAPH_KIND, target_id__in=paragraph_ids(consultation), parent__isnull=True, is_hidden=False
    )


def unanswered(consultation: Consultation) -> QuerySet[Comment]:
    return answerable(consultation).filter(consultation_answer__isnull=True)


@dataclass(frozen=True)
class TableRow:
    comment: Comment
    paragraph: Paragraph
    answer: Answer | None

    @property
    def place(self) -> str:
        return f"v{self.paragraph.version.number} · {self.paragraph.label}"

    def as_row(self) -> dict[str, Any]:
        return {
            "version": self.paragraph.version.number,
            "paragraph": self.paragraph.label,
            "author": self.comment.author.display_name,
            "written_at": timezone.localtime(self.comment.created_at).replace(tzinfo=None),
            "comment": self.comment.body,
            "proposed_text": self.comment.proposed_text,
            "support": self.comment.support_count,
            "decision": str(self.answer.get_decision_display()) if self.answer else "",
            "reason": self.answer.reason if self.answer else "",
        }


def answer_table(consultation: Consultation) -> list[TableRow]:
    """Every answerable comment with its paragraph and answer, in the order of the text (version,
    section, paragraph, then time): three queries whatever the number of comments."""
    comments = list(
        answerable(consultation).select_related("author", "consultation_answer").order_by("created_at", "pk")
    )
    paragraphs = {
        p.pk: p
        for p in Paragraph.objects.filter(pk__in={c.target_id for c in comments}).select_related(
            "section", "version"
        )
    }
    rows = [
        TableRow(comment, paragraphs[comment.target_id], getattr(comment, "consultation_answer", None))
        for comment in comments
        if comment.target_id in paragraphs
    ]
    rows.sort(
        key=lambda row: (
            row.paragraph.version.number,
            row.paragraph.section.number,
            row.paragraph.number,
            row.comment.created_at,
            row.comment.pk,
        )
    )
    return rows

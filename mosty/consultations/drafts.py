"""A draft's text in and out: the structured plain-text form organisers write, and the difference
between two versions.

The form is a subset of Markdown:

    ## 1. General provisions

    The first paragraph of the section, possibly
    over several lines.

    The second paragraph.

    ## 2. Cross-border cooperation
    ...

A line starting with "## " opens a section (a number written before the title is dropped: sections
are numbered in order); paragraphs are separated by blank lines and numbered 1.1, 1.2, ... within
their section. Lines inside a paragraph are joined with a space.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mosty.lib.sanitize import plain_text

TEXT_EMPTY = _("The draft has no text. Write at least one section with one paragraph.")
TEXT_BEFORE_SECTION = _("The text must start with a section heading, a line like “## 1. General provisions”.")
SECTION_WITHOUT_TITLE = _("Section %(number)s has no title after “##”.")
SECTION_EMPTY = _("Section %(number)s (“%(title)s”) has no paragraphs.")
TOO_LONG = _("Paragraph %(label)s is longer than %(limit)s characters; split it.")

PARAGRAPH_LIMIT = 20_000
_HEADING = re.compile(r"^##(?!#)\s*(.*)$")
_LEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)*[.)](?:\s+|$)")


@dataclass
class DraftSection:
    number: int
    title: str
    paragraphs: list[str] = field(default_factory=list)


def parse_draft(source: str) -> list[DraftSection]:
    """The sections and paragraphs of a draft; ValidationError (field "text") on a malformed one."""
    text = plain_text(source)
    sections: list[DraftSection] = []
    lines: list[str] = []

    def close_paragraph() -> None:
        if lines:
            if not sections:
                raise ValidationError({"text": ValidationError(TEXT_BEFORE_SECTION, code="no_section")})
            sections[-1].paragraphs.append(" ".join(lines))
            lines.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading:
            close_paragraph()
            number = len(sections) + 1
            title = _LEADING_NUMBER.sub("", heading.group(1).strip()).strip()
            if not title:
                raise ValidationError(
                    {
                        "text": ValidationError(
                            SECTION_WITHOUT_TITLE, code="no_title", params={"number": number}
                        )
                    }
                )
            sections.append(DraftSection(number, title[:500]))
        elif line:
            lines.append(" ".join(line.split()))
        else:
            close_paragraph()
    close_paragraph()
    if not sections:
        raise ValidationError({"text": ValidationError(TEXT_EMPTY, code="empty")})
    for section in sections:
        if not section.paragraphs:
            raise ValidationError(
                {
                    "text": ValidationError(
                        SECTION_EMPTY,
                        code="empty_section",
                        params={"number": section.number, "title": section.title},
                    )
                }
            )
        for index, paragraph in enumerate(section.paragraphs, start=1):
            if len(paragraph) > PARAGRAPH_LIMIT:
                raise ValidationError(
                    {
                        "text": ValidationError(
                            TOO_LONG,
                            code="too_long",
                            params={"label": f"{section.number}.{index}", "limit": PARAGRAPH_LIMIT},
                        )
                    }
                )
    return sections


# --- The difference between two versions -----------------------------------------------------------

EQUAL = "equal"
ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph of a version, as the diff compares them."""

    label: str  # "2" for a section heading, "2.3" for a paragraph
    text: str
    is_heading: bool = False


@dataclass(frozen=True)
class Segment:
    op: str  # EQUAL, ADDED or REMOVED
    text: str


@dataclass(frozen=True)
class DiffRow:
    op: str  # EQUAL, ADDED, REMOVED or CHANGED
    old: Block | None
    new: Block | None
    segments: list[Segment]  # the words, marked; for EQUAL, ADDED and REMOVED one segment

    @property
    def is_heading(self) -> bool:
        block = self.new or self.old
        return bool(block and block.is_heading)


_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[Segment]:
    """The words of `old` → `new` with removed and added runs marked; whitespace goes with its run."""
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment(EQUAL, "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment(REMOVED, "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment(ADDED, "".join(b[j1:j2])))
    return segments


def diff_blocks(old: Sequence[Block], new: Sequence[Block]) -> list[DiffRow]:
    """Paragraph-level alignment of two versions, then word-level marks inside changed paragraphs."""
    matcher = difflib.SequenceMatcher(None, [b.text for b in old], [b.text for b in new], autojunk=False)
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                rows.append(DiffRow(EQUAL, a, b, [Segment(EQUAL, b.text)]))
            continue
        removed = list(old[i1:i2])
        added = list(new[j1:j2])
        # A replaced run: pair blocks in order (a heading only with a heading) and mark their words.
        while removed and added and removed[0].is_heading == added[0].is_heading:
            a, b = removed.pop(0), added.pop(0)
            rows.append(DiffRow(CHANGED, a, b, word_diff(a.text, b.text)))
        rows.extend(DiffRow(REMOVED, a, None, [Segment(REMOVED, a.text)]) for a in removed)
        rows.extend(DiffRow(ADDED, None, b, [Segment(ADDED, b.text)]) for b in added)
    return rows

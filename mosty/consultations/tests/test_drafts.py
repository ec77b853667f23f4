"""The structured text of a draft and the difference between versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mosty.consultations.drafts import (
    ADDED,
    CHANGED,
    EQUAL,
    REMOVED,
    Block,
    diff_blocks,
    parse_draft,
    word_diff,
)
from mosty.consultations.tests.conftest import DRAFT


def test_sections_and_paragraphs_are_numbered_in_order_whatever_the_written_numbers() -> None:
    sections = parse_draft("## 7. Первый\n\nАбзац один\nпродолжение.\n\n\nАбзац два.\n## Второй\nТретий.\n")
    assert [(s.number, s.title) for s in sections] == [(1, "Первый"), (2, "Второй")]
    assert sections[0].paragraphs == ["Абзац один продолжение.", "Абзац два."]
    assert sections[1].paragraphs == ["Третий."]


def test_the_sample_draft_parses() -> None:
    sections = parse_draft(DRAFT)
    assert [len(s.paragraphs) for s in sections] == [2, 1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The draft has no text"),
        ("Текст без раздела.\n\n## 1. Раздел\n\nАбзац.", "must start with a section heading"),
        ("## 1.\n\nАбзац.", "has no title"),
        ("## 1. Раздел\n\n## 2. Второй\n\nАбзац.", "has no paragraphs"),
    ],
)
def test_malformed_drafts_are_refused_with_a_message(text: str, message: str) -> None:
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            parse_draft(text)
        assert message in " ".join(error.value.message_dict["text"])


def test_markup_in_a_draft_is_inert() -> None:
    sections = parse_draft("## 1. <script>alert(1)</script>Раздел\n\n<img src=x onerror=alert(1)>Абзац.")
    assert sections[0].title == "Раздел"
    assert "<" not in sections[0].paragraphs[0]


def test_word_diff_marks_removed_and_added_words() -> None:
    segments = word_diff(
        "правовой базы приграничного сотрудничества", "правовой базы межрегионального сотрудничества"
    )
    assert [(s.op, s.text.strip()) for s in segments if s.text.strip()] == [
        (EQUAL, "правовой базы"),
        (REMOVED, "приграничного"),
        (ADDED, "межрегионального"),
        (EQUAL, "сотрудничества"),
    ]


def test_paragraph_level_diff_finds_unchanged_changed_added_and_removed() -> None:
    old = [
        Block("1", "Раздел", True),
        Block("1.1", "Один два три."),
        Block("1.2", "Удалить меня."),
        Block("1.3", "Оставить."),
    ]
    new = [
        Block("1", "Раздел", True),
        Block("1.1", "Один два четыре."),
        Block("1.2", "Оставить."),
        Block("1.3", "Новый."),
    ]
    rows = diff_blocks(old, new)
    assert [(row.op, (row.old or row.new).label) for row in rows] == [  # type: ignore[union-attr]
        (EQUAL, "1"),
        (CHANGED, "1.1"),
        (REMOVED, "1.2"),
        (EQUAL, "1.3"),
        (ADDED, "1.3"),
    ]

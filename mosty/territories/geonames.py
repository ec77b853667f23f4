"""Russian and Belarusian names of a GeoNames place, picked from its alternate names.

GeoNames gives each place one Latin `name` and an unlabelled list of `alternatenames` in every
language and script; which Cyrillic one is Russian and which Belarusian is not recorded. This
module infers it (plain functions, no models; tested in territories/tests/test_geonames.py):

1. A candidate is a Cyrillic-only alternate name (spaces, hyphens, digits and apostrophes
   allowed), stress marks removed. Spellings neither Russian nor Belarusian are dropped: the
   Ukrainian "-ськ", "-цьк", "-зьк", "ьо", the old "-ньск", a soft or hard sign after a vowel.
2. Russian candidates use only the Russian alphabet (none of і ў ї є ґ, no apostrophe, ъ only
   before е ё ю я). Belarusian candidates use only the Belarusian alphabet (none of и щ ъ ї є ґ)
   and have no soft т or д, which Belarusian writes ц and дз ("Віцебск", not the Ukrainian
   "Вітебськ").
3. Belarusian name: among the Belarusian candidates that contain і or ў, the one whose Belarusian
   transliterations come closest (difflib ratio) to the GeoNames name.
4. Russian name: among the Russian candidates the one whose Russian transliterations come closest
   to the GeoNames name. In Belarus the chosen Belarusian name and Belarusian-looking spellings
   in shared letters ("дз", "э" after a consonant, "шы", "-ае": "Маладзечна", "Глыбокае") are
   left out first, because GeoNames names there follow Belarusian.
5. In Belarus only, when no candidate contains і or ў, a Belarusian candidate other than the
   Russian name is the Belarusian name ("Рэчыца" beside "Речица"). Otherwise it stays empty and
   the platform shows the Russian one.
6. With no Russian candidate the Russian name falls back to the Belarusian one, then to the
   GeoNames name.
Equally close candidates: the one with more letters that Bulgarian, Ukrainian and Serbian lack
(ы э ё, "-ий"), then the one agreeing best with all the Latin spellings, the hyphenated one, the
longer one, and alphabetically, so the result is stable.

Measured against the hand-written names of the 89 regional centres in regions.csv and the
117 district centres in districts_by.csv that GeoNames has, 184 of 206 Russian names and 113 of
the 135 Belarusian names it found agree (Belarusian names are found for 135 of the 206). Those
centres themselves take their names from the data files (see territories.reference).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from mosty.lib.text import is_cyrillic, is_latin, is_latin_or_cyrillic, normalize, transliterations

RUSSIAN_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
BELARUSIAN_LETTERS = frozenset("абвгдеёжзійклмнопрстуўфхцчшыьэюя")
BELARUSIAN_ONLY = frozenset("іў")
APOSTROPHES = frozenset("'’ʼ")
ALLOWED_MARKS = frozenset(" -") | APOSTROPHES
UKRAINIAN_OR_OLD = re.compile(r"[сцз]ьк|ьо|[нсзцт]ьск")
# Belarusian spellings written in letters Russian also has ("Маладзечна", "Чачэрск", "Глыбокае"):
# in Belarus such a candidate is not taken for the Russian name.
BELARUSIAN_LOOKING = re.compile(r"дз|[бвгджзклмнпрстфхцчшщ]э|[шжч]ы|ае\b")
SOFT_T_OR_D = re.compile(r"[тд][ьеёюяі]")
# Russian writes ъ only before е, ё, ю, я ("Янисъярви"); "Мстиславъл" is not Russian.
HARD_SIGN_MISPLACED = re.compile(r"ъ(?![еёюя])")
# Letters that Bulgarian, Ukrainian and the other Cyrillic alphabets lack: their presence makes a
# spelling more likely to be the Russian (or Belarusian) one when two candidates are equally close.
RUSSIAN_MARKS = ("ы", "э", "ё", "ий", "ый", "ой")
BELARUSIAN_MARKS = ("ы", "э", "ё", "ў", "і", "дз")
# A soft or hard sign right after a vowel is neither Russian nor Belarusian ("Соьлж-ГІала" is Chechen).
SIGN_AFTER_VOWEL = re.compile(r"[аеёиоуыэюяі][ьъ]")
STRESS_MARKS = frozenset("\u0301\u0300")
AIRPORT_CODE = re.compile(r"^[A-Z]{3,4}$")


@dataclass(frozen=True)
class PlaceNames:
    ru: str
    be: str
    en: str
    ru_candidates: tuple[str, ...]
    be_candidates: tuple[str, ...]
    spellings: tuple[str, ...]  # every Latin or Cyrillic alternate name, for the search key


def _clean(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in STRESS_MARKS)).strip()


def _letters(name: str) -> set[str]:
    return {ch for ch in name.lower() if ch.isalpha()}


def _acceptable(name: str) -> bool:
    lower = name.lower()
    if not is_cyrillic(name) or any(not ch.isalnum() and ch not in ALLOWED_MARKS for ch in name):
        return False
    if SIGN_AFTER_VOWEL.search(lower):
        return False
    return not UKRAINIAN_OR_OLD.search(lower)


def is_russian_candidate(name: str) -> bool:
    return (
        _acceptable(name)
        and _letters(name) <= RUSSIAN_LETTERS
        and not any(ch in APOSTROPHES for ch in name)
        and not HARD_SIGN_MISPLACED.search(name.lower())
    )


def is_belarusian_candidate(name: str) -> bool:
    return _acceptable(name) and _letters(name) <= BELARUSIAN_LETTERS and not SOFT_T_OR_D.search(name.lower())


def _closest(candidates: Iterable[str], name: str, spellings: Iterable[str], language: str) -> str:
    """The candidate whose transliteration is closest to the GeoNames name; see the module doc."""
    candidates = list(candidates)
    if len(candidates) < 2:
        return candidates[0] if candidates else ""
    goal = normalize(name)
    marks = RUSSIAN_MARKS if language == "ru" else BELARUSIAN_MARKS

    def closeness(candidate: str) -> tuple[float, int]:
        variants = transliterations(candidate, language)
        ratio = max(
            (difflib.SequenceMatcher(None, variant, goal).ratio() for variant in variants), default=0.0
        )
        lower = candidate.lower()
        return (round(ratio, 6), sum(lower.count(mark) for mark in marks))

    scored = [(closeness(candidate), candidate) for candidate in candidates]
    best = max(score for score, _candidate in scored)
    tied = [candidate for score, candidate in scored if score == best]
    if len(tied) == 1:
        return tied[0]
    targets = {normalize(spelling) for spelling in spellings} - {""}

    def agreement(candidate: str) -> tuple[float, int, int, str]:
        variants = transliterations(candidate, language)
        total = sum(
            max(difflib.SequenceMatcher(None, variant, target).ratio() for variant in variants)
            for target in targets
        )
        return (-round(total, 6), -candidate.count("-"), -len(candidate), candidate)

    return min(tied, key=agreement)


def pick_names(name: str, alternate_names: Iterable[str], *, country: str) -> PlaceNames:
    """The ru, be and en names of a GeoNames place (`country` "RU" or "BY"); see the module doc."""
    cleaned: list[str] = []
    for alternate in alternate_names:
        candidate = _clean(alternate)
        if candidate and candidate not in cleaned:
            cleaned.append(candidate)
    latin = [name, *(c for c in cleaned if is_latin(c) and not AIRPORT_CODE.match(c))]

    ru_candidates = tuple(c for c in cleaned if is_russian_candidate(c))
    be_candidates = tuple(c for c in cleaned if is_belarusian_candidate(c))

    be = _closest([c for c in be_candidates if _letters(c) & BELARUSIAN_ONLY], name, latin, "be")
    ru_pool = list(ru_candidates)
    if country == "BY":
        ru_pool = [c for c in ru_pool if c != be and not BELARUSIAN_LOOKING.search(c.lower())] or ru_pool
    ru = _closest(ru_pool, name, latin, "ru")
    if not be and country == "BY":
        be = _closest([c for c in be_candidates if c != ru], name, latin, "be")

    spellings = tuple(c for c in cleaned if is_latin_or_cyrillic(c) and not AIRPORT_CODE.match(c))
    return PlaceNames(
        ru=ru or be or name,
        be=be,
        en=name,
        ru_candidates=ru_candidates,
        be_candidates=be_candidates,
        spellings=spellings,
    )

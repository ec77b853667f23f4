"""Names in any spelling: one normal form for search, and Latin renderings of Cyrillic names.

A place is found whatever alphabet and spelling the reader uses: "Могилёв", "Могилев", "Магілёў",
"Mogilev", "Mahilioŭ" and "MAHILIOU" all lead to the same city. The settlement table stores
every spelling it knows, normalised, in one `search_key` column; a query is normalised the same
way and looked up as a substring.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

# Apostrophes and primes dropped outright: "Mogil'ov" and "Mogilov" must meet, and the Belarusian
# apostrophe ("Аб'ект") and the BGN soft and hard signs (ʹ ʺ) carry no letter.
_DROPPED = frozenset("'’ʼ‘`´ʹʺ\u02bb\u02bd")
# Letters NFKD does not decompose but readers type without their mark.
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ŀ": "l"})

SEPARATOR = " | "


def normalize(text: str) -> str:
    """One form for comparing names: no accents or diacritics (ё→е, й→и, ў→у, ŭ→u), case folded,
    ł→l, apostrophes dropped, any other punctuation a space, runs of spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = bare.casefold().translate(_FOLD)
    kept = []
    for ch in folded:
        if ch in _DROPPED:
            continue
        kept.append(ch if ch.isalnum() else " ")
    return " ".join("".join(kept).split())


# --- Transliteration ---------------------------------------------------------------------------
# Each scheme maps lower-case Cyrillic letters to Latin. Schemes for Russian and Belarusian differ
# in how they write е, ё, ю, я: "iotated" at the start of a word and after a vowel, a soft or hard
# sign or an apostrophe (Belarusian "je", BGN "ye"), "soft" after a consonant (Belarusian "ie").
# Output goes through `normalize`, so č, š, ž, ŭ, ĺ end up as c, s, z, u, l.

_VOWELS = frozenset("аеёиоуыэюяіїєў")
_SIGNS = frozenset("ьъ'’ʼ")
_IOTATED = frozenset("еёюяє")


@dataclass(frozen=True)
class _Scheme:
    letters: dict[str, str]
    after_consonant: dict[str, str] = field(default_factory=dict)
    word_final_y: bool = False  # "ий", "ый" at the end of a word written "y" (Nizhny, Krasny)


def _base(**overrides: str) -> dict[str, str]:
    letters = {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "ye", "ё": "yo", "ж": "zh",
        "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "w", "ф": "f", "х": "kh",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
        "я": "ya", "є": "ye", "'": "", "’": "", "ʼ": "",
    }  # fmt: skip
    letters.update(overrides)
    return letters


_RUSSIAN_SCHEMES: tuple[_Scheme, ...] = (
    # BGN/PCGN 1947: "Yekaterinburg", "Mogilëv" (→ mogilev), "Krasnyy".
    _Scheme(_base(), after_consonant={"е": "e", "ё": "e"}),
    # The everyday simplified form of the press and of maps: "Ekaterinburg", "Mogilyov", "Nizhny".
    _Scheme(_base(е="e"), after_consonant={"ё": "yo"}, word_final_y=True),
    # ICAO / Russian passports since 2013: ю→iu, я→ia, й→i, ъ→ie.
    _Scheme(_base(е="e", ё="e", й="i", ю="iu", я="ia", ъ="ie")),
    # ISO 9 and the scholarly system, with diacritics folded away: č→c, š→s, ž→z, х→h, ц→c.
    _Scheme(
        _base(е="je", ё="jo", й="j", ю="ju", я="ja", ж="ž", х="h", ц="c", ч="č", ш="š", щ="šč", э="è"),
        after_consonant={"е": "e", "ё": "ë"},
    ),
    # The same with х written "ch" (German and Czech habit): "Charkow", "Chabarowsk".
    _Scheme(_base(е="e", ё="jo", й="j", ю="ju", я="ja", ж="ž", х="ch", ц="c", ч="č", ш="š", щ="šč")),
)

_BELARUSIAN_SCHEMES: tuple[_Scheme, ...] = (
    # The national system (Instruction of 2007, as amended in 2023; UN-adopted): г→h, ў→ŭ, х→ch,
    # ц→c, ч→č, ш→š, ж→ž, й→j, е/ё/ю/я → je/jo/ju/ja or ie/io/iu/ia after a consonant,
    # soft sign as an acute on the consonant (ĺ, ś, ń, ć, ź), folded away by `normalize`.
    _Scheme(
        _base(г="h", е="je", ё="jo", ю="ju", я="ja", й="j", ў="ŭ", х="ch", ц="c", ч="č", ш="š", ж="ž"),
        after_consonant={"е": "ie", "ё": "io", "ю": "iu", "я": "ia"},
    ),
    # BGN/PCGN 1979 for Belarusian: "Mahilyow", "Vitsyebsk", "Homyel'".
    _Scheme(_base(г="h")),
    # Russian habits applied to Belarusian spelling (г→g, ў→u): how many Russian speakers write it.
    _Scheme(_base(е="e", ў="u"), after_consonant={"ё": "yo"}),
)


def _romanize(text: str, scheme: _Scheme) -> str:
    lower = text.lower()
    out: list[str] = []
    previous = ""
    length = len(lower)
    index = 0
    while index < length:
        char = lower[index]
        if (
            scheme.word_final_y
            and char in "иы"
            and lower[index + 1 : index + 2] == "й"
            and not lower[index + 2 : index + 3].isalpha()
        ):
            out.append("y")
            previous = "й"
            index += 2
            continue
        if char in scheme.letters:
            latin = scheme.letters[char]
            if char in _IOTATED and previous.isalpha() and previous not in _VOWELS and previous not in _SIGNS:
                latin = scheme.after_consonant.get(char, latin)
            out.append(latin)
        else:
            out.append(char)
        previous = char
        index += 1
    return "".join(out)


def transliterations(text: str, language: str) -> set[str]:
    """Normalised Latin renderings of a Cyrillic name in `language` ("ru" or "be")."""
    schemes = _BELARUSIAN_SCHEMES if language == "be" else _RUSSIAN_SCHEMES
    variants = {normalize(_romanize(text, scheme)) for scheme in schemes}
    variants.discard("")
    return variants


def search_key(names: Iterable[str], *, ru: Iterable[str] = (), be: Iterable[str] = ()) -> str:
    """Every spelling of a place, normalised, sorted and joined by " | ": the `names` as they are,
    the Russian names `ru` and the Belarusian names `be` also in their Latin renderings."""
    variants: set[str] = {normalize(name) for name in names}
    for language, group in (("ru", ru), ("be", be)):
        for name in group:
            variants.add(normalize(name))
            variants |= transliterations(name, language)
    variants.discard("")
    return SEPARATOR.join(sorted(variants))


def is_cyrillic(text: str) -> bool:
    """True when every letter of `text` is Cyrillic (and there is at least one)."""
    return _all_letters_in(text, ("CYRILLIC",))


def is_latin(text: str) -> bool:
    """True when every letter of `text` is Latin (and there is at least one)."""
    return _all_letters_in(text, ("LATIN",))


def is_latin_or_cyrillic(text: str) -> bool:
    """True when every letter of `text` is Latin or Cyrillic (and there is at least one)."""
    return _all_letters_in(text, ("LATIN", "CYRILLIC"))


def _all_letters_in(text: str, scripts: tuple[str, ...]) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(_script(ch) in scripts for ch in letters)


@functools.cache
def _script(char: str) -> str:
    """The first word of the character's Unicode name: "LATIN", "CYRILLIC", "GREEK", ..."""
    return unicodedata.name(char, "").split(" ", 1)[0]


def sort_key(text: str) -> str:
    """A key that sorts Russian and Belarusian names alphabetically in Python whatever the database
    collation: ё with е, й with и, Belarusian і where и stands in Russian, ў with у."""
    return normalize(text).replace("і", "и")

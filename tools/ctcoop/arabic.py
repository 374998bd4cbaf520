"""Arabic orthographic normalization, for matching names that differ only in spelling.

:func:`normalize_arabic` is public and stable: the likely-duplicate check (``ctcoop:dedupe``)
and the SQLite full-text export both use it, so a change here changes what they match. It
folds the variants Arabic writers use interchangeably:

* Unicode NFKC first, so presentation forms (U+FB50–U+FEFF) and decomposed hamza become
  ordinary letters;
* tatweel (ـ, U+0640) and diacritics removed: tashkeel U+064B–U+065F (fatha, damma, kasra,
  tanwin, shadda, sukun, hamza above/below marks…), superscript alef U+0670 and the Quranic
  annotation marks U+0610–U+061A, U+06D6–U+06DC, U+06DF–U+06E8, U+06EA–U+06ED;
* the hamza forms of alef (آ أ إ ٱ ٲ ٳ) become bare alef (ا);
* alef maqsura (ى) becomes yeh (ي);
* ta marbuta (ة) becomes heh (ه).

Nothing else changes: Latin text passes through NFKC only, and case is kept (fold it
yourself with ``str.casefold`` when you compare).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["normalize_arabic"]

_MARKS = re.compile("[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_LETTERS = str.maketrans(
    {
        "\u0622": "\u0627",  # آ alef with madda above
        "\u0623": "\u0627",  # أ alef with hamza above
        "\u0625": "\u0627",  # إ alef with hamza below
        "\u0671": "\u0627",  # ٱ alef wasla
        "\u0672": "\u0627",  # ٲ alef with wavy hamza above
        "\u0673": "\u0627",  # ٳ alef with wavy hamza below
        "\u0649": "\u064a",  # ى alef maqsura -> yeh
        "\u0629": "\u0647",  # ة ta marbuta -> heh
    }
)


def normalize_arabic(text: str) -> str:
    """``text`` with Arabic spelling variants folded (see the module docstring); idempotent."""
    text = unicodedata.normalize("NFKC", text)
    return _MARKS.sub("", text).translate(_LETTERS)


#: Unicode blocks probed to derive the folding: Arabic, Arabic Supplement, Arabic Extended-B/A
ARABIC_BLOCKS = ((0x0600, 0x0700), (0x0750, 0x0780), (0x0870, 0x0900))


@cache
def folding_steps() -> tuple[tuple[str, str], ...]:
    """``(sequence, replacement)`` pairs that, applied in order, fold like ``normalize_arabic``.

    Derived by asking :func:`normalize_arabic` about every Arabic code point, so the SQL
    cannot drift from the Python: first each decomposed letter+hamza/madda pair becomes what
    its composed letter folds to, then each character ``normalize_arabic`` changes on its own
    (compatibility characters, which need NFKC, are left out).
    """
    pairs: list[tuple[str, str]] = []
    singles: list[tuple[str, str]] = []
    for start, end in ARABIC_BLOCKS:
        for cp in range(start, end):
            char = chr(cp)
            if unicodedata.category(char) == "Cn":
                continue
            decomposed = unicodedata.normalize("NFD", char)
            if len(decomposed) == 2:
                pairs.append((decomposed, normalize_arabic(char)))
            if unicodedata.normalize("NFKC", char) != char:
                continue
            folded = normalize_arabic(char)
            if folded != char:
                singles.append((char, folded))
    return tuple(pairs + singles)

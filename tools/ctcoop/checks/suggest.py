"""'Did you mean …?': the closest existing value for each value that does not resolve.

A value that only differs by surrounding space or case (``str.strip().casefold()``) is matched
exactly; otherwise :func:`difflib.get_close_matches` runs when the candidate set is small enough
to keep a run fast (a large table gets the exact-normalized suggestion only). The suggestions
for all the values that did not resolve are found at once: when every candidate and value is
ASCII (where ``strip``/``casefold`` and polars' ``strip_chars``/``to_lowercase`` agree) polars
picks the few candidates that can match, so a 100,000-row parent table is never copied into
Python objects; otherwise candidate by candidate.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import polars as pl

MAX_FUZZY_CANDIDATES = 5000
MAX_FUZZY_LOOKUPS = 200
#: what ``str.strip()`` removes from an ASCII string (``str.isspace`` includes \x1c-\x1f)
ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def _normalized(candidates: pl.Series, keys: list[str]) -> list[str]:
    """The candidates that can equal one of ``keys`` after strip and casefold (all of them
    unless everything is ASCII)."""
    if all(k.isascii() for k in keys) and not bool(candidates.str.contains(r"[^\x00-\x7f]").any()):
        norm = candidates.str.strip_chars(ASCII_SPACE).str.to_lowercase()
        return candidates.filter(norm.is_in(pl.Series(keys, dtype=pl.String).implode())).to_list()
    return candidates.to_list()


class Suggester:
    """Suggests one of ``candidates`` for each of ``values`` (the values that did not resolve)."""

    def __init__(self, candidates: pl.Series | Iterable[str], values: Iterable[str]) -> None:
        if not isinstance(candidates, pl.Series):
            candidates = pl.Series(list(candidates), dtype=pl.String)
        candidates = candidates.cast(pl.String).drop_nulls()
        candidates = candidates.filter(candidates != "")
        distinct = sorted({str(v) for v in values})
        keys = [v.strip().casefold() for v in distinct]
        norm: dict[str, str] = {}
        for c in sorted(set(_normalized(candidates, keys))):  # the first in sorted order wins
            norm.setdefault(c.strip().casefold(), c)
        self._found: dict[str, str | None] = {v: norm.get(k) for v, k in zip(distinct, keys, strict=True)}
        unmatched = [v for v in distinct if self._found[v] is None]
        if unmatched and len(candidates) <= MAX_FUZZY_CANDIDATES:
            pool = sorted(set(candidates.to_list()))
            for value in unmatched[:MAX_FUZZY_LOOKUPS]:
                close = difflib.get_close_matches(value, pool, n=1, cutoff=0.75)
                self._found[value] = close[0] if close else None

    def __call__(self, value: str) -> str | None:
        return self._found.get(value)


def did_you_mean(suggestion: str | None) -> str:
    """`` — did you mean 'x'?`` or nothing."""
    return f" — did you mean '{suggestion}'?" if suggestion is not None else ""

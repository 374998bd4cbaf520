"""'Did you mean …?': the closest existing value for a value that does not resolve.

A value that only differs by surrounding space or case is matched exactly; otherwise
:func:`difflib.get_close_matches` runs when the candidate set is small enough to keep a run
fast (a large table gets the exact-normalized suggestion only).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

MAX_FUZZY_CANDIDATES = 5000
MAX_FUZZY_LOOKUPS = 200


class Suggester:
    """Suggests one of ``candidates`` for a value that is not among them."""

    def __init__(self, candidates: Iterable[str]) -> None:
        self.candidates = sorted({c for c in candidates if c})
        self._norm: dict[str, str] = {}
        for c in self.candidates:
            self._norm.setdefault(c.strip().casefold(), c)
        self._fuzzy = len(self.candidates) <= MAX_FUZZY_CANDIDATES
        self._lookups = 0
        self._cache: dict[str, str | None] = {}

    def __call__(self, value: str) -> str | None:
        if value in self._cache:
            return self._cache[value]
        found = self._norm.get(value.strip().casefold())
        if found is None and self._fuzzy and self._lookups < MAX_FUZZY_LOOKUPS:
            self._lookups += 1
            close = difflib.get_close_matches(value, self.candidates, n=1, cutoff=0.75)
            found = close[0] if close else None
        self._cache[value] = found
        return found


def did_you_mean(suggestion: str | None) -> str:
    """`` — did you mean 'x'?`` or nothing."""
    return f" — did you mean '{suggestion}'?" if suggestion is not None else ""

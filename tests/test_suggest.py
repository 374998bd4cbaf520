"""'Did you mean': the polars pre-selection (ASCII) gives what strip + casefold over every candidate gives."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ctcoop.checks.suggest import MAX_FUZZY_CANDIDATES, Suggester

ASCII = "aAbB -_\t\x1c\x1f"


def _python_exact(candidates: list[str], value: str) -> str | None:
    norm: dict[str, str] = {}
    for c in sorted({c for c in candidates if c}):
        norm.setdefault(c.strip().casefold(), c)
    return norm.get(value.strip().casefold())


def test_case_and_space_then_fuzzy() -> None:
    s = Suggester(pl.Series(["org-un", "org-cted", "ORG-UN ", None, ""]), [" ORG-un", "org-ctd", "zzz"])
    assert s(" ORG-un") == "ORG-UN "  # the first in sorted order among equal ones
    assert s("org-ctd") == "org-cted"
    assert s("zzz") is None
    assert s("never asked") is None


def test_non_ascii_text_uses_casefold() -> None:
    s = Suggester(["Straße", "مجلس"], ["STRASSE", " مجلس "])
    assert s("STRASSE") == "Straße" and s(" مجلس ") == "مجلس"


def test_large_candidate_sets_get_exact_matches_only() -> None:
    ids = [f"org-{i:06d}" for i in range(MAX_FUZZY_CANDIDATES + 1)]
    s = Suggester(pl.Series(ids), ["ORG-000007", "org-00000"])
    assert s("ORG-000007") == "org-000007" and s("org-00000") is None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(ASCII, max_size=6), max_size=8), st.text(ASCII, max_size=6))
def test_the_preselection_agrees_with_strip_and_casefold(candidates: list[str], value: str) -> None:
    found = Suggester(pl.Series(candidates, dtype=pl.String), [value])(value)
    exact = _python_exact(candidates, value)
    if exact is not None:
        assert found == exact
    else:
        assert found is None or found in candidates  # only a fuzzy match may stand in

"""Arabic folding for the SQLite export: in polars for the index, in SQL for triggers and queries.

The search index holds Arabic text folded by :func:`ctcoop.arabic.normalize_arabic` (no
diacritics or tatweel; أ إ آ ٱ → ا; ى → ي; ة → ه). This module gives that folding three ways,
all derived from ``normalize_arabic`` itself so they cannot drift from it:

* :func:`fold_series`: a polars column folded at once (NFKC, then the derived steps), used when
  the index is built; proven equal to ``normalize_arabic`` on every Arabic and presentation-form
  character before it is trusted (:func:`vector_fold_agrees`), else value by value;
* :func:`sql_fold_chunks`: nested ``replace()`` calls for the sync triggers (SQLite's parser
  allows about 20 nested calls, so the trigger folds in a few UPDATE steps; a generated column,
  which must be a single expression, cannot do it);
* the ``arabic_folding`` table (``step``, ``sequence``, ``replacement``) and :data:`FOLD_CTE`,
  which folds a query parameter ``:q`` inside SQL (the datasette canned query ``search``).

The SQL forms give the same result as ``normalize_arabic`` for any text without compatibility
characters, i.e. anything typed on a keyboard.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import polars as pl

from ctcoop.arabic import ARABIC_BLOCKS, folding_steps, normalize_arabic
from ctcoop.export.sqlite_writer import SqliteWriter

FOLD_CHUNK = 18


#: Presentation forms, probed too when checking the vectorized folding against normalize_arabic
PRESENTATION_BLOCKS = ((0xFB50, 0xFE00), (0xFE70, 0xFF00))


def _probe_strings() -> list[str]:
    chars = [chr(cp) for start, end in (*ARABIC_BLOCKS, *PRESENTATION_BLOCKS) for cp in range(start, end)
             if unicodedata.category(chr(cp)) != "Cn"]
    pairs = [s for s, _ in folding_steps() if len(s) > 1]
    return [*chars, *pairs, "".join(chars), "الأُمَم المتّحدة – United Nations ﻷ ١٩٤٥", ""]


def _vector_fold(series: pl.Series) -> pl.Series:
    steps = [(s, r) for s, r in folding_steps() if len(s) == 1]
    removed = "".join(s for s, r in steps if r == "")
    mapped = {s: r for s, r in steps if r != ""}
    return (series.str.normalize("NFKC")
            .str.replace_all("[" + "".join(f"\\x{{{ord(c):x}}}" for c in removed) + "]", "")
            .str.replace_many(mapped))


@cache
def vector_fold_agrees() -> bool:
    """True when :func:`fold_series`' vectorized path equals ``normalize_arabic`` on every probe."""
    probes = _probe_strings()
    return _vector_fold(pl.Series(probes, dtype=pl.String)).to_list() == [normalize_arabic(p) for p in probes]


def fold_series(series: pl.Series) -> pl.Series:
    """``normalize_arabic`` over a column: vectorized (NFKC, then the derived steps) when that is
    proven equal on every Arabic and presentation-form character, else value by value."""
    if vector_fold_agrees():
        return _vector_fold(series)
    return pl.Series(series.name, [None if v is None else normalize_arabic(v) for v in series.to_list()],
                     dtype=pl.String)


def _sql_chars(text: str) -> str:
    if not text:
        return "''"
    return "char(" + ", ".join(str(ord(c)) for c in text) + ")"


def sql_fold_chunks(expr: str) -> list[str]:
    """The folding as SQL, in pieces: piece 1 applies the first steps to ``expr``, each later piece
    applies the next steps to ``expr`` again (run them one after the other).

    SQLite's parser allows only about 20 nested function calls, so the ~70 ``replace()`` steps
    cannot be one expression.
    """
    steps = folding_steps()
    out: list[str] = []
    for start in range(0, len(steps), FOLD_CHUNK):
        sql = expr
        for sequence, replacement in steps[start:start + FOLD_CHUNK]:
            sql = f"replace({sql}, {_sql_chars(sequence)}, {_sql_chars(replacement)})"
        out.append(sql)
    return out


#: An SQL snippet (a CTE) folding the parameter ``:q`` with the ``arabic_folding`` table;
#: ``(SELECT text FROM fold ORDER BY step DESC LIMIT 1)`` is then the folded query.
FOLD_CTE = (
    "WITH RECURSIVE fold(step, text) AS (\n"
    "  SELECT 0, :q\n"
    "  UNION ALL\n"
    "  SELECT fold.step + 1, replace(fold.text, a.sequence, a.replacement)\n"
    "  FROM fold JOIN arabic_folding AS a ON a.step = fold.step + 1\n"
    ")\n"
)
FOLDED_Q = "(SELECT text FROM fold ORDER BY step DESC LIMIT 1)"


def create_folding_table(db: SqliteWriter) -> None:
    """``arabic_folding``: the folding as data (step, sequence, replacement) for any language to apply."""
    db.execute("CREATE TABLE arabic_folding (step INTEGER PRIMARY KEY, sequence TEXT NOT NULL, "
               "replacement TEXT NOT NULL)")
    steps = folding_steps()
    rows = {"step": list(range(1, len(steps) + 1)), "sequence": [s for s, _ in steps],
            "replacement": [r for _, r in steps]}
    db.load("arabic_folding", pl.DataFrame(rows, schema={"step": pl.Int64, "sequence": pl.String,
                                                         "replacement": pl.String}))

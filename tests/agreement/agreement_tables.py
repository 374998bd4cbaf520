"""The generated tables: a fixed schema of five fields and rows of typed values.

:class:`Table` rows hold typed values (``None`` for a missing value); agreement_packages writes
them in a format and dialect. :func:`changed` and :func:`new_row` give the one-cell change diff
must report and the row `ctcoop new` must add.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

#: the schema of every generated table: (name, type); "list" is a string with ctcoop:listDelimiter
FIELDS: list[tuple[str, str]] = [
    ("row_id", "string"),
    ("the_text", "string"),
    ("the_count", "integer"),
    ("is_flag", "boolean"),
    ("the_tags", "list"),
]
NAMES = [n for n, _ in FIELDS]
TYPES = dict(FIELDS)
LIST_DELIMITER = "|"

LETTERS = "abcdefghijklmnopqrstuvwxyz" + "سلامعربي" + "0123456789"
#: characters a CSV writer must quote; no leading = + - @ (formula check) and no '#' (comments)
PUNCT = " ,;'\""


def _text(newlines: bool) -> st.SearchStrategy[str]:
    alphabet = LETTERS + PUNCT + ("\n" if newlines else "")
    return st.text(alphabet, min_size=1, max_size=8).map(str.strip).filter(
        lambda s: s != "" and "  " not in s and "\n " not in s and " \n" not in s
        and not s.startswith("\n") and not s.endswith("\n")
    )


@dataclass
class Table:
    rows: list[dict[str, Any]]


@st.composite
def tables(draw: st.DrawFn, *, newlines: bool = False, min_rows: int = 1, plain: bool = False) -> Table:
    """A table of FIELDS; ``plain`` keeps strings to letters (formats that have no quoting)."""
    text = st.text(LETTERS, min_size=1, max_size=8) if plain else _text(newlines)
    n = draw(st.integers(min_rows, 5))
    ids = draw(st.lists(st.integers(0, 999), min_size=n, max_size=n, unique=True))
    rows = []
    for i in ids:
        rows.append(
            {
                "row_id": f"k{i}",
                "the_text": draw(st.none() | text),
                "the_count": draw(st.none() | st.integers(-10**6, 10**6)),
                "is_flag": draw(st.none() | st.booleans()),
                "the_tags": draw(st.none() | st.lists(st.text(LETTERS, min_size=1, max_size=4), min_size=1,
                                                      max_size=3)),
            }
        )
    return Table(rows)


def changed(table: Table, columns: list[str]) -> tuple[Table, str, Any, Any]:
    """The table with one cell of its first row changed: (table, field, old value, new value)."""
    name = next(c for c in columns if c not in ("row_id", "an_extra"))
    old = table.rows[0][name]
    kind = TYPES[name]
    if kind == "integer":
        new: Any = (old or 0) + 1
    elif kind == "boolean":
        new = not old if old is not None else True
    elif kind == "list":
        new = [*(old or []), "zz"]
    else:
        new = (old or "") + "zz"
    rows = [dict(table.rows[0], **{name: new}), *table.rows[1:]]
    return Table(rows), name, old, new


def new_row(table: Table, columns: list[str]) -> dict[str, Any]:
    """A row for `ctcoop new --from-json`, with a fresh id and a value in every column the file has."""
    taken = {r["row_id"] for r in table.rows}
    rid = next(f"k{i}" for i in range(1000, 2000) if f"k{i}" not in taken)
    values = {"row_id": rid, "the_text": "new text", "the_count": 7, "is_flag": True,
              "the_tags": ["n1", "n2"]}
    return {k: v for k, v in values.items() if k in columns}

"""Compare the rows of a table that has no primary key: as a multiset of rows, with counts.

Most published tables declare no primary key, yet their versions still need comparing. Without
a key nothing says which OLD row an edited NEW row "is", so this module does not guess: a row is
its values (typed, over the fields both versions have), and the two versions are compared as
multisets. A row that occurs three times in OLD and once in NEW is two rows removed; an edited
row is one row removed and one added. Rows are listed in file order. ``csv-diff`` refuses such
tables; ``daff`` aligns rows heuristically, which can pair the wrong ones. Give ``--key`` when the
table has a natural key that its schema does not declare: then rows are paired and edits show
as changed cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from ctcoop.diff.match import as_text, match_rows
from ctcoop.diff.model import Row, RowList
from ctcoop.diff.rows import to_json
from ctcoop.tables.typed import TextTable as RawTable

_OCCURRENCE = "\x00occurrence"
_POSITION = "\x00position"


def _content(raw: RawTable, fields: Sequence[str]) -> pl.DataFrame:
    """The typed values of ``fields`` (lists as text), plus each row's occurrence among its equals."""
    typed = raw.typed(columns=list(fields))
    exprs = [
        as_text(pl.col(f), dtype).alias(f) if isinstance(dtype, pl.List) else pl.col(f)
        for f, dtype in typed.schema.items()
    ]
    frame = typed.select(exprs)
    if not fields:
        return frame.with_columns(pl.lit(0, dtype=pl.UInt32).alias(_OCCURRENCE))
    return frame.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over(list(fields)).alias(_OCCURRENCE))


def _rows(raw: RawTable, positions: pl.Series, names: Sequence[str], cap: int | None) -> RowList:
    shown = positions.sort()
    if cap is not None:
        shown = shown.head(cap)
    frame = raw.typed(rows=shown, columns=list(names))
    rows = [Row(key={}, values={n: to_json(r[n]) for n in names}) for r in frame.iter_rows(named=True)]
    return RowList(count=positions.len(), rows=rows)


def multiset_rows(
    ro: RawTable, rn: RawTable, cap: int | None
) -> tuple[RowList, RowList, list[str]]:
    """Rows removed from OLD and added in NEW, compared as multisets over the common fields.

    Returns (removed, added, the fields compared).
    """
    common = [f for f in ro.resource.field_names if f in set(rn.resource.field_names)]
    key = [*common, _OCCURRENCE]
    m = match_rows(_content(ro, common), _content(rn, common), key)
    removed = _rows(ro, m.removed, ro.resource.field_names, cap)
    added = _rows(rn, m.added, rn.resource.field_names, cap)
    return removed, added, common

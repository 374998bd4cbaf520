"""Row-level comparison of one resource: added, removed and changed rows, cell by cell, typed.

Cells are compared text-first: when a field is read the same way in both versions (same type,
format, true/false values, number characters, list delimiter and missing values), equal text
means equal values, so only the cells whose text differs are cast (:mod:`ctcoop.tables.typed`) and
compared as typed values (``4331`` and ``4331.0`` in a number field are equal). A field read
differently in the two versions is cast whole and compared typed: as numbers when both types
are numeric, as text otherwise. Rows are listed in key order; ``cap`` bounds how many are
listed (counts are always complete).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from pydantic import JsonValue

from ctcoop.diff.field_changes import FIELD_FORMAT
from ctcoop.diff.match import Matching, as_text
from ctcoop.diff.model import CellChange, ChangedRow, ChangedRows, IdChange, Row, RowList
from ctcoop.extensions import keys
from ctcoop.package import Resource
from ctcoop.tables.dtypes import polars_dtype
from ctcoop.tables.missing import field_missing_values
from ctcoop.tables.typed import TextTable as RawTable

OLD = "\x00old:"
NEW = "\x00new:"
#: what, besides the type and missing values, decides how a cell's text is read
_READING = (*sorted(FIELD_FORMAT), keys.LIST_DELIMITER)
_NUMERIC = (
    pl.Int8,
    pl.Int16,
    pl.Int32,
    pl.Int64,
    pl.UInt8,
    pl.UInt16,
    pl.UInt32,
    pl.UInt64,
    pl.Float32,
    pl.Float64,
)


def to_json(value: Any) -> JsonValue:
    """A typed cell as a JSON value (see :mod:`ctcoop.diff.model`)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "INF" if value > 0 else "-INF"
        return value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, pl.Series):
        return [to_json(v) for v in value.to_list()]
    return str(value)


def key_dict(row: dict[str, Any], key: Sequence[str]) -> dict[str, JsonValue]:
    return {k: to_json(row[k]) for k in key}


def comparable(old: pl.Expr, old_t: pl.DataType, new: pl.Expr, new_t: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    """Both sides in one dtype: as is, as Float64 when both are numeric, else as text."""
    if old_t == new_t:
        return old, new
    if isinstance(old_t, _NUMERIC) and isinstance(new_t, _NUMERIC):
        return old.cast(pl.Float64), new.cast(pl.Float64)
    return as_text(old, old_t), as_text(new, new_t)


def same_reading(old: Resource, old_name: str, new: Resource, new_name: str) -> bool:
    """True when equal text in the two fields always means equal typed values."""
    a, b = old.field(old_name) or {}, new.field(new_name) or {}
    if a.get("type", "string") != b.get("type", "string"):
        return False
    if any(a.get(k) != b.get(k) for k in _READING):
        return False
    return field_missing_values(a, old.schema) == field_missing_values(b, new.schema)


class Pairs:
    """The fields compared: (old name, new name, old dtype, new dtype, same reading), non-key, common."""

    def __init__(self, old: Resource, new: Resource, key: list[str], renames: dict[str, str]) -> None:
        self.items: list[tuple[str, str, pl.DataType, pl.DataType, bool]] = []
        new_names = set(new.field_names)
        for f in old.fields:
            name = str(f.get("name", ""))
            target = renames.get(name, name)
            if name in key or target not in new_names or target in key:
                continue
            nf = new.field(target) or {}
            self.items.append(
                (name, target, polars_dtype(f), polars_dtype(nf), same_reading(old, name, new, target))
            )

    def exprs(self) -> list[tuple[str, pl.Expr, pl.Expr]]:
        """(new name, old side, new side) over frames whose columns carry the OLD/NEW prefixes."""
        return [(n, *comparable(pl.col(OLD + o), ot, pl.col(NEW + n), nt)) for o, n, ot, nt, _ in self.items]


def _typed_ne(a: pl.Series, a_t: pl.DataType, b: pl.Series, b_t: pl.DataType) -> pl.Series:
    pair = pl.DataFrame([a.alias("a"), b.alias("b")])
    ea, eb = comparable(pl.col("a"), a_t, pl.col("b"), b_t)
    return pair.select((~ea.eq_missing(eb)).alias("ne")).to_series()


def aligned_new(m: Matching, old_height: int) -> pl.Series:
    """For each OLD row, the position of its NEW row (null when it was removed)."""
    empty = pl.Series("aligned", [None], dtype=pl.UInt32).extend_constant(None, old_height - 1)
    return empty.scatter(m.old, m.new) if old_height else empty.clear()


def differs(
    ro: RawTable, rn: RawTable, aligned: pl.Series, item: tuple[str, str, pl.DataType, pl.DataType, bool]
) -> pl.Series:
    """One flag per OLD row: does this field's value differ in NEW? (False for removed rows.)"""
    o, n, ot, nt, same = item
    matched = aligned.is_not_null()
    if same:
        candidates = (~ro.frame[o].eq_missing(rn.frame[n].gather(aligned)) & matched).arg_true()
    else:
        candidates = matched.arg_true()
    flags = pl.repeat(False, aligned.len(), dtype=pl.Boolean, eager=True)
    if candidates.len() == 0:
        return flags
    a = ro.typed(rows=candidates, columns=[o])[o]
    b = rn.typed(rows=aligned.gather(candidates), columns=[n])[n]
    really = candidates.filter(_typed_ne(a, ot, b, nt))
    return flags.scatter(really, True) if really.len() else flags


def side(raw: RawTable, idx: pl.Series, key: list[str], prefix: str) -> pl.DataFrame:
    """The typed rows at ``idx``, non-key columns renamed with ``prefix``."""
    rows = raw.typed(rows=idx)
    return rows.rename({c: prefix + c for c in rows.columns if c not in key})


def same_values(ro: RawTable, rn: RawTable, m: Matching) -> Callable[[str, str], bool | None]:
    """Answer "are these two columns equal on every matched row?" (None: cannot tell)."""

    def same(old_name: str, new_name: str) -> bool | None:
        if m.old.len() == 0:
            return None
        a = ro.typed(rows=m.old, columns=[old_name])[old_name]
        b = rn.typed(rows=m.new, columns=[new_name])[new_name]
        if a.null_count() == a.len() and b.null_count() == b.len():
            return None
        return bool(a.eq_missing(b).all())

    return same


def row_list(frame: pl.DataFrame, key: list[str], prefix: str, names: list[str], cap: int | None) -> RowList:
    shown = frame.sort(key).head(cap) if cap is not None else frame.sort(key)
    rows = [
        Row(key=key_dict(r, key), values={n: to_json(r[prefix + n]) for n in names})
        for r in shown.iter_rows(named=True)
    ]
    return RowList(count=frame.height, rows=rows)


def changed_rows(
    ro: RawTable, rn: RawTable, m: Matching, key: list[str], pairs: Pairs, cap: int | None
) -> ChangedRows:
    """Cells that differ in matched rows, one field at a time (NEW's column aligned to OLD's rows)."""
    if not pairs.items or m.old.len() == 0:
        return ChangedRows(count=0, cells=0)
    aligned = aligned_new(m, ro.frame.height)
    names = [f"\x00ne{i}" for i in range(len(pairs.items))]
    flagged = pl.DataFrame(
        [differs(ro, rn, aligned, item).alias(n) for item, n in zip(pairs.items, names, strict=True)]
    )
    counts = flagged.sum().row(0)
    by_field = {pairs.items[i][1]: int(c) for i, c in enumerate(counts) if c}
    pos = flagged.select(pl.any_horizontal(names).alias("any")).to_series().arg_true()
    changed = pl.concat(
        [
            side(ro, pos, key, OLD),
            side(rn, aligned.gather(pos), key, NEW).drop(key),
            flagged.gather(pos),
        ],
        how="horizontal",
    )
    shown = changed.sort(key).head(cap) if cap is not None else changed.sort(key)
    out: list[ChangedRow] = []
    for row in shown.iter_rows(named=True):
        cells = [
            CellChange(field=new_name, old=to_json(row[OLD + old_name]), new=to_json(row[NEW + new_name]))
            for i, (old_name, new_name, _, _, _) in enumerate(pairs.items)
            if row[names[i]]
        ]
        out.append(ChangedRow(key=key_dict(row, key), changes=cells))
    return ChangedRows(count=changed.height, cells=sum(by_field.values()), by_field=by_field, rows=out)


def id_changes(removed: pl.DataFrame, added: pl.DataFrame, key: list[str], pairs: Pairs) -> list[IdChange]:
    """Removed and added rows with equal, non-empty non-key content, unique on both sides."""
    exprs = pairs.exprs()
    if not exprs or removed.height == 0 or added.height == 0:
        return []
    content = [f"\x00c{i}" for i in range(len(exprs))]
    old_keys = [f"\x00ok{i}" for i in range(len(key))]
    new_keys = [f"\x00nk{i}" for i in range(len(key))]
    r = removed.select(
        [pl.col(k).alias(a) for k, a in zip(key, old_keys, strict=True)]
        + [e[1].alias(c) for e, c in zip(exprs, content, strict=True)]
    )
    a = added.select(
        [pl.col(k).alias(b) for k, b in zip(key, new_keys, strict=True)]
        + [e[2].alias(c) for e, c in zip(exprs, content, strict=True)]
    )
    not_empty = ~pl.all_horizontal([pl.col(c).is_null() for c in content])
    r = r.filter(not_empty)
    a = a.filter(not_empty)
    r = r.filter(~r.select(content).is_duplicated())
    a = a.filter(~a.select(content).is_duplicated())
    found = r.join(a, on=content, how="inner", nulls_equal=True).sort(old_keys)
    return [
        IdChange(
            old={k: to_json(row[o]) for k, o in zip(key, old_keys, strict=True)},
            new={k: to_json(row[n]) for k, n in zip(key, new_keys, strict=True)},
        )
        for row in found.iter_rows(named=True)
    ]

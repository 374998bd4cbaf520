"""How typed columns go into SQLite: the declared column type, the bound value, the rowid of each row.

See the table in :mod:`ctcoop.export.sqlite_export` for the mapping these functions implement.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from ctcoop.package import Resource


def declared_type(dtype: pl.DataType) -> str:
    """The SQLite column type for a typed column."""
    if dtype in (pl.Int64, pl.Int32, pl.Boolean):
        return "INTEGER"
    if dtype == pl.Float64:
        return "NUMERIC"  # SQLite keeps a whole number (a count: 88) as an integer, 2.7 as a real
    if dtype == pl.Date:
        return "DATE"
    if isinstance(dtype, pl.Datetime):
        return "DATETIME"
    if dtype == pl.Time:
        return "TIME"
    return "TEXT"


def sql_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns converted to what SQLite stores: ISO text for dates and times, JSON text for lists,
    0/1 for booleans, text for anything else that is not a number or text."""
    exprs: list[pl.Expr] = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype == pl.Date:
            exprs.append(col.dt.to_string("%Y-%m-%d"))
        elif isinstance(dtype, pl.Datetime):
            exprs.append(col.dt.to_string("%Y-%m-%dT%H:%M:%S%.f"))
        elif dtype == pl.Time:
            exprs.append(col.dt.to_string("%H:%M:%S%.f"))
        elif isinstance(dtype, pl.List):
            encoded = pl.struct(col.alias("v")).struct.json_encode()
            exprs.append(pl.when(col.is_null()).then(None).otherwise(encoded.str.slice(5).str.strip_suffix("}"))
                         .alias(name))
        elif dtype == pl.Boolean:
            exprs.append(col.cast(pl.Int64))
        elif dtype not in (pl.Int64, pl.Int32, pl.Float64, pl.String):
            exprs.append(col.cast(pl.String))
    return frame.with_columns(exprs) if exprs else frame


def rowid_expr(resource: Resource, frame: pl.DataFrame) -> pl.Expr:
    """The rowid SQLite gives each row when the frame is inserted, in order, into a new table.

    A single-column primary key declared ``INTEGER`` is an alias of the rowid, so the rowid is
    that value; otherwise rows are numbered from 1 in insertion order.
    """
    pk = resource.primary_key
    if len(pk) == 1 and pk[0] in frame.schema and declared_type(frame.schema[pk[0]]) == "INTEGER":
        return pl.col(pk[0]).cast(pl.Int64)
    return pl.int_range(1, pl.len() + 1, dtype=pl.Int64)


def nan_rowids(resource: Resource, frame: pl.DataFrame) -> dict[str, list[int]]:
    """For each number (NUMERIC) column holding NaN, the rowids of those rows (SQLite stores NaN as NULL)."""
    out: dict[str, list[int]] = {}
    for name, dtype in frame.schema.items():
        if dtype == pl.Float64 and frame.height and frame[name].is_nan().any():
            ids = frame.select(rowid_expr(resource, frame).filter(pl.col(name).is_nan()).alias("r"))["r"]
            out[name] = ids.to_list()
    return out


#: The names SQL reaches a table's rowid by; a column with one of these names hides that one
ROWID_ALIASES = ("rowid", "_rowid_", "oid")


def rowid_alias(column_names: Iterable[str]) -> str | None:
    """The first of ``rowid``, ``_rowid_``, ``oid`` that no column takes (None: all three do, and
    SQL cannot reach the rowid of that table)."""
    taken = {name.lower() for name in column_names}
    return next((alias for alias in ROWID_ALIASES if alias not in taken), None)

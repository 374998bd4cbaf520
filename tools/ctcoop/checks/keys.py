"""Keys: ``primaryKey`` (unique, no empty part), ``uniqueKeys``, ``foreignKeys``.

Foreign keys may be composite and may point into the same resource (``"resource": ""`` or
no ``resource``). Each is an anti-join in polars, so a million-row child costs well under a
second. A row whose key has an empty part is not checked against the reference (as in
frictionless and SQL). A value that does not resolve gets a suggestion when one is close.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.suggest import Suggester, did_you_mean
from ctcoop.codes import codes_of
from ctcoop.package import Resource
from ctcoop.report import Issue


@dataclass(frozen=True)
class ForeignKey:
    fields: list[str]
    resource: str  # the target resource's name (the same resource for a self-reference)
    ref_fields: list[str]
    self_reference: bool


def _names(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def foreign_keys(resource: Resource) -> list[ForeignKey]:
    """The resource's well-formed foreign keys (malformed ones are the descriptor check's business)."""
    out: list[ForeignKey] = []
    for fk in resource.foreign_keys:
        fields = _names(fk.get("fields"))
        ref = fk.get("reference")
        if fields is None or not isinstance(ref, dict):
            continue
        ref_fields = _names(ref.get("fields"))
        target = ref.get("resource", "")
        if ref_fields is None or len(ref_fields) != len(fields) or not isinstance(target, str):
            continue
        self_ref = target in ("", resource.name)
        out.append(ForeignKey(fields, resource.name if self_ref else target, ref_fields, self_ref))
    return out


def _key_frame(ctx: Context, table: Table, fields: list[str]) -> pl.DataFrame | None:
    """Typed key columns plus the row index ``__i``; None when a field has no column."""
    if not all(table.has(f) for f in fields):
        return None
    typed = ctx.typed(table.resource)
    frame: pl.DataFrame = typed.frame.select(fields).with_row_index("__i")
    return frame


def _show(values: list[Any]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def repeated_values(values: pl.Series) -> pl.Series:
    """The distinct non-null values that occur more than once.

    Sorting and comparing neighbours needs a fraction of the memory of a hash-based
    ``is_duplicated`` on a million rows, and is as fast.
    """
    ordered = values.drop_nulls().sort()
    return ordered.filter(ordered == ordered.shift(1)).unique()


def _repeats(ctx: Context, table: Table, fields: list[str]) -> list[tuple[int, int]]:
    """(row, first row with that key) for each row whose key (all parts present) repeats an earlier one."""
    typed = ctx.typed(table.resource).frame
    if len(fields) == 1:
        key = typed[fields[0]]
        repeated = repeated_values(key)
        if len(repeated) == 0:
            return []
        rows = key.is_in(repeated.implode()).arg_true()
        frame = pl.DataFrame({"k": key.gather(rows), "__i": rows})
        on: list[str] = ["k"]
    else:
        frame = (
            typed.select(fields).with_row_index("__i").filter(pl.all_horizontal(pl.col(fields).is_not_null()))
        )
        frame = frame.filter(pl.struct(fields).is_duplicated())
        on = fields
        if frame.height == 0:
            return []
    frame = frame.with_columns(pl.col("__i").min().over(on).alias("__first")).filter(
        pl.col("__i") != pl.col("__first")
    )
    return sorted(zip(frame["__i"].to_list(), frame["__first"].to_list(), strict=True))


def _primary_key(ctx: Context, table: Table) -> Iterator[Issue]:
    pk = table.resource.primary_key
    if not pk or not all(table.has(f) for f in pk):
        return
    label = ", ".join(pk)
    raw = table.frame
    required = {
        f for f in pk if ((table.resource.field(f) or {}).get("constraints") or {}).get("required") is True
    }
    any_null = pl.select(pl.any_horizontal([raw[f].is_null() for f in pk])).to_series()
    for row in any_null.arg_true().to_list():
        # empty cells only: a cell that failed its type is the types check's; a required one the constraints'
        empty = [
            f for f in pk if raw[f][row] is None and not table.cell_missing(row, f) and f not in required
        ]
        if empty:
            yield table.issue(
                "primary-key",
                f"{', '.join(empty)} is empty: the primary key ({label}) needs a value",
                hint="fill in the key; every row needs one",
                row=row,
                field=empty[0],
            )
    for row, first in _repeats(ctx, table, pk):
        values = [raw[f][row] for f in pk]
        yield table.issue(
            "primary-key",
            f"{label} {_show(values)} repeats the primary key of line {table.line(first)}",
            hint="primary key values must be unique; change the id or merge the two rows",
            row=row,
            field=pk[0],
            value=", ".join(str(v) for v in values),
        )


def _unique_keys(ctx: Context, table: Table) -> Iterator[Issue]:
    keys = table.resource.schema.get("uniqueKeys")
    if not isinstance(keys, list):
        return
    raw = table.frame
    for key in keys:
        fields = _names(key)
        if fields is None or not all(table.has(f) for f in fields):
            continue
        label = ", ".join(fields)
        for row, first in _repeats(ctx, table, fields):
            values = [raw[f][row] for f in fields]
            yield table.issue(
                "unique-key",
                f"({label}) = ({_show(values)}) repeats line {table.line(first)}",
                hint=f"the combination of {label} must be unique; merge or change the rows",
                row=row,
                field=fields[0],
                value=", ".join(str(v) for v in values),
            )


def _as_strings(frame: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    return frame.with_columns([pl.col(c).cast(pl.String) for c in cols])


def _foreign_keys(ctx: Context, table: Table) -> Iterator[Issue]:
    for fk in foreign_keys(table.resource):
        target_res = ctx.resource(fk.resource)
        if target_res is None:
            continue  # the descriptor check names the unknown resource
        target = ctx.table(target_res)
        child = _key_frame(ctx, table, fk.fields)
        if target is None or child is None or not all(target.has(f) for f in fk.ref_fields):
            continue
        parent = ctx.typed(target_res).frame.select(fk.ref_fields).drop_nulls().unique()
        if len(fk.fields) == 1:
            column, keys = child[fk.fields[0]], parent[fk.ref_fields[0]]
            if column.dtype != keys.dtype:
                column, keys = column.cast(pl.String), keys.cast(pl.String)
            bad = column.is_not_null() & ~column.is_in(keys.implode())
            if not bool(bad.any()):
                continue
            missing = pl.DataFrame({"__i": bad.arg_true()})
        else:
            child = child.filter(pl.all_horizontal(pl.col(fk.fields).is_not_null()))
            renamed = {r: f"__ref{i}" for i, r in enumerate(fk.ref_fields)}
            parent = parent.rename(renamed)
            right = list(renamed.values())
            if [child[c].dtype for c in fk.fields] != [parent[c].dtype for c in right]:
                child, parent = _as_strings(child, fk.fields), _as_strings(parent, right)
            missing = child.join(parent, left_on=fk.fields, right_on=right, how="anti", nulls_equal=False)
            if missing.height == 0:
                continue
            parent = parent.rename({v: k for k, v in renamed.items()})
        where = "this table" if fk.self_reference else fk.resource
        ref_label = ", ".join(fk.ref_fields)
        raw = table.frame
        rows = missing["__i"].sort().to_list()
        suggest = (
            Suggester(parent[fk.ref_fields[0]], raw[fk.fields[0]].gather(rows).cast(pl.String).to_list())
            if len(fk.fields) == 1
            else None
        )
        for row in rows:
            values = [raw[f][row] for f in fk.fields]
            if len(fk.fields) == 1:
                value = str(values[0])
                message = (
                    f"{fk.fields[0]} '{value}' is not {'an' if ref_label[0] in 'aeiou' else 'a'} {ref_label} "
                    f"in {where}"
                )
                assert suggest is not None
                message += did_you_mean(suggest(value))
            else:
                message = (
                    f"({', '.join(fk.fields)}) = ({_show(values)}) has no match in {where} ({ref_label})"
                )
            yield table.issue(
                "foreign-key",
                message,
                hint=f"use an existing {fk.resource}.{ref_label}, add the row to {fk.resource}, "
                "or leave the cell empty if it is optional",
                row=row,
                field=fk.fields[0],
                value=", ".join(str(v) for v in values),
            )


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        yield from _primary_key(ctx, table)
        yield from _unique_keys(ctx, table)
        yield from _foreign_keys(ctx, table)


CHECK = Check(
    name="keys",
    run=run,
    codes=codes_of("keys"),
)

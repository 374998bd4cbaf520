"""Partial dates (``ctcoop:partialDate``) and date order (``ctcoop:dateOrder``).

A partial date is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and must exist in the calendar
(no 2023-02-30). ``ctcoop:dateOrder: [["adopted", "entry_into_force"]]`` says the second
is not before the first; two dates of different precision are compared on the precision
they share (``2001`` is not after ``2001-09-28``).
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.extensions import field_ext, keys, resource_ext
from ctcoop.report import Issue

PARTIAL_RE = r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"


def valid_partial(values: pl.Series) -> pl.Series:
    """True for present cells that are real partial dates; null for missing cells."""
    shape = values.str.contains(PARTIAL_RE)
    full = values.str.len_chars() == 10
    real = values.str.strptime(pl.Date, "%Y-%m-%d", strict=False).is_not_null()
    return pl.select(shape & (~full | real)).to_series()


def _as_text(ctx: Context, table: Table, name: str) -> pl.Series:
    """ISO text of a date-like field (partial dates as written, typed dates cast)."""
    fdesc = table.resource.field(name) or {}
    if fdesc.get("type", "string") in ("date", "datetime", "year", "yearmonth"):
        typed: pl.Series = ctx.typed(table.resource).frame[name].cast(pl.String)
        return typed
    values = table.frame[name]
    return pl.select(pl.when(valid_partial(values)).then(values).otherwise(None)).to_series()


def _partial(table: Table, name: str) -> Iterator[Issue]:
    values = table.frame[name]
    bad = values.is_not_null() & ~valid_partial(values).fill_null(True)
    rows = bad.arg_true().to_list()
    for row, value in zip(rows, values.gather(rows).to_list(), strict=True):
        yield table.issue(
            "partial-date",
            f"{name} '{value}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
            hint="write the date only as precisely as the source gives it, e.g. 2001, 2001-09 or 2001-09-28",
            row=row,
            field=name,
            value=value,
        )


def _order(ctx: Context, table: Table) -> Iterator[Issue]:
    resource = table.resource
    pairs = resource_ext(resource.descriptor).date_order
    for i, pair in enumerate(pairs or []):
        if any(resource.field(p) is None for p in pair):
            yield vocabulary_issue(
                ctx,
                resource,
                f"{keys.DATE_ORDER} item {i + 1} ({pair!r}) must be two field names of '{resource.name}'",
                "fields: " + ", ".join(resource.field_names),
                (keys.DATE_ORDER, i),
            )
            continue
        first, second = pair
        if not (table.has(first) and table.has(second)):
            continue
        a, b = _as_text(ctx, table, first), _as_text(ctx, table, second)
        n = pl.select(pl.min_horizontal(a.str.len_chars(), b.str.len_chars())).to_series()
        frame = pl.DataFrame({"a": a, "b": b, "n": n})
        bad = frame.select(
            pl.col("b").str.slice(0, pl.col("n")) < pl.col("a").str.slice(0, pl.col("n"))
        ).to_series()
        rows = bad.fill_null(False).arg_true().to_list()
        for row in rows:
            yield table.issue(
                "date-order",
                f"{second} '{b[row]}' is before {first} '{a[row]}'",
                hint=f"{second} cannot be earlier than {first}; check both dates against the source",
                row=row,
                field=second,
                value=b[row],
            )


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        resource = table.resource
        for fdesc in resource.fields:
            name = fdesc.get("name")
            if isinstance(name, str) and field_ext(fdesc).partial_date and table.has(name):
                yield from _partial(table, name)
        yield from _order(ctx, table)


CHECK = Check(
    name="dates",
    run=run,
    codes=codes_of("dates"),
)

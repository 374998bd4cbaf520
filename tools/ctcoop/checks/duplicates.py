"""Likely duplicate rows: values of a ``ctcoop:dedupe`` field that become equal once normalized.

Normalized means: Arabic spelling variants folded (:func:`ctcoop.arabic.normalize_arabic`:
hamza forms of alef, alef maqsura, ta marbuta, tatweel, diacritics), case folded, and runs of
white space collapsed. ``الأمم المتحدة`` and ``الامم المتحدة``, or ``United Nations`` and
``united  nations``, are likely the same thing entered twice. These are warnings: two
distinct things can share a name; the duplicate is reported against its first occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polars as pl

from ctcoop.arabic import normalize_arabic
from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.codes import codes_of
from ctcoop.extensions import field_ext
from ctcoop.report import Issue, Severity

_SPACE = re.compile(r"\s+")


def dedupe_key(text: str) -> str:
    """The form two names are compared in."""
    return _SPACE.sub(" ", normalize_arabic(text).casefold()).strip()


def check_field(table: Table, name: str) -> Iterator[Issue]:
    values = table.frame[name]
    distinct = values.drop_nulls().unique().to_list()
    keys = {v: dedupe_key(v) for v in distinct}
    frame = pl.DataFrame({"row": pl.int_range(0, len(values), eager=True), "v": values}).drop_nulls()
    frame = frame.with_columns(pl.col("v").replace_strict(keys, return_dtype=pl.String).alias("k"))
    frame = frame.with_columns(pl.col("row").min().over("k").alias("first")).filter(
        pl.col("row") != pl.col("first")
    )
    raw = values
    for row, first, value in frame.select("row", "first", "v").sort("row").iter_rows():
        same = "the same" if raw[first] == value else f"'{raw[first]}' after normalization"
        yield table.issue(
            "likely-duplicate",
            f"{name} '{value}' looks like a duplicate of line {table.line(first)} ({same})",
            hint="merge the two rows if they are the same thing; otherwise make the names distinguishable",
            row=row,
            field=name,
            value=value,
            severity=Severity.WARNING,
        )


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        for fdesc in table.resource.fields:
            name = fdesc.get("name")
            if isinstance(name, str) and field_ext(fdesc).dedupe and table.has(name):
                yield from check_field(table, name)


CHECK = Check(
    name="duplicates",
    run=run, warns_only=True,
    codes=codes_of("duplicates"),
)

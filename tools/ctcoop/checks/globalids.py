"""Global ids (``ctcoop:globalIds: true`` on the package): a key value names one row in the whole package.

Every resource with a single-field primary key takes part; a value that is the key of rows in
two resources is reported on each row after the first resource's (in descriptor order).
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ctcoop.checks import Check
from ctcoop.checks.context import Context
from ctcoop.checks.ids import id_field
from ctcoop.codes import codes_of
from ctcoop.extensions import package_ext
from ctcoop.report import Issue


def run(ctx: Context) -> Iterator[Issue]:
    if not package_ext(ctx.package.descriptor).global_ids:
        return
    parts = []
    order = {}
    for index, resource in enumerate(ctx.resources):
        key = id_field(resource)
        table = ctx.table(resource)
        if key is None or table is None or not table.has(key):
            continue
        order[resource.name] = index
        parts.append(
            pl.DataFrame(
                {
                    "id": table.frame[key].cast(pl.String),
                    "res": pl.Series([index] * table.height, dtype=pl.UInt32),
                    "row": pl.int_range(0, table.height, eager=True, dtype=pl.UInt32),
                }
            ).drop_nulls()
        )
    if not parts:
        return
    every = pl.concat(parts)
    shared = every.filter(pl.col("res").n_unique().over("id") > 1)
    if shared.height == 0:
        return
    shared = shared.with_columns(pl.col("res").min().over("id").alias("first_res")).sort("res", "row")
    firsts = (
        shared.filter(pl.col("res") == pl.col("first_res"))
        .group_by("id")
        .agg(pl.col("row").min().alias("frow"))
    )
    later = shared.filter(pl.col("res") != pl.col("first_res")).join(firsts, on="id")
    names = {i: r.name for i, r in enumerate(ctx.resources)}
    for value, res, row, first_res, frow in later.select("id", "res", "row", "first_res", "frow").iter_rows():
        resource = ctx.resources[res]
        table = ctx.table(resource)
        other = ctx.table(ctx.resources[first_res])
        assert table is not None and other is not None
        key = id_field(resource)
        yield table.issue(
            "global-id",
            f"{key} '{value}' is also an id in {names[first_res]} "
            f"({other.file}:{other.line(frow)}); ids are unique across the package",
            hint="choose an id not used by any other table (ids carry a table prefix)",
            row=row,
            field=key,
            value=value,
        )


CHECK = Check(
    name="globalids",
    run=run,
    codes=codes_of("globalids"),
)

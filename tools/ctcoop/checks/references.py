"""References the Table Schema cannot express: polymorphic and list-valued (``ctcoop:references``).

A field with ``ctcoop:references: ["organizations", "instruments", ...]`` holds an id of one of
those resources (their single-field primary key). With ``ctcoop:listDelimiter: ";"`` the
field holds a list, and every item must resolve; list items are also checked for emptiness
and surrounding space whether or not they are references.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import field_path, id_field, id_values, vocabulary_issue
from ctcoop.checks.suggest import Suggester, did_you_mean
from ctcoop.codes import codes_of
from ctcoop.extensions import field_ext, keys
from ctcoop.report import Issue


def _targets(ctx: Context, table: Table, name: str, declared: list[str]) -> tuple[list[str], list[Issue]]:
    resource = table.resource
    problems: list[Issue] = []
    targets: list[str] = []
    for t in declared:
        target = ctx.resource(t)
        if target is None:
            problems.append(
                vocabulary_issue(
                    ctx,
                    resource,
                    f"{keys.REFERENCES} of field '{name}' names the resource "
                    f"'{t}', which the package does not have",
                    "resources: " + ", ".join(r.name for r in ctx.resources),
                    field_path(resource, name, keys.REFERENCES),
                    in_schema=True,
                )
            )
        elif id_field(target) is None:
            problems.append(
                vocabulary_issue(
                    ctx,
                    resource,
                    f"{keys.REFERENCES} of field '{name}' names '{t}', "
                    "which has no single-field primary key to refer to",
                    "give the resource a one-field primaryKey",
                    field_path(resource, name, keys.REFERENCES),
                    in_schema=True,
                )
            )
        else:
            targets.append(t)
    return targets, problems


def _items(table: Table, name: str, delimiter: str | None) -> pl.DataFrame:
    """One row per (row index, item position, item) of a field; one item per cell without a delimiter."""
    values = table.frame[name]
    frame = pl.DataFrame({"row": pl.int_range(0, len(values), eager=True, dtype=pl.UInt32), "v": values})
    frame = frame.filter(pl.col("v").is_not_null())
    if delimiter is None:
        return frame.select("row", pl.lit(0, dtype=pl.UInt32).alias("pos"), pl.col("v").alias("item"))
    return (
        frame.select("row", pl.col("v").str.split(delimiter).alias("item"))
        .with_columns(pl.int_ranges(0, pl.col("item").list.len(), dtype=pl.UInt32).alias("pos"))
        .explode("item", "pos")
        .select("row", "pos", "item")
    )


def check_field(ctx: Context, table: Table, name: str) -> Iterator[Issue]:
    ext = field_ext(table.resource.field(name) or {})
    delimiter = ext.list_delimiter
    items = _items(table, name, delimiter)
    if delimiter is not None:
        bad = items.filter((pl.col("item") == "") | (pl.col("item") != pl.col("item").str.strip_chars()))
        for row, pos, item in bad.iter_rows():
            what = "is empty" if item == "" else f"'{item}' has space around it"
            yield table.issue(
                "list-item",
                f"{name} item {pos + 1} {what}",
                hint=f"separate items with '{delimiter}' only, without spaces or empty items",
                row=row,
                field=name,
                value=table.frame[name][row],
            )
    if ext.references is None:
        return
    targets, problems = _targets(ctx, table, name, ext.references)
    yield from problems
    if not targets:
        return
    id_sets = [s for s in (id_values(ctx, t) for t in targets) if s is not None]
    if len(id_sets) < len(targets):
        return  # a target could not be read: already reported, do not cascade
    known = pl.concat(id_sets).unique() if id_sets else pl.Series([], dtype=pl.String)
    items = items.filter(pl.col("item") != "")
    missing = items.filter(~pl.col("item").str.strip_chars().is_in(known.implode()))
    if missing.height == 0:
        return
    suggest = Suggester(known, missing["item"].to_list())
    where = (
        targets[0]
        if len(targets) == 1
        else (
            ", ".join(targets)
            if len(targets) <= 3
            else f"any of {', '.join(targets[:3])} and {len(targets) - 3} more"
        )
    )
    for row, pos, item in missing.iter_rows():
        label = f"{name} item {pos + 1}" if delimiter is not None else name
        yield table.issue(
            "reference",
            f"{label} '{item}' is not an id in {where}" + did_you_mean(suggest(item)),
            hint="use the id of an existing row in " + ", ".join(targets),
            row=row,
            field=name,
            value=table.frame[name][row],
        )


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        for fdesc in table.resource.fields:
            name = fdesc.get("name")
            if not isinstance(name, str) or not table.has(name):
                continue
            ext = field_ext(fdesc)
            if ext.references is not None or ext.list_delimiter is not None:
                yield from check_field(ctx, table, name)


CHECK = Check(
    name="references",
    run=run,
    codes=codes_of("references"),
)

"""Typed links (``ctcoop:typedLinks``): a link's subject and object come from the tables its type allows.

Config on the linking resource::

    ctcoop:typedLinks: {"typeField": "type", "subjectField": "subject", "objectField": "object",
                          "typeResource": "relation_types",
                          "subjectResourcesField": "subject_resources",
                          "objectResourcesField": "object_resources",
                          "acyclicTypes": ["rtype-part-of"]}          (optional, see cycles)

Each type row lists, in its subject/object resources fields (split on that field's
``ctcoop:listDelimiter``, default ``;``), the resources whose ids may stand on each side. A
value that is an id nowhere is left to the reference checks; one that is an id of a table the
type does not allow is reported here.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import id_field, id_values, vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.extensions import TypedLinks, keys, list_delimiter, resource_ext
from ctcoop.report import Issue


def _config(ctx: Context, table: Table) -> TypedLinks | Issue | None:
    resource = table.resource
    config = resource_ext(resource.descriptor).typed_links
    if config is None:
        return None

    def problem(message: str, hint: str) -> Issue:
        return vocabulary_issue(ctx, resource, message, hint, (keys.TYPED_LINKS,))

    for key in ("typeField", "subjectField", "objectField"):
        if resource.field(getattr(config, key)) is None:
            return problem(
                f"{keys.TYPED_LINKS}.{key} '{getattr(config, key)}' is not a field of '{resource.name}'",
                "fields: " + ", ".join(resource.field_names),
            )
    types = ctx.resource(config.typeResource)
    if types is None or id_field(types) is None:
        return problem(
            f"{keys.TYPED_LINKS}.typeResource '{config.typeResource}' is not a resource with a "
            "single-field primary key",
            "name the resource that lists the link types",
        )
    for key in ("subjectResourcesField", "objectResourcesField"):
        if types.field(getattr(config, key)) is None:
            return problem(
                f"{keys.TYPED_LINKS}.{key} '{getattr(config, key)}' is not a field of '{types.name}'",
                "fields: " + ", ".join(types.field_names),
            )
    return config


def _allowed(ctx: Context, config: TypedLinks, key: str) -> pl.DataFrame | None:
    """(type, resource) pairs: which resources a type allows on one side."""
    types = ctx.resource(config.typeResource)
    assert types is not None
    table = ctx.table(types)
    field = getattr(config, key)
    tid = id_field(types)
    if table is None or tid is None or not (table.has(field) and table.has(tid)):
        return None
    delimiter = list_delimiter(types.field(field) or {}) or ";"
    return (
        table.frame.select(pl.col(tid).alias("type"), pl.col(field).str.split(delimiter).alias("res"))
        .drop_nulls()
        .explode("res")
        .with_columns(pl.col("res").str.strip_chars())
    )


def _side(ctx: Context, table: Table, config: TypedLinks, side: str) -> Iterator[Issue]:
    field = getattr(config, f"{side}Field")
    allowed = _allowed(ctx, config, f"{side}ResourcesField")
    if allowed is None or not table.has(field) or not table.has(config.typeField):
        return
    resources = sorted(set(allowed["res"].to_list()))
    owners = []
    for name in {r.name for r in ctx.resources if id_field(r) is not None}:
        ids = id_values(ctx, name)
        if ids is not None:
            owners.append(pl.DataFrame({"value": ids, "res": pl.Series([name] * len(ids), dtype=pl.String)}))
    if not owners:
        return
    owner = pl.concat(owners)
    rows = table.frame.select(
        pl.int_range(0, pl.len()).alias("row"),
        pl.col(config.typeField).alias("type"),
        pl.col(field).alias("value"),
    ).drop_nulls()
    rows = rows.join(allowed.select("type").unique(), on="type", how="semi")  # unknown types: the keys check
    rows = rows.join(
        owner.select("value").unique(), on="value", how="semi"
    )  # ids nowhere: the references check
    ok = rows.join(allowed, on="type").join(owner, on=["value", "res"], how="semi").select("row").unique()
    bad = rows.join(ok, on="row", how="anti").sort("row")
    if bad.height == 0:
        return
    where = owner.group_by("value").agg(pl.col("res").sort().str.join(", "))
    allow = allowed.group_by("type").agg(pl.col("res").sort().str.join(", "))
    bad = bad.join(where, on="value", how="left").join(allow, on="type", how="left", suffix="_allowed")
    del resources
    for row, link_type, value, found, permitted in bad.select(
        "row", "type", "value", "res", "res_allowed"
    ).iter_rows():
        yield table.issue(
            "typed-link",
            f"{field} '{value}' is an id in {found}, but '{link_type}' takes "
            f"{'an' if side == 'object' else 'a'} {side} from {permitted}",
            hint=f"use a {side} from {permitted}, or another {config.typeField}",
            row=row,
            field=field,
            value=value,
        )


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        config = _config(ctx, table)
        if isinstance(config, Issue):
            yield config
        elif config is not None:
            yield from _side(ctx, table, config, "subject")
            yield from _side(ctx, table, config, "object")


CHECK = Check(
    name="links",
    run=run,
    codes=codes_of("links"),
)

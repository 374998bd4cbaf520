"""Shared helpers: a resource's single-field primary key values, and vocabulary issues.

Not a check. Polymorphic references, citations, typed links and global ids all ask "is this
value an id of that resource?"; :func:`id_values` answers from a cache so each resource's ids
are collected once per run.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from ctcoop.checks.context import Context
from ctcoop.checks.jsonlines import json_lines, line_of
from ctcoop.errors import PackageLoadError
from ctcoop.package import Resource
from ctcoop.report import Issue


def id_field(resource: Resource) -> str | None:
    """The resource's primary key field when the key is a single field."""
    pk = resource.primary_key
    return pk[0] if len(pk) == 1 else None


def id_values(ctx: Context, name: str) -> pl.Series | None:
    """Distinct non-empty values of resource ``name``'s single-field primary key, as strings."""
    key = ("ids", name)
    if key not in ctx.cache:
        resource = ctx.resource(name)
        table = ctx.table(resource) if resource is not None else None
        field = id_field(resource) if resource is not None else None
        if table is None or field is None or not table.has(field):
            ctx.cache[key] = None
        else:
            ctx.cache[key] = table.frame[field].drop_nulls().unique().cast(pl.String)
    value: pl.Series | None = ctx.cache[key]
    return value


def vocabulary_issue(
    ctx: Context,
    resource: Resource | None,
    message: str,
    hint: str,
    path: tuple[Any, ...] = (),
    in_schema: bool = False,
) -> Issue:
    """A misconfigured ``ctcoop:`` property, located in the descriptor or the resource's schema file."""
    pkg = ctx.package
    file = pkg.descriptor_path
    full: tuple[Any, ...] = path
    if resource is not None:
        schema_ref = resource.descriptor.get("schema")
        index = next(
            (
                i
                for i, r in enumerate(pkg.descriptor.get("resources") or [])
                if isinstance(r, dict) and r.get("name") == resource.name
            ),
            0,
        )
        if in_schema and isinstance(schema_ref, str):
            file = schema_ref
        elif in_schema:
            full = ("resources", index, "schema", *path)
        else:
            full = ("resources", index, *path)
    try:
        text = pkg.read(file).decode("utf-8-sig")
        line = line_of(json_lines(text), full)
    except (PackageLoadError, UnicodeDecodeError):
        line = None
    return Issue(
        code="vocabulary",
        message=message,
        hint=hint,
        resource=resource.name if resource else None,
        file=file,
        line=line,
    )


def field_path(resource: Resource, name: str, *rest: Any) -> tuple[Any, ...]:
    """The JSON path of a field (or a property of it) inside its Table Schema."""
    index = next((i for i, f in enumerate(resource.fields) if f.get("name") == name), 0)
    return ("fields", index, *rest)

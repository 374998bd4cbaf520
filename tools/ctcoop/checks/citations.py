"""Every row of a resource with ``ctcoop:requiresCitation: true`` is cited.

The package says where citations live: ``ctcoop:citations: {"resource": "citations",
"subjectField": "subject", "sourceField": "source", "locatorField": "locator"}``. A row is
cited when its (single-field) primary key value appears in that resource's subject field.
That every cited source exists is an ordinary foreign key of the citations resource.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from ctcoop.checks import Check
from ctcoop.checks.context import Context
from ctcoop.checks.ids import id_field, vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.extensions import Citations, keys, package_ext, resource_ext
from ctcoop.report import Issue


def _config(ctx: Context) -> tuple[Citations | None, list[Issue]]:
    config = package_ext(ctx.package.descriptor).citations
    if config is None:
        return None, []

    def problem(message: str, hint: str, *path: Any) -> tuple[None, list[Issue]]:
        return None, [vocabulary_issue(ctx, None, message, hint, (keys.CITATIONS, *path))]

    target = ctx.resource(config.resource)
    if target is None:
        return problem(
            f"{keys.CITATIONS} names the resource {config.resource!r}, which the package does not have",
            "name the resource that holds the citations",
            "resource",
        )
    for key in ("subjectField", "sourceField", "locatorField"):
        name = getattr(config, key)
        if name is not None and target.field(name) is None:
            return problem(
                f"{keys.CITATIONS}.{key} is {name!r}, which is not a field of '{target.name}'",
                "fields: " + ", ".join(target.field_names),
                key,
            )
    return config, []


def run(ctx: Context) -> Iterator[Issue]:
    config, problems = _config(ctx)
    yield from problems
    cited: pl.Series | None = None
    if config is not None:
        target = ctx.resource(config.resource)
        table = ctx.table(target) if target is not None else None
        if table is not None and table.has(config.subjectField):
            cited = table.frame[config.subjectField].drop_nulls().unique()
    ext = package_ext(ctx.package.descriptor)
    declared = ext.citations is not None or any(p.key == keys.CITATIONS for p in ext.problems)
    for resource in ctx.resources:
        if not resource_ext(resource.descriptor).requires_citation:
            continue
        if not declared:
            yield vocabulary_issue(
                ctx,
                resource,
                f"resource '{resource.name}' requires citations but the package "
                f"has no {keys.CITATIONS} saying where they are",
                f"add {keys.CITATIONS} to the package",
                (keys.REQUIRES_CITATION,),
            )
            continue
        key = id_field(resource)
        if key is None:
            yield vocabulary_issue(
                ctx,
                resource,
                f"resource '{resource.name}' requires citations but has no single-field primary key to cite",
                "give it a one-field primaryKey",
                (keys.REQUIRES_CITATION,),
            )
            continue
        table = ctx.table(resource)
        if table is None or cited is None or not table.has(key):
            continue
        ids = table.frame[key]
        mask = ids.is_not_null() & ~ids.is_in(cited.implode())
        rows = mask.arg_true().to_list()
        where = f"{config.resource}.{config.subjectField}" if config else "the citations"
        for row, value in zip(rows, ids.gather(rows).to_list(), strict=True):
            yield table.issue(
                "citation-missing",
                f"{key} '{value}' is not cited: no row of {where} is about it",
                hint=f"add a row to {config.resource if config else 'the citations'} with "
                f"{config.subjectField if config else 'subject'} '{value}', a source and a "
                "locator",
                row=row,
                field=key,
                value=value,
            )


CHECK = Check(
    name="citations",
    run=run,
    codes=codes_of("citations"),
)

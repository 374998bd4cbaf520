"""CSV structure: encoding, BOM, header against the schema, missing/extra cells, blank rows, quotes, sizes.

The table layer finds the problems: the records stage (:mod:`ctcoop.tables.records`) those of the
rows, the header mapping (:mod:`ctcoop.tables.header`, every ``fieldsMatch`` mode) those of the
header; this check reports them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ctcoop.checks import Check
from ctcoop.checks.context import Context
from ctcoop.codes import codes_of
from ctcoop.package import Resource
from ctcoop.report import Issue


def _header_issues(ctx: Context, resource: Resource) -> Iterator[Issue]:
    table = ctx.table(resource)
    if table is None or table.records.header is None:
        return
    line = table.where(table.records.header_line)[1]
    for p in table.header_problems:
        yield table.issue(p.code, p.message, hint=p.hint, line=line, column=p.column, field=p.field)


def run(ctx: Context) -> Iterator[Issue]:
    for resource in ctx.resources:
        yield from ctx.read_problems(resource)
        yield from _header_issues(ctx, resource)


CHECK = Check(
    name="structure",
    run=run,
    codes=codes_of("structure"),
)

"""CSV structure: encoding, BOM, header against the schema, missing/extra cells, blank rows, quotes, sizes.

The table layer finds the problems: the records stage (:mod:`ctcoop.tables.records`) those of the
rows, the header mapping (:mod:`ctcoop.tables.header`, every ``fieldsMatch`` mode) those of the
header, :mod:`ctcoop.tables.reading` gathers them with their severity (the rule every other
command refuses by); this check reports them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ctcoop.checks import Check
from ctcoop.checks.context import Context
from ctcoop.codes import codes_of
from ctcoop.report import Issue


def run(ctx: Context) -> Iterator[Issue]:
    for resource in ctx.resources:
        yield from ctx.read_problems(resource)


CHECK = Check(
    name="structure",
    run=run,
    codes=codes_of("structure"),
)

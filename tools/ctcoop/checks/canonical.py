"""Files not in canonical form (a warning): ``ctcoop fmt`` would rewrite them.

A file in canonical form (see :mod:`ctcoop.tables.canonical`) makes a pull request's diff show only
real changes. The check reuses the cells the validator already parsed when the file read cleanly
(and its only missing value is the empty string), so the cost on a canonical file is a few
column-wise comparisons; the warning names the first line that breaks a rule of the canonical
form and says which rule. A file whose reading met an error (a ragged row, a stray quote, bad
UTF-8) or that has no canonical form at all (an unknown column, a non-default dialect) is left
to the structure checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ctcoop.checks import Check
from ctcoop.codes import codes_of
from ctcoop.errors import CtcoopError
from ctcoop.report import Issue, Severity
from ctcoop.tables.canonical import check_canonical_bytes
from ctcoop.tables.canonical_quick import quick_check

if TYPE_CHECKING:
    import polars as pl

    from ctcoop.checks.context import Context
    from ctcoop.package import Resource

HINT = "run `ctcoop fmt` to rewrite the file in canonical form (`ctcoop fmt --check` lists such files)"


def _parsed_cells(ctx: Context, resource: Resource) -> pl.DataFrame | None:
    """The validator's parsed cells, when they are exactly the file's cells (else None: parse anew).

    The validator's reader reports every misplaced quote and blank row; when it reported nothing,
    its cells are a strict parse, which lets :func:`ctcoop.tables.canonical_quick.quick_check` compare lengths
    instead of rebuilding the text (``strict=True``). A test holds that assumption.
    """
    if ctx.read_problems(resource):
        return None
    table = ctx.table(resource)
    if table is None or table.missing_values != [""] or table.records.header != resource.field_names:
        return None
    return table.frame


def run(ctx: Context) -> Iterator[Issue]:
    for resource in ctx.resources:
        if any(p.severity is Severity.ERROR for p in ctx.read_problems(resource)):
            continue  # a ragged row, a stray quote…: the structure check reports it; fmt cannot run
        data = ctx.raw(resource)
        if data is None:
            continue
        try:
            cells = _parsed_cells(ctx, resource)
            found = quick_check(resource, data, cells, strict=cells is not None)
            if found is None:
                found = check_canonical_bytes(resource, data, ctx.package)
        except CtcoopError:
            continue  # no canonical form: the structure check says why
        if not found.canonical:
            yield Issue(code="not-canonical", severity=Severity.WARNING,
                        message=f"the file is not in canonical form: {found.reason}", hint=HINT,
                        resource=resource.name, file=resource.path, line=found.line)


CHECK = Check(name="canonical", run=run, warns_only=True, codes=codes_of("canonical"))

"""Every cell is of its field's type and format (Table Schema v2 lexical forms)."""

from __future__ import annotations

from collections.abc import Iterator

from ctcoop.casting import expected
from ctcoop.checks import Check
from ctcoop.checks.context import Context
from ctcoop.codes import codes_of
from ctcoop.report import Issue


def run(ctx: Context) -> Iterator[Issue]:
    for resource in ctx.resources:
        table = ctx.table(resource)
        typed = ctx.typed(resource)
        if table is None or typed is None:
            continue
        for name, mask in typed.bad.items():
            fdesc = resource.field(name) or {}
            want = expected(fdesc)
            rows = mask.arg_true().to_list()
            values = table.frame[name].gather(rows).to_list()
            required = bool((fdesc.get("constraints") or {}).get("required"))
            hint = f"write {want}" + ("" if required else " or leave the cell empty")
            for row, value in zip(rows, values, strict=True):
                yield table.issue(
                    "type-error",
                    f"{name} '{value}' is not {want}",
                    hint=hint,
                    row=row,
                    field=name,
                    value=value,
                )


CHECK = Check(
    name="types",
    run=run,
    codes=codes_of("types"),
)

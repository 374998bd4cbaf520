"""CSV structure: encoding, BOM, header against the schema, missing/extra cells, blank rows, quotes, sizes.

The reading itself (:mod:`ctcoop.read`) finds the row-level problems; this check reports them
and compares the header row with the schema's fields (``fieldsMatch`` honoured).
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
    if table is None or table.csv.header is None:
        return
    labels = table.csv.header
    names = resource.field_names
    line = table.csv.header_line
    sensitive = resource.dialect.get("caseSensitiveHeader") is True

    def norm(text: str) -> str:
        return text if sensitive else text.casefold()

    def issue(code: str, message: str, hint: str, column: int | None, field: str | None = None) -> Issue:
        return table.issue(code, message, hint=hint, line=line, column=column, field=field)

    seen: dict[str, int] = {}
    for i, label in enumerate(labels):
        if label.strip() == "":
            yield issue(
                "blank-label", f"column {i + 1} has no label", "write the field name in the header", i + 1
            )
        elif norm(label) in seen:
            yield issue(
                "duplicate-label",
                f"label '{label}' repeats column {seen[norm(label)]}",
                "give every column a distinct name",
                i + 1,
            )
        else:
            seen[norm(label)] = i + 1
    if resource.inferred:
        return  # the fields are the labels themselves
    match = resource.schema.get("fieldsMatch", "exact")
    if match == "exact":
        for i in range(max(len(labels), len(names))):
            if i >= len(names):
                yield issue(
                    "extra-label",
                    f"column {i + 1} '{labels[i]}' is not a field of the schema",
                    "remove the column or add the field to the schema",
                    i + 1,
                )
            elif i >= len(labels):
                yield issue(
                    "missing-label",
                    f"field '{names[i]}' (column {i + 1}) is missing from the header",
                    "add the column, in schema order",
                    i + 1,
                    names[i],
                )
            elif labels[i].strip() and norm(labels[i]) != norm(names[i]):
                yield issue(
                    "incorrect-label",
                    f"column {i + 1} is labelled '{labels[i]}' but the schema's field "
                    f"{i + 1} is '{names[i]}'",
                    "the header must list the schema's fields in order",
                    i + 1,
                    names[i],
                )
        return
    present = {norm(label) for label in labels}
    known = {norm(n) for n in names}
    if match in ("equal", "subset"):
        for name in names:
            if norm(name) not in present:
                yield issue(
                    "missing-label",
                    f"field '{name}' is missing from the header",
                    "add the column",
                    None,
                    name,
                )
    if match in ("equal", "superset"):
        for i, label in enumerate(labels):
            if label.strip() and norm(label) not in known:
                yield issue(
                    "extra-label",
                    f"column {i + 1} '{label}' is not a field of the schema",
                    "remove the column or add the field to the schema",
                    i + 1,
                )
    if match == "partial" and not present & known:
        yield issue(
            "missing-label",
            "no column of the header is a field of the schema",
            "label the columns with the schema's field names",
            None,
        )


def run(ctx: Context) -> Iterator[Issue]:
    for resource in ctx.resources:
        yield from ctx.read_problems(resource)
        yield from _header_issues(ctx, resource)


CHECK = Check(
    name="structure",
    run=run,
    codes=codes_of("structure"),
)

"""A cell that names fields of another row names fields that exist (``ctcoop:fieldOf``).

Declared on the naming field::

    {"name": "fields", ctcoop:fieldOf: "subject", ctcoop:listDelimiter: ";"}   (citations)
    {"name": "field", ctcoop:fieldOf: "about"}                                   (errata)

``ctcoop:fieldOf`` names a field of the same resource that holds a row id (ids are looked up
in the resources its ``ctcoop:references`` lists, else in every resource with a one-field
primary key). Each name in the cell (each item, with ``ctcoop:listDelimiter``) must be a field
of the table that id belongs to. An id found nowhere is the references check's to report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import field_path, id_field, id_values, vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.extensions import field_ext, keys
from ctcoop.package import Resource
from ctcoop.report import Issue

PROPERTY = keys.FIELD_OF


def owners(ctx: Context, names: list[str] | None) -> dict[str, Resource]:
    """Row id -> the resource it is an id of, over ``names`` (default: every keyed resource)."""
    found: dict[str, Resource] = {}
    for resource in ctx.resources:
        if id_field(resource) is None or (names is not None and resource.name not in names):
            continue
        ids = id_values(ctx, resource.name)
        if ids is not None:
            for value in ids.to_list():
                found.setdefault(value, resource)
    return found


def _fields(ctx: Context, table: Table, spec: dict[str, Any], target: str) -> Iterator[Issue]:
    resource = table.resource
    name = str(spec.get("name"))
    holder = resource.field(target)
    if holder is None:
        yield vocabulary_issue(
            ctx,
            resource,
            f"{PROPERTY} of field '{name}' is {target!r}, which is not a field of '{resource.name}'",
            "name the field of this resource that holds the row id, e.g. \"subject\"",
            field_path(resource, name, PROPERTY),
            in_schema=True,
        )
        return
    if not (table.has(name) and table.has(target)):
        return
    lookup = owners(ctx, field_ext(holder).references)
    delimiter = field_ext(spec).list_delimiter
    for row, (ids, cell) in enumerate(table.frame.select(target, name).iter_rows()):
        if ids is None or cell is None:
            continue
        owner = lookup.get(ids)
        if owner is None:
            continue
        known = set(owner.field_names)
        items = [i.strip() for i in cell.split(delimiter)] if delimiter is not None else [cell]
        for item in items:
            if item and item not in known:
                yield table.issue(
                    "field-name",
                    f"the {name} cell names '{item}', which is not a field of '{owner.name}' "
                    f"(the table of {target} '{ids}')",
                    hint=f"fields of {owner.name}: " + ", ".join(owner.field_names),
                    row=row,
                    field=name,
                    value=cell,
                )


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        for spec in table.resource.fields:
            target = field_ext(spec).field_of
            if target is not None:
                yield from _fields(ctx, table, spec, target)


CHECK = Check(
    name="fieldnames",
    run=run,
    codes=codes_of("fieldnames"),
)

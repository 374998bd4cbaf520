"""Every factual cell is covered by a citation (``ctcoop:factualFields``).

A resource lists the fields that hold facts a reader may want to check::

    ctcoop:factualFields: ["parent", "founded", "dissolved", "founding_instrument"]

and the package's ``ctcoop:citations`` names the citations' field that lists the fields a
citation supports (``"fieldsField": "fields"``). A non-empty factual cell is covered when a
citation of its row names the field, or names no field at all (a citation of the row as a
whole). An uncovered cell is a warning: the fact may be right, but nothing says where it
comes from.
"""

from __future__ import annotations

from collections.abc import Iterator

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import id_field, vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.extensions import keys, list_delimiter, package_ext, resource_ext
from ctcoop.report import Issue, Severity

PROPERTY = keys.FACTUAL_FIELDS


def _cited_fields(ctx: Context) -> dict[str, set[str] | None] | str | None:
    """Row id -> the fields its citations name (None: a citation covers the whole row).

    None when the package declares no ``fieldsField``; a reason when the declaration is wrong.
    """
    config = package_ext(ctx.package.descriptor).citations
    if config is None or config.fieldsField is None:
        return None
    target = ctx.resource(config.resource)
    if target is None:
        return None  # the citations check reports it
    subject, fields = config.subjectField, config.fieldsField
    if target.field(fields) is None:
        return f"{keys.CITATIONS}.fieldsField is {fields!r}, which is not a field of '{target.name}'"
    table = ctx.table(target)
    if table is None or not (table.has(subject) and table.has(fields)):
        return {}
    delimiter = list_delimiter(target.field(fields) or {}) or ";"
    cited: dict[str, set[str] | None] = {}
    for row_id, names in table.frame.select(subject, fields).iter_rows():
        if row_id is None:
            continue
        if names is None:
            cited[row_id] = None
            continue
        current = cited.setdefault(row_id, set())
        if current is not None:
            current.update(n.strip() for n in names.split(delimiter))
    return cited


def _check(
    ctx: Context, table: Table, names: list[str], cited: dict[str, set[str] | None]
) -> Iterator[Issue]:
    resource = table.resource
    key = id_field(resource)
    for name in names:
        if resource.field(name) is None:
            yield vocabulary_issue(
                ctx,
                resource,
                f"{PROPERTY} names {name!r}, which is not a field of '{resource.name}'",
                "fields: " + ", ".join(resource.field_names),
                (PROPERTY,),
            )
            return
    if key is None:
        yield vocabulary_issue(
            ctx,
            resource,
            f"{PROPERTY} on '{resource.name}', which has no single-field primary key to cite",
            "give it a one-field primaryKey",
            (PROPERTY,),
        )
        return
    if not table.has(key):
        return
    present = [n for n in names if table.has(n)]
    for row, values in enumerate(table.frame.select([key, *present]).iter_rows()):
        row_id = values[0]
        if row_id is None or (row_id in cited and cited[row_id] is None):
            continue
        named = cited.get(row_id) or set()
        for name, value in zip(present, values[1:], strict=True):
            if value is not None and name not in named:
                yield table.issue(
                    "uncited-fact",
                    f"{name} of '{row_id}' is not covered by a citation: none names {name} "
                    "and none cites the row as a whole",
                    hint=f"add a citation of '{row_id}' whose fields include {name}, with the "
                    "source and locator that state it",
                    row=row,
                    field=name,
                    value=value,
                    severity=Severity.WARNING,
                )


def run(ctx: Context) -> Iterator[Issue]:
    wanted = [(t, names) for t in ctx.tables()
              if (names := resource_ext(t.resource.descriptor).factual_fields) is not None]
    if not wanted:
        return
    cited = _cited_fields(ctx)
    if isinstance(cited, str):
        yield vocabulary_issue(ctx, None, cited, "name the field that lists the cited fields",
                               (keys.CITATIONS, "fieldsField"))
        return
    for table, names in wanted:
        if cited is None:
            yield vocabulary_issue(
                ctx,
                table.resource,
                f"{PROPERTY} needs {keys.CITATIONS}.fieldsField, the citations' field that lists "
                "the fields a citation supports",
                f'add "fieldsField": "fields" to {keys.CITATIONS}',
                (PROPERTY,),
            )
        else:
            yield from _check(ctx, table, names, cited)


CHECK = Check(
    name="coverage",
    run=run,
    codes=codes_of("coverage"),
)

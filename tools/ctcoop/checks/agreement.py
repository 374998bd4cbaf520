"""A column and the typed links that state the same fact agree (``ctcoop:agreesWith``).

Declared on the column (see :class:`ctcoop.properties.AgreesWith`)::

    {"name": "operator", ..., ctcoop:agreesWith:
        {"relationType": "rtype-operated-by", "direction": "subject", "endField": "end_date"}}

The link resource is the package's ``ctcoop:typedLinks`` resource. For each row of the
column's resource, the current links of that type from (``direction`` ``subject``) or to
(``object``) the row, whose other end is an id of the table the column references, are
compared with the column (a row whose links have all ended, such as a body that was dissolved,
is compared with its ended links): with ``match`` ``equal`` they must be exactly the column's value,
with ``member`` the column's value must be among them (and filled when there are any).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import field_path, id_field, id_values, vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.extensions import AgreesWith, TypedLinks, field_ext, keys, resource_ext
from ctcoop.package import Resource
from ctcoop.report import Issue

PROPERTY = keys.AGREES_WITH


def _target(resource: Resource, name: str) -> str | None:
    """The resource a single-field foreign key on ``name`` references, if any."""
    for fk in resource.foreign_keys:
        fields = fk.get("fields")
        if fields == name or fields == [name]:
            ref = fk.get("reference")
            if isinstance(ref, dict) and isinstance(ref.get("resource"), str):
                return ref["resource"] or resource.name
    return None


def _links(ctx: Context, config: AgreesWith) -> tuple[Resource, TypedLinks] | str:
    candidates = [
        r
        for r in ctx.resources
        if resource_ext(r.descriptor).typed_links is not None
        and (config.resource is None or r.name == config.resource)
    ]
    if len(candidates) != 1:
        return (
            f"{PROPERTY} needs exactly one {keys.TYPED_LINKS} resource"
            + (f" named '{config.resource}'" if config.resource else "")
            + f", found {len(candidates)}"
        )
    links = candidates[0]
    spec = resource_ext(links.descriptor).typed_links
    assert spec is not None
    names = [spec.typeField, spec.subjectField, spec.objectField]
    if config.endField is not None:
        names.append(config.endField)
    for name in names:
        if links.field(name) is None:
            return f"{PROPERTY}: {name!r} is not a field of '{links.name}'"
    return links, spec


def _current(
    ctx: Context, links: Resource, spec: TypedLinks, config: AgreesWith
) -> dict[str, set[str]] | None:
    """Row id -> the other ends of its current links; of its ended links when none is current."""
    table = ctx.table(links)
    if table is None:
        return None
    own, other = (
        (spec.subjectField, spec.objectField)
        if config.direction == "subject"
        else (spec.objectField, spec.subjectField)
    )
    cols = [spec.typeField, own, other] + ([config.endField] if config.endField else [])
    if not all(table.has(c) for c in cols):
        return None
    current: dict[str, set[str]] = {}
    ended: dict[str, set[str]] = {}
    for values in table.frame.select(cols).iter_rows():
        link_type, mine, theirs = values[0], values[1], values[2]
        if link_type == config.relationType and mine and theirs:
            into = ended if len(values) > 3 and values[3] is not None else current
            into.setdefault(mine, set()).add(theirs)
    return {row: current.get(row) or ended[row] for row in current.keys() | ended.keys()}


def _column(ctx: Context, table: Table, spec: dict[str, Any], config: AgreesWith) -> Iterator[Issue]:
    resource = table.resource
    name = str(spec.get("name"))
    found = _links(ctx, config)
    if isinstance(found, str):
        yield vocabulary_issue(
            ctx, resource, found, "declare the link resource", field_path(resource, name, PROPERTY), True
        )
        return
    links, link_spec = found
    key = id_field(resource)
    if key is None or not (table.has(key) and table.has(name)):
        return
    current = _current(ctx, links, link_spec, config)
    if current is None:
        return
    target = _target(resource, name)
    allowed = id_values(ctx, target) if target is not None else None
    keep = set(allowed.to_list()) if allowed is not None else None
    side = "subject" if config.direction == "subject" else "object"
    for row, (rid, value) in enumerate(table.frame.select(key, name).iter_rows()):
        if rid is None:
            continue
        others = {o for o in current.get(rid, set()) if keep is None or o in keep}
        listed = ", ".join(f"'{o}'" for o in sorted(others))
        where = f"'{config.relationType}' rows of {links.name} with {side} '{rid}'"
        message = None
        hint = ""
        if value is None and others:
            message = f"{name} is empty, but the {where} give {listed}"
            hint = f"fill {name}, or end or remove those rows"
        elif value is not None and value not in others:
            message = f"{name} is '{value}', but " + (
                f"the {where} give {listed}" if others else f"there are no {where}"
            )
            hint = f"add or correct the {links.name} row, or correct {name}, so that both say the same"
        elif config.match == "equal" and value is not None and len(others) > 1:
            extra = ", ".join(f"'{o}'" for o in sorted(others - {value}))
            message = f"{name} is '{value}', but the {where} also give {extra}"
            hint = f"end the {links.name} rows that no longer hold (an end date), or remove them"
        if message is not None:
            yield table.issue("agreement", message, hint=hint, row=row, field=name, value=value)


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        for spec in table.resource.fields:
            config = field_ext(spec).agrees_with
            if config is not None:
                yield from _column(ctx, table, spec, config)


CHECK = Check(
    name="agreement",
    run=run,
    codes=codes_of("agreement"),
)

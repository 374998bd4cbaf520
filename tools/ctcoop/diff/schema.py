"""Changes between two Table Schemas, each with its Data Package Version level.

Levels follow the Data Package Version recipe as this project applies it (docs/diff.md):

* MAJOR: a field removed, renamed, retyped (type, ``ctcoop:listDelimiter``), re-formatted
  (``format``, true/false values, decimal/group characters, ``ctcoop:partialDate``) or
  reordered; missing values changed; a constraint tightened or changed in a way that cannot be
  ordered (a new pattern); categories removed; a primary, foreign or ``ctcoop:references`` key
  changed; a validation rule added or changed; a resource's path, dialect, encoding or format
  changed; the package's name, id or licence changed.
* MINOR: a field added; a constraint loosened; categories added; a validation rule removed.
* PATCH: descriptive metadata (titles, descriptions, keywords, sources, contributors …) and any
  property this module does not know.

Renames are found by content (:func:`ctcoop.diff.renames.detect_renames`): a removed field and an
added field of the same type whose values are equal on every matched row (or, when both columns
are empty, whose descriptors are equal apart from name, title and description). A field's own
changes come from :mod:`ctcoop.diff.field_changes`, the descriptors' other properties from
:mod:`ctcoop.diff.metadata`.
"""

from __future__ import annotations

import json
from typing import Any

from ctcoop.diff.field_changes import field_changes
from ctcoop.diff.model import Level, SchemaChange
from ctcoop.diff.values import MISSING, as_json, canon, schema_fields
from ctcoop.extensions import keys


def _keys(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _rename_fk(fk: Any, renames: dict[str, str]) -> Any:
    if not isinstance(fk, dict):
        return fk
    out = dict(fk)
    fields = fk.get("fields")
    if isinstance(fields, str):
        out["fields"] = renames.get(fields, fields)
    elif isinstance(fields, list):
        out["fields"] = [renames.get(str(f), f) for f in fields]
    return out


def schema_changes(old: dict[str, Any], new: dict[str, Any], renames: dict[str, str]) -> list[SchemaChange]:
    """Every change between two Table Schemas, given the renames :func:`detect_renames` found."""
    out: list[SchemaChange] = []
    old_f, new_f = schema_fields(old), schema_fields(new)
    back = {v: k for k, v in renames.items()}
    for name in old_f:
        if name not in new_f and name not in renames:
            out.append(
                SchemaChange(
                    code="field-removed", level=Level.MAJOR, field=name, message=f"field '{name}' removed"
                )
            )
    for old_name, new_name in renames.items():
        out.append(
            SchemaChange(
                code="field-renamed",
                level=Level.MAJOR,
                field=new_name,
                property="name",
                old=old_name,
                new=new_name,
                message=f"field '{old_name}' renamed to '{new_name}'",
            )
        )
    for name in new_f:
        if name not in old_f and name not in back:
            out.append(
                SchemaChange(
                    code="field-added", level=Level.MINOR, field=name, message=f"field '{name}' added"
                )
            )
    for name, b in new_f.items():
        source = back.get(name, name)
        if source in old_f:
            out.extend(field_changes(source, name, old_f[source], b))
    old_order = [renames.get(n, n) for n in old_f if renames.get(n, n) in new_f]
    new_order = [n for n in new_f if back.get(n, n) in old_f]
    if old_order != new_order:
        out.append(
            SchemaChange(
                code="fields-reordered",
                level=Level.MAJOR,
                property="fields",
                old=as_json(old_order),
                new=as_json(new_order),
                message="fields reordered: " + ", ".join(new_order),
            )
        )
    old_pk = [renames.get(k, k) for k in _keys(old.get("primaryKey"))]
    new_pk = _keys(new.get("primaryKey"))
    if old_pk != new_pk:
        out.append(
            SchemaChange(
                code="primary-key-changed",
                level=Level.MAJOR,
                property="primaryKey",
                old=as_json(_keys(old.get("primaryKey"))),
                new=as_json(new_pk),
                message=f"primary key changed: {_keys(old.get('primaryKey'))} → {new_pk}",
            )
        )
    out.extend(_key_list_changes(old, new, renames))
    for key in sorted(
        (set(old) | set(new)) - {"fields", "primaryKey", "foreignKeys", "uniqueKeys", "$schema"}
    ):
        va, vb = old.get(key, MISSING), new.get(key, MISSING)
        if va is not MISSING and vb is not MISSING and canon(va) == canon(vb):
            continue
        descriptive = key in {"title", "description", keys.DESCRIPTION_AR, keys.TITLE_AR}
        code = (
            "missing-values-changed"
            if key == "missingValues"
            else "schema-metadata-changed"
            if descriptive
            else "schema-property-changed"
        )
        out.append(
            SchemaChange(
                code=code,
                level=Level.PATCH if descriptive else Level.MAJOR,
                property=key,
                old=None if va is MISSING else as_json(va),
                new=None if vb is MISSING else as_json(vb),
                message=f"schema '{key}' changed",
            )
        )
    return out


def _key_list_changes(
    old: dict[str, Any], new: dict[str, Any], renames: dict[str, str]
) -> list[SchemaChange]:
    out: list[SchemaChange] = []
    old_fks = [canon(_rename_fk(fk, renames)) for fk in old.get("foreignKeys", []) or []]
    new_fks = [canon(fk) for fk in new.get("foreignKeys", []) or []]
    if sorted(old_fks) != sorted(new_fks):
        gone = [json.loads(x) for x in old_fks if x not in new_fks]
        came = [json.loads(x) for x in new_fks if x not in old_fks]
        out.append(
            SchemaChange(
                code="foreign-keys-changed",
                level=Level.MAJOR,
                property="foreignKeys",
                old=gone,
                new=came,
                message=f"foreign keys changed ({len(gone)} removed, {len(came)} added)",
            )
        )
    old_uk = {canon([renames.get(k, k) for k in _keys(u)]) for u in old.get("uniqueKeys", []) or []}
    new_uk = {canon(_keys(u)) for u in new.get("uniqueKeys", []) or []}
    if old_uk != new_uk:
        level = Level.MINOR if new_uk < old_uk else Level.MAJOR
        out.append(
            SchemaChange(
                code="unique-keys-changed",
                level=level,
                property="uniqueKeys",
                old=[json.loads(x) for x in sorted(old_uk)],
                new=[json.loads(x) for x in sorted(new_uk)],
                message="unique keys " + ("loosened" if level is Level.MINOR else "changed"),
            )
        )
    return out

"""Schema and descriptor changes between two versions, each with its Data Package Version level.

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

Renames are found by content (:func:`detect_renames`): a removed field and an added field of
the same type whose values are equal on every matched row (or, when both columns are empty,
whose descriptors are equal apart from name, title and description).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import JsonValue

from ctcoop.diff.model import Level, SchemaChange, ValueChange
from ctcoop.extensions import keys, list_delimiter
from ctcoop.tables.dtypes import polars_dtype

#: field properties that only describe
FIELD_DESCRIPTIVE = {
    "title",
    "description",
    "example",
    "examples",
    "rdfType",
    keys.DESCRIPTION_AR,
    keys.TITLE_AR,
    keys.DEDUPE,
}
#: field properties that change how a cell's text is read
FIELD_FORMAT = {
    "format",
    "trueValues",
    "falseValues",
    "decimalChar",
    "groupChar",
    "bareNumber",
    keys.PARTIAL_DATE,
    "categoriesOrdered",
}
#: field properties that are validation rules: adding one tightens, removing one loosens
FIELD_RULES = {keys.LANGUAGE, keys.TRANSLATION_OF, keys.RULES}
_LOWER_BOUNDS = {"minLength", "minimum", "exclusiveMinimum", "minItems"}
_UPPER_BOUNDS = {"maxLength", "maximum", "exclusiveMaximum", "maxItems"}
_FLAGS = {"required", "unique"}

#: resource properties and the level a change to each has
RESOURCE_MAJOR = {"path", "dialect", "encoding", "format", "mediatype", "compression", "licenses"}
RESOURCE_RULES = {
    keys.REQUIRES_CITATION,
    keys.DATE_ORDER,
    keys.ROW_SCHEMA,
    keys.TYPED_LINKS,
    keys.RULES,
}
#: ``bytes`` and ``hash`` describe a file's bytes (``ctcoop export`` adds them to the release zip);
#: a change in the data shows as row changes, so they are no change of their own
RESOURCE_IGNORED = {"name", "schema", "bytes", "hash"}
#: package properties
PACKAGE_MAJOR = {"name", "id", "licenses"}
PACKAGE_RULES = {keys.GLOBAL_IDS, keys.CITATIONS, keys.RULES}
PACKAGE_IGNORED = {"resources", "version"}


class _Missing:
    pass


_MISSING: Any = _Missing()


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _as_json(value: Any) -> JsonValue:
    loaded: JsonValue = json.loads(json.dumps(value, ensure_ascii=False))
    return loaded


def _pointer(parts: list[str]) -> str:
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


def value_changes(
    old: dict[str, Any],
    new: dict[str, Any],
    level_of: Callable[[str, str], Level],
    ignore: set[str],
    prefix: list[str] | None = None,
) -> list[ValueChange]:
    """Changes between two descriptor objects as JSON Pointers; objects are walked, arrays compared whole.

    ``level_of(top_level_key, kind)`` gives each change's level (kind: added/removed/changed).
    """
    out: list[ValueChange] = []
    base = prefix or []
    for key in sorted(set(old) | set(new), key=str):
        if not base and key in ignore:
            continue
        top = base[0] if base else key
        a, b = old.get(key, _MISSING), new.get(key, _MISSING)
        if a is _MISSING:
            out.append(
                ValueChange(
                    pointer=_pointer([*base, key]),
                    kind="added",
                    new=_as_json(b),
                    level=level_of(top, "added"),
                )
            )
        elif b is _MISSING:
            out.append(
                ValueChange(
                    pointer=_pointer([*base, key]),
                    kind="removed",
                    old=_as_json(a),
                    level=level_of(top, "removed"),
                )
            )
        elif isinstance(a, dict) and isinstance(b, dict):
            out.extend(value_changes(a, b, level_of, ignore, [*base, key]))
        elif _canon(a) != _canon(b):
            out.append(
                ValueChange(
                    pointer=_pointer([*base, key]),
                    kind="changed",
                    old=_as_json(a),
                    new=_as_json(b),
                    level=level_of(top, "changed"),
                )
            )
    return out


def _rule_level(kind: str) -> Level:
    return Level.MINOR if kind == "removed" else Level.MAJOR


def resource_level(key: str, kind: str) -> Level:
    if key in RESOURCE_MAJOR:
        return Level.MAJOR
    if key in RESOURCE_RULES:
        return _rule_level(kind)
    return Level.PATCH


def package_level(key: str, kind: str) -> Level:
    if key in PACKAGE_MAJOR:
        return Level.MAJOR
    if key in PACKAGE_RULES:
        return _rule_level(kind)
    return Level.PATCH


def resource_metadata_changes(old: dict[str, Any], new: dict[str, Any]) -> list[ValueChange]:
    """Changes to a resource's descriptor, its Table Schema excepted."""
    return value_changes(old, new, resource_level, RESOURCE_IGNORED)


def package_metadata_changes(old: dict[str, Any], new: dict[str, Any]) -> list[ValueChange]:
    """Changes to the package descriptor, its resources and version excepted."""
    return value_changes(old, new, package_level, PACKAGE_IGNORED)


# ---------------------------------------------------------------- fields


def _fields(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    fields = schema.get("fields", [])
    if not isinstance(fields, list):
        return {}
    return {str(f.get("name")): f for f in fields if isinstance(f, dict)}


def _without(desc: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    return {k: v for k, v in desc.items() if k not in keys}


def detect_renames(
    old_schema: dict[str, Any], new_schema: dict[str, Any], same_values: Callable[[str, str], bool | None]
) -> dict[str, str]:
    """Removed field -> added field pairs that are the same column under a new name.

    ``same_values(old_name, new_name)`` answers True/False from the data, or None when it cannot
    tell (both columns empty, no matched rows); then the descriptors decide.
    """
    old_f, new_f = _fields(old_schema), _fields(new_schema)
    removed = [n for n in old_f if n not in new_f]
    added = [n for n in new_f if n not in old_f]
    renames: dict[str, str] = {}
    taken: set[str] = set()
    for r in removed:
        for a in added:
            if a in taken or polars_dtype(old_f[r]) != polars_dtype(new_f[a]):
                continue
            verdict = same_values(r, a)
            if verdict is None:
                ignore = {"name", "title", "description", keys.DESCRIPTION_AR}
                verdict = _canon(_without(old_f[r], ignore)) == _canon(_without(new_f[a], ignore))
            if verdict:
                renames[r] = a
                taken.add(a)
                break
    return renames


def _bound_change(key: str, a: Any, b: Any) -> str:
    """'tightened', 'loosened' or 'changed' for a bound constraint present on both sides."""
    comparable = (
        isinstance(a, (int, float))
        and isinstance(b, (int, float))
        and not isinstance(a, bool)
        and not isinstance(b, bool)
    ) or (isinstance(a, str) and isinstance(b, str))
    if not comparable:
        return "changed"
    if key in _LOWER_BOUNDS:
        return "tightened" if b > a else "loosened"
    return "tightened" if b < a else "loosened"


def _constraint_changes(name: str, old: dict[str, Any], new: dict[str, Any]) -> list[SchemaChange]:
    out: list[SchemaChange] = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key, _MISSING), new.get(key, _MISSING)
        if a is not _MISSING and b is not _MISSING and _canon(a) == _canon(b):
            continue
        if key in _FLAGS:
            verdict = "tightened" if b is True else "loosened"
        elif a is _MISSING:
            verdict = "tightened"
        elif b is _MISSING:
            verdict = "loosened"
        elif key in _LOWER_BOUNDS or key in _UPPER_BOUNDS:
            verdict = _bound_change(key, a, b)
        elif key == "enum" and isinstance(a, list) and isinstance(b, list):
            sa, sb = {_canon(x) for x in a}, {_canon(x) for x in b}
            verdict = "loosened" if sa < sb else "tightened" if sb < sa else "changed"
        else:
            verdict = "changed"
        level = Level.MINOR if verdict == "loosened" else Level.MAJOR
        what = {"tightened": "tightened", "loosened": "loosened", "changed": "changed"}[verdict]
        shown_old = None if a is _MISSING else _as_json(a)
        shown_new = None if b is _MISSING else _as_json(b)
        out.append(
            SchemaChange(
                code=f"constraint-{what}",
                level=level,
                field=name,
                property=key,
                old=shown_old,
                new=shown_new,
                message=f"field '{name}': constraint '{key}' {what} "
                f"({_short(shown_old)} → {_short(shown_new)})",
            )
        )
    return out


def _short(value: JsonValue) -> str:
    if value is None:
        return "none"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _category_values(value: Any) -> set[str]:
    if not isinstance(value, list):
        return set()
    return {_canon(v.get("value") if isinstance(v, dict) else v) for v in value}


def _field_changes(old_name: str, new_name: str, a: dict[str, Any], b: dict[str, Any]) -> list[SchemaChange]:
    out: list[SchemaChange] = []
    label = new_name
    if (
        polars_dtype(a) != polars_dtype(b)
        or a.get("type", "string") != b.get("type", "string")
        or list_delimiter(a) != list_delimiter(b)
    ):

        def kind(d: dict[str, Any]) -> str:
            delim = list_delimiter(d)
            base = str(d.get("type", "string"))
            return f"list of {base} ('{delim}')" if delim is not None else base

        out.append(
            SchemaChange(
                code="field-retyped",
                level=Level.MAJOR,
                field=label,
                property="type",
                old=kind(a),
                new=kind(b),
                message=f"field '{label}' retyped: {kind(a)} → {kind(b)}",
            )
        )
    for key in sorted((set(a) | set(b)) - {"name", "type", keys.LIST_DELIMITER}):
        va, vb = a.get(key, _MISSING), b.get(key, _MISSING)
        if va is not _MISSING and vb is not _MISSING and _canon(va) == _canon(vb):
            continue
        shown_old = None if va is _MISSING else _as_json(va)
        shown_new = None if vb is _MISSING else _as_json(vb)
        if key == "constraints":
            ca = va if isinstance(va, dict) else {}
            cb = vb if isinstance(vb, dict) else {}
            out.extend(_constraint_changes(label, ca, cb))
            continue
        if key == "categories":
            sa, sb = _category_values(va), _category_values(vb)
            if sa - sb:
                out.append(
                    SchemaChange(
                        code="categories-removed",
                        level=Level.MAJOR,
                        field=label,
                        property=key,
                        old=shown_old,
                        new=shown_new,
                        message=f"field '{label}': {len(sa - sb)} categories removed",
                    )
                )
            if sb - sa:
                out.append(
                    SchemaChange(
                        code="categories-added",
                        level=Level.MINOR,
                        field=label,
                        property=key,
                        old=shown_old,
                        new=shown_new,
                        message=f"field '{label}': {len(sb - sa)} categories added",
                    )
                )
            if sa == sb:
                out.append(
                    SchemaChange(
                        code="field-metadata-changed",
                        level=Level.PATCH,
                        field=label,
                        property=key,
                        old=shown_old,
                        new=shown_new,
                        message=f"field '{label}': category labels changed",
                    )
                )
            continue
        if key == "missingValues":
            code, level, what = "missing-values-changed", Level.MAJOR, "missing values changed"
        elif key == keys.REFERENCES:
            code, level, what = "foreign-keys-changed", Level.MAJOR, "referenced resources changed"
        elif key in FIELD_FORMAT:
            code, level, what = "field-format-changed", Level.MAJOR, f"'{key}' changed"
        elif key in FIELD_RULES:
            loosened = vb is _MISSING
            code = "field-rule-loosened" if loosened else "field-rule-tightened"
            level = Level.MINOR if loosened else Level.MAJOR
            what = f"rule '{key}' {'removed' if loosened else 'added or changed'}"
        else:
            code, level, what = "field-metadata-changed", Level.PATCH, f"'{key}' changed"
        out.append(
            SchemaChange(
                code=code,
                level=level,
                field=label,
                property=key,
                old=shown_old,
                new=shown_new,
                message=f"field '{label}': {what}",
            )
        )
    return out


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
    old_f, new_f = _fields(old), _fields(new)
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
            out.extend(_field_changes(source, name, old_f[source], b))
    old_order = [renames.get(n, n) for n in old_f if renames.get(n, n) in new_f]
    new_order = [n for n in new_f if back.get(n, n) in old_f]
    if old_order != new_order:
        out.append(
            SchemaChange(
                code="fields-reordered",
                level=Level.MAJOR,
                property="fields",
                old=_as_json(old_order),
                new=_as_json(new_order),
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
                old=_as_json(_keys(old.get("primaryKey"))),
                new=_as_json(new_pk),
                message=f"primary key changed: {_keys(old.get('primaryKey'))} → {new_pk}",
            )
        )
    out.extend(_key_list_changes(old, new, renames))
    for key in sorted(
        (set(old) | set(new)) - {"fields", "primaryKey", "foreignKeys", "uniqueKeys", "$schema"}
    ):
        va, vb = old.get(key, _MISSING), new.get(key, _MISSING)
        if va is not _MISSING and vb is not _MISSING and _canon(va) == _canon(vb):
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
                old=None if va is _MISSING else _as_json(va),
                new=None if vb is _MISSING else _as_json(vb),
                message=f"schema '{key}' changed",
            )
        )
    return out


def _key_list_changes(
    old: dict[str, Any], new: dict[str, Any], renames: dict[str, str]
) -> list[SchemaChange]:
    out: list[SchemaChange] = []
    old_fks = [_canon(_rename_fk(fk, renames)) for fk in old.get("foreignKeys", []) or []]
    new_fks = [_canon(fk) for fk in new.get("foreignKeys", []) or []]
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
    old_uk = {_canon([renames.get(k, k) for k in _keys(u)]) for u in old.get("uniqueKeys", []) or []}
    new_uk = {_canon(_keys(u)) for u in new.get("uniqueKeys", []) or []}
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

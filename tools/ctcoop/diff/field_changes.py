"""Changes to one field's descriptor between two versions, each with its level: retyped or
re-formatted MAJOR, a constraint tightened MAJOR and loosened MINOR, categories removed MAJOR and
added MINOR, a validation rule added MAJOR and removed MINOR, descriptive properties PATCH."""

from __future__ import annotations

from typing import Any

from ctcoop.diff.model import Level, SchemaChange
from ctcoop.diff.values import MISSING, as_json, canon, short
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
        a, b = old.get(key, MISSING), new.get(key, MISSING)
        if a is not MISSING and b is not MISSING and canon(a) == canon(b):
            continue
        if key in _FLAGS:
            verdict = "tightened" if b is True else "loosened"
        elif a is MISSING:
            verdict = "tightened"
        elif b is MISSING:
            verdict = "loosened"
        elif key in _LOWER_BOUNDS or key in _UPPER_BOUNDS:
            verdict = _bound_change(key, a, b)
        elif key == "enum" and isinstance(a, list) and isinstance(b, list):
            sa, sb = {canon(x) for x in a}, {canon(x) for x in b}
            verdict = "loosened" if sa < sb else "tightened" if sb < sa else "changed"
        else:
            verdict = "changed"
        level = Level.MINOR if verdict == "loosened" else Level.MAJOR
        what = {"tightened": "tightened", "loosened": "loosened", "changed": "changed"}[verdict]
        shown_old = None if a is MISSING else as_json(a)
        shown_new = None if b is MISSING else as_json(b)
        out.append(
            SchemaChange(
                code=f"constraint-{what}",
                level=level,
                field=name,
                property=key,
                old=shown_old,
                new=shown_new,
                message=f"field '{name}': constraint '{key}' {what} "
                f"({short(shown_old)} → {short(shown_new)})",
            )
        )
    return out


def _category_values(value: Any) -> set[str]:
    if not isinstance(value, list):
        return set()
    return {canon(v.get("value") if isinstance(v, dict) else v) for v in value}


def field_changes(old_name: str, new_name: str, a: dict[str, Any], b: dict[str, Any]) -> list[SchemaChange]:
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
        va, vb = a.get(key, MISSING), b.get(key, MISSING)
        if va is not MISSING and vb is not MISSING and canon(va) == canon(vb):
            continue
        shown_old = None if va is MISSING else as_json(va)
        shown_new = None if vb is MISSING else as_json(vb)
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
            loosened = vb is MISSING
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

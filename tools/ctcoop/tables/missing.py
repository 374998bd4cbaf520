"""Missing values: which cell texts mean "no value", defined once.

* Table Schema ``missingValues`` at the schema level: a list of strings (v1, and v2) or of
  objects ``{"value": "-", "label": "not known"}`` (v2; the label documents the value); default ``[""]``;
* at the field level (v2): a field's own ``missingValues``, in the same two forms, replaces the
  schema's for that field;
* the dialect's ``nullSequence`` (Table Dialect v2) is missing in every field too.

A cell whose text (after unquoting) equals one of them is null in the views; an ill-formed
``missingValues`` (not a list) counts as the default, the descriptor check reports it.
"""

from __future__ import annotations

from typing import Any


def values_of(raw: object) -> list[str] | None:
    """The strings of a ``missingValues`` list (strings or ``{"value": ...}`` objects); None if not a list."""
    if not isinstance(raw, list):
        return None
    out: list[str] = []
    for item in raw:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and isinstance(item.get("value"), str):
            out.append(item["value"])
    return out


def schema_missing_values(schema: dict[str, Any], null_sequence: str | None = None) -> list[str]:
    """The schema-level missing values (``[""]`` by default), with the dialect's null sequence."""
    found = values_of(schema.get("missingValues", [""]))
    return _with(found if found is not None else [""], null_sequence)


def field_missing_values(
    fdesc: dict[str, Any], schema: dict[str, Any], null_sequence: str | None = None
) -> list[str]:
    """The strings that mean "no value" in this field (its own list, else the schema's)."""
    own = values_of(fdesc.get("missingValues")) if "missingValues" in fdesc else None
    return _with(own, null_sequence) if own is not None else schema_missing_values(schema, null_sequence)


def _with(values: list[str], null_sequence: str | None) -> list[str]:
    if null_sequence is not None and null_sequence not in values:
        return [*values, null_sequence]
    return values

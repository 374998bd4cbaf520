"""JSON values as ``ctcoop diff`` compares and shows them: canonical text, a marker for an absent
property, JSON Pointers, short renderings, and the fields of a Table Schema by name."""

from __future__ import annotations

import json
from typing import Any

from pydantic import JsonValue


class _Missing:
    pass


#: an absent property (``None`` is a value JSON can hold)
MISSING: Any = _Missing()


def canon(value: Any) -> str:
    """The value's canonical JSON text (keys sorted): equal values, equal text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def as_json(value: Any) -> JsonValue:
    loaded: JsonValue = json.loads(json.dumps(value, ensure_ascii=False))
    return loaded


def pointer(parts: list[str]) -> str:
    """The JSON Pointer of a path of keys."""
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


def short(value: JsonValue) -> str:
    """The value as JSON, cut to 60 characters."""
    if value is None:
        return "none"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def schema_fields(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A Table Schema's field descriptors by name."""
    fields = schema.get("fields", [])
    if not isinstance(fields, list):
        return {}
    return {str(f.get("name")): f for f in fields if isinstance(f, dict)}

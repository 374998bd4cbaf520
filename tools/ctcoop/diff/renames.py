"""Renamed fields, found by content: a removed field and an added field of the same type whose values
are equal on every matched row (or, when the data cannot tell, whose descriptors are equal apart
from name, title and description)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ctcoop.diff.values import canon, schema_fields
from ctcoop.extensions import keys
from ctcoop.tables.dtypes import polars_dtype


def _without(desc: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    return {k: v for k, v in desc.items() if k not in keys}


def detect_renames(
    old_schema: dict[str, Any], new_schema: dict[str, Any], same_values: Callable[[str, str], bool | None]
) -> dict[str, str]:
    """Removed field -> added field pairs that are the same column under a new name.

    ``same_values(old_name, new_name)`` answers True/False from the data, or None when it cannot
    tell (both columns empty, no matched rows); then the descriptors decide.
    """
    old_f, new_f = schema_fields(old_schema), schema_fields(new_schema)
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
                verdict = canon(_without(old_f[r], ignore)) == canon(_without(new_f[a], ignore))
            if verdict:
                renames[r] = a
                taken.add(a)
                break
    return renames

"""The canonical order of a table's rows: by the primary key's strings, then by the whole row."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ctcoop.package import Resource


def sort_key(resource: Resource) -> list[int]:
    """Positions (in schema order) of the primary-key fields; empty when there is no primary key."""
    names = resource.field_names
    return [names.index(k) for k in resource.primary_key if k in names]


def canonical_rows(resource: Resource, rows: list[list[str]]) -> list[list[str]]:
    """Rows (already normalized, schema order) in canonical order (a table without a key keeps its order)."""
    key = sort_key(resource)
    if not key:
        return list(rows)
    return sorted(rows, key=lambda r: ([r[i] for i in key], r))

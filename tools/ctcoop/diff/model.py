"""The result of comparing two versions of a data package: strict, JSON-serialisable models.

The JSON form (``PackageDiff.to_dict()``, ``ctcoop diff --format json``) is documented in
docs/diff-json-schema.md and versioned by ``format`` (``"ctcoop-diff/1"``): within a format
version, fields are only ever added, never renamed or removed.

Cell values are JSON values of the typed cell: strings, integers, numbers (``"NaN"``,
``"INF"``, ``"-INF"`` as strings), booleans, dates and datetimes as ISO 8601 strings, lists
as arrays, and ``null`` for a missing value.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

FORMAT: Literal["ctcoop-diff/1"] = "ctcoop-diff/1"


class Level(StrEnum):
    """The Data Package Version recipe's levels, plus NONE for "no difference"."""

    NONE = "none"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return ["none", "patch", "minor", "major"].index(self.value)


def max_level(levels: list[Level]) -> Level:
    return max(levels, key=lambda lv: lv.rank, default=Level.NONE)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Reason(_Strict):
    """One reason the change has the level it has."""

    level: Level
    code: str = Field(description="Stable slug, e.g. 'field-removed', 'rows-added'.")
    message: str
    resource: str | None = None
    field: str | None = None


class ValueChange(_Strict):
    """A descriptor property added, removed or changed (a JSON Pointer into the descriptor)."""

    pointer: str = Field(description="JSON Pointer, e.g. '/title' or '/licenses'.")
    kind: Literal["added", "removed", "changed"]
    old: JsonValue = None
    new: JsonValue = None
    level: Level


class SchemaChange(_Strict):
    """One change to a resource's Table Schema."""

    code: str = Field(
        description="Stable slug: field-added, field-removed, field-renamed, field-retyped, "
        "fields-reordered, constraint-tightened, constraint-loosened, constraint-changed, "
        "categories-added, categories-removed, primary-key-changed, foreign-keys-changed, "
        "unique-keys-changed, missing-values-changed, field-format-changed, "
        "field-rule-tightened, field-rule-loosened, field-metadata-changed, "
        "schema-property-changed."
    )
    level: Level
    message: str
    field: str | None = None
    property: str | None = Field(default=None, description="The field or schema property concerned.")
    old: JsonValue = None
    new: JsonValue = None


class CellChange(_Strict):
    field: str
    old: JsonValue
    new: JsonValue


class ChangedRow(_Strict):
    key: dict[str, JsonValue]
    changes: list[CellChange]


class Row(_Strict):
    key: dict[str, JsonValue]
    values: dict[str, JsonValue]


class IdChange(_Strict):
    """A removed row and an added row with identical non-key content: the same thing, a new ID."""

    old: dict[str, JsonValue]
    new: dict[str, JsonValue]


class RowList(_Strict):
    count: int = Field(description="How many rows in all.")
    rows: list[Row] = Field(default_factory=list, description="The first rows by key (all unless capped).")


class ChangedRows(_Strict):
    count: int
    cells: int = Field(description="Changed cells in all changed rows.")
    by_field: dict[str, int] = Field(default_factory=dict, description="Changed cells per field.")
    rows: list[ChangedRow] = Field(default_factory=list)


class ResourceDiff(_Strict):
    """What changed in one resource (present in OLD, NEW or both)."""

    name: str
    status: Literal["added", "removed", "changed", "unchanged"]
    primary_key: list[str] = Field(default_factory=list, description="The key rows were matched on.")
    rows_old: int | None = None
    rows_new: int | None = None
    rows_added: RowList = Field(default_factory=lambda: RowList(count=0))
    rows_removed: RowList = Field(default_factory=lambda: RowList(count=0))
    rows_changed: ChangedRows = Field(default_factory=lambda: ChangedRows(count=0, cells=0))
    id_changes: list[IdChange] = Field(default_factory=list)
    schema_changes: list[SchemaChange] = Field(default_factory=list)
    metadata_changes: list[ValueChange] = Field(default_factory=list)
    note: str | None = Field(default=None, description="Why rows were not compared, when they were not.")


class Side(_Strict):
    label: str = Field(description="OLD or NEW as given: a path or a git revision.")
    version: str | None = None


class Summary(_Strict):
    resources_added: int = 0
    resources_removed: int = 0
    resources_changed: int = 0
    rows_added: int = 0
    rows_removed: int = 0
    rows_changed: int = 0
    cells_changed: int = 0
    id_changes: int = 0
    schema_changes: int = 0
    metadata_changes: int = 0


class PackageDiff(_Strict):
    """Everything that differs between OLD and NEW, classified."""

    format: Literal["ctcoop-diff/1"] = FORMAT
    old: Side
    new: Side
    level: Level
    next_version: str | None = Field(
        description="The version that should follow OLD's; null when OLD's version is not MAJOR.MINOR.PATCH."
    )
    reasons: list[Reason] = Field(default_factory=list)
    summary: Summary
    metadata_changes: list[ValueChange] = Field(default_factory=list)
    resources: list[ResourceDiff] = Field(default_factory=list)

    @property
    def has_differences(self) -> bool:
        return self.level is not Level.NONE

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

"""The validator's typed view of a table: :mod:`ctcoop.casting` applied to every column.

Not a check itself: the types check reports the cells :func:`cast_table` marks invalid, and
the constraint, key and row-schema checks use the typed values. The casting rules (which text
is a valid integer, date, …) live in :mod:`ctcoop.casting`, shared with :mod:`ctcoop.tables.typed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from ctcoop.casting import cast_series

if TYPE_CHECKING:
    from ctcoop.checks.context import Table


@dataclass
class Typed:
    """A table's values cast to their field types; ``bad`` marks present cells that did not cast."""

    frame: pl.DataFrame
    bad: dict[str, pl.Series] = field(default_factory=dict)


def cast_table(table: Table) -> Typed:
    """Cast every column of ``table`` by its field descriptor."""
    columns: list[pl.Series] = []
    bad: dict[str, pl.Series] = {}
    for name in table.frame.columns:
        fdesc = table.resource.field(name) or {}
        typed, mask = cast_series(table.frame[name], fdesc)
        columns.append(typed.alias(name))
        if mask is not None and bool(mask.any()):
            bad[name] = mask
    return Typed(frame=pl.DataFrame(columns) if columns else pl.DataFrame(), bad=bad)

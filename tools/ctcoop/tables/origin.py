"""Where a record came from (re-exported by :mod:`ctcoop.tables.source`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """Where a record came from: the file (or part, or ``<inline data>``) and its line there
    (for spreadsheets the sheet row, for a JSON array the 1-based item number)."""

    file: str
    line: int

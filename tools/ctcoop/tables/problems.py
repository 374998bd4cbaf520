"""What the records stage reports and the bounds it reads within."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds on what one CSV file may hold before its rows are refused."""

    max_file_bytes: int = 256 * 1024**2  # the per-file read budget of ctcoop.sources
    max_line_bytes: int = 1024 * 1024
    max_field_bytes: int = 128 * 1024


@dataclass(frozen=True)
class RawProblem:
    """A structural problem, before it is tied to a resource: code, place, message, hint."""

    code: str
    message: str
    hint: str
    line: int | None = None
    column: int | None = None
    severity: str = "error"
    value: str | None = None
    #: cells the record had (missing-cell, extra-cell)
    cells: int | None = None

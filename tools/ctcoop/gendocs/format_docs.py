"""The tables of docs/formats.md, from what the table layer knows: the formats and compressions
(:data:`ctcoop.tables.formats.FORMATS`, :data:`~ctcoop.tables.formats.COMPRESSIONS`), the dialect
properties (:data:`ctcoop.tables.dialect.DIALECT_PROPERTIES`) and the limits of a conversion."""

from __future__ import annotations

from ctcoop.tables.dialect import DIALECT_PROPERTIES
from ctcoop.tables.formats import COMPRESSIONS, FORMATS
from ctcoop.tables.jsonrows import MAX_JSON_BYTES
from ctcoop.tables.plain import MAX_ROWS
from ctcoop.tables.sheets import MAX_CELLS


def _table(head: str, rows: dict[str, str]) -> str:
    lines = [f"| {head} | what ctcoop does |", "|---|---|", *(f"| `{k}` | {v} |" for k, v in rows.items())]
    return "\n".join(lines) + "\n"


def formats_table() -> str:
    """One row per format the table layer knows."""
    return _table("format", FORMATS)


def compressions_table() -> str:
    """One row per compression the table layer knows."""
    return _table("compression", COMPRESSIONS)


def dialect_table() -> str:
    """One row per Table Dialect property of v1 and v2."""
    return _table("property", DIALECT_PROPERTIES)


def table_limits() -> str:
    """The bounds on a table brought to plain CSV (docs/security.md, R4b)."""
    return (
        "Limits (docs/security.md, R4b): a table brought to plain CSV has at most "
        f"{MAX_ROWS:,} rows, a JSON\nfile at most {MAX_JSON_BYTES:,} bytes (it is parsed whole), "
        f"a workbook sheet at most {MAX_CELLS:,} cells;\ncompressed data is counted as it is "
        "decompressed, within the per-file read budget.\n"
    )

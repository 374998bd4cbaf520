"""docs/formats.md, generated from what the table layer knows (:data:`FORMATS`, :data:`COMPRESSIONS`,
:data:`DIALECT_PROPERTIES`): ``python -m ctcoop.tables.reference > docs/formats.md``; a test checks it."""

from __future__ import annotations

from ctcoop.tables.dialect import DIALECT_PROPERTIES
from ctcoop.tables.formats import COMPRESSIONS, FORMATS
from ctcoop.tables.jsonrows import MAX_JSON_BYTES
from ctcoop.tables.plain import MAX_ROWS
from ctcoop.tables.sheets import MAX_CELLS

INTRO = """\
# Formats and dialects ctcoop reads

Generated from `ctcoop/tables/` by `python -m ctcoop.tables.reference > docs/formats.md` (do not
edit; a test checks it is current). Every command (validate, diff, export, stats, site) reads a
resource's table through one layer, `ctcoop.tables`: a CSV or TSV file in one part whose dialect
the fast parser speaks is read as it is; anything else is brought to plain CSV first, each row
keeping its own place (file or part and line, sheet row, JSON item number) for the messages.
`ctcoop fmt` rewrites only resources kept in one plain CSV file and refuses the others by name.

Limits (docs/security.md, R4b): a table brought to plain CSV has at most {rows:,} rows, a JSON
file at most {json:,} bytes (it is parsed whole), a workbook sheet at most {cells:,} cells;
compressed data is counted as it is decompressed, within the per-file read budget.
"""


def _table(head: str, rows: dict[str, str]) -> list[str]:
    return [f"| {head} | what ctcoop does |", "|---|---|", *(f"| `{k}` | {v} |" for k, v in rows.items())]


def markdown() -> str:
    """The text of docs/formats.md."""
    out = [INTRO.format(rows=MAX_ROWS, json=MAX_JSON_BYTES, cells=MAX_CELLS)]
    out += ["## Formats", "",
            "From the resource's `format`, else its `mediatype`, else its file name's extension (a",
            "name without one, or `.txt`, is CSV). Any other format is a `format-unsupported` error.", ""]
    out += _table("format", FORMATS)
    out += ["", "## Compression", "",
            "From the resource's `compression`, else a `.gz` or `.zip` extension; others are a",
            "`compression-unsupported` error. Several parts (a `path` array) are concatenated, a later",
            "part's repeated header line left out.", ""]
    out += _table("compression", COMPRESSIONS)
    out += ["", "## Table Dialect properties (v1 and v2)", "",
            "The `dialect` is an object or the path (or URL) of a JSON file. A property whose value",
            "cannot be honoured (a wrong type, a two-character quoteChar) is reported by name",
            "(`dialect-unsupported`) and read with its default.", ""]
    out += _table("property", DIALECT_PROPERTIES)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")

"""CSV rows as Python's csv module reads them: the lenient reading mainstream tools share.

polars refuses a quote inside an unquoted cell (RFC 4180 forbids it), while the csv module, most
spreadsheet programs and ``ctcoop validate`` (which warns) take the cell as written. The typed
reader falls back to this reading so that every command sees the rows validate sees.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import polars as pl


def lenient_frame(
    data: bytes,
    delimiter: object,
    quote: object,
    header: bool,
    comment: object,
    names: list[str],
    missing: Sequence[str],
) -> pl.DataFrame | None:
    """The rows as the csv module reads them (a stray quote kept, as validate reads it), or None
    when they are ragged: polars refuses a quote inside an unquoted cell, which RFC 4180 forbids
    but mainstream readers (and ``ctcoop validate``, with a warning) accept."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(
        text,
        delimiter=delimiter if isinstance(delimiter, str) else ",",
        quotechar=quote if isinstance(quote, str) else '"',
        strict=False,
    )
    try:
        rows = [r for r in reader if r and not (isinstance(comment, str) and r[0].startswith(comment))]
    except (csv.Error, UnicodeDecodeError):
        return None
    columns = rows.pop(0) if header and rows else names
    if len(set(columns)) != len(columns) or any(len(r) != len(columns) for r in rows):
        return None
    nulls = set(missing)
    return pl.DataFrame(
        {
            c: pl.Series(c, [None if r[i] in nulls else r[i] for r in rows], dtype=pl.String)
            for i, c in enumerate(columns)
        }
    )


def header_names(data: bytes, delimiter: str, quote: str, comment: str | None) -> list[str] | None:
    """The first row that is not a comment or blank, as the csv module reads it."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", errors="replace", newline="")
    for row in csv.reader(text, delimiter=delimiter, quotechar=quote, strict=False):
        if row and not (comment and row[0].startswith(comment)):
            return row
    return None

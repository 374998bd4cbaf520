"""The records stage's shortcut for a plain table: no quote character, no CR, every line the header's
width. Such a file is read in one polars call; any doubt (a quote, a blank or ragged line, an
over-long line, an all-empty row, a byte that is not UTF-8) returns None and the staged parse
(:mod:`ctcoop.tables.records`) reads it, so both give the same records and problems.

Cheap proofs, at C speed: no line can hold a quoted line break (there is no quote), so each line
gives polars at most one row; polars refuses a line with extra cells; its row count equals the line
count less the header exactly when it left no line out, so rows and lines pair up. A short line is
padded with empty cells, so its row's cells and the width - 1 delimiters between them come to more
bytes than the line holds: the bytes of all cells, the delimiters and the line breaks add up to the
bytes after the header exactly when every line has the header's width (a blank line too is a short
one). The sums are the column lengths polars adds up, not a second scan of the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctcoop.tables import fixes as fx
from ctcoop.tables import slices
from ctcoop.tables.dialect import Dialect
from ctcoop.tables.problems import Limits, RawProblem
from ctcoop.tables.quoted import cell_bytes, quoted_records

if TYPE_CHECKING:
    import polars as pl

    from ctcoop.tables.records import Records


def plain_records(
    data: bytes, dialect: Dialect, limits: Limits, problems: list[RawProblem]
) -> Records | None:
    """The records of a plain file (see the module), or None when it is not one. A file holding the
    quote character is tried as one written with minimal quoting (:mod:`ctcoop.tables.quoted`)."""
    import polars as pl

    from ctcoop.tables.records import Records

    if dialect.quote_char.encode() in data:
        return quoted_records(data, dialect, limits, problems)
    if not _plain(data, dialect, problems):
        return None
    end = data.find(b"\n")
    try:
        header = (data if end == -1 else data[:end]).decode("utf-8").split(dialect.delimiter)
    except UnicodeDecodeError:
        return None
    width = len(header)
    if width < 2:
        return None
    breaks = data.count(b"\n")
    lines = breaks + (0 if data.endswith(b"\n") else 1)
    schema = {f"c{i}": pl.String() for i in range(width)}
    frame = slices.read_values(data, 2, dict(schema), dialect, truncate=False)  # extra cells: not plain
    if frame.height != lines - 1:
        return None
    longest, total = cell_bytes(frame)
    body = 0 if end == -1 else len(data) - end - 1
    if total + (width - 1) * frame.height + max(breaks - 1, 0) != body:  # a short or blank line
        return None
    if not _sizes_fit(frame, longest, limits, end):
        return None
    if dialect.skip_initial_space:
        header = [label.lstrip(" ") for label in header]
        frame = frame.with_columns(pl.all().str.strip_chars_start(" "))
    records = Records(
        header=header, header_line=1, frame=frame, row_lines=None, first_line=2, problems=problems
    )
    if max(longest, default=0) > limits.max_field_bytes:
        records.frame = fx.bound_fields(frame, records.line, limits, records.problems)
    return records


def _plain(data: bytes, dialect: Dialect, problems: list[RawProblem]) -> bool:
    """Whether the shortcut may be tried (the caller has found no quote): a header row, no comment
    lines, no CR, and no problem met so far but a BOM."""
    return (
        dialect.header
        and dialect.comment_char is None
        and all(p.code == "bom" for p in problems)
        and b"\r" not in data
        and bool(data)
    )


def _sizes_fit(frame: pl.DataFrame, longest: list[int], limits: Limits, header_end: int) -> bool:
    """No line over the limit and no row whose cells are all empty (both reported by the staged parse).

    The longest cells of the columns bound every line's length; the lengths of the rows are summed only
    when that bound is over the limit. An all-empty row has an empty first cell: only such rows are
    looked at."""
    import polars as pl

    if header_end > limits.max_line_bytes:
        return False
    if frame.height == 0:
        return True
    width = frame.width
    if sum(longest) + width - 1 > limits.max_line_bytes:
        row_bytes = pl.sum_horizontal(pl.all().str.len_bytes().cast(pl.Int64)) + (width - 1)
        if int(frame.select(row_bytes.max()).item() or 0) > limits.max_line_bytes:
            return False
    first_empty = frame.get_column(frame.columns[0]) == ""
    if not bool(first_empty.any()):
        return True
    return not bool(frame.filter(first_empty).select(pl.all_horizontal(pl.all() == "").any()).item())

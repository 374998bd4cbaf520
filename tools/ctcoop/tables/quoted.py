"""The records stage's shortcut for a quoted table written with minimal quoting: read in one polars
call, then proved to be what the staged parse (:mod:`ctcoop.tables.records`) would read.

The staged parse groups lines into records and checks every quoted record against the grammar
(:mod:`ctcoop.tables.lines`, :mod:`ctcoop.tables.widths`) because a misplaced quote changes what the
cells are. A file whose bytes are exactly the minimal-quoting encoding of the cells polars read
(a cell quoted only when it holds the delimiter, the quote or a line break, an inner quote doubled,
every row ending in LF; what csv.writer and ``ctcoop fmt`` write) has no misplaced quote, no blank,
short or long line, so the cells are the staged parse's cells. The proof does not trust polars'
reading at all: it re-encodes the cells at C speed, a slice of about :data:`SLICE_BYTES` at a time,
and compares every byte of each slice with the file's (``bytes.startswith``, a memcmp); the first
difference (a cell quoted when it need not be, a stray quote, a ragged or blank line, a cell
polars read wrong) returns None and the staged parse reads the file, so both give the same records
and problems. A quoted cell may hold line breaks: a row's line is then counted from the line
breaks in the rows before it.

Cheaper proofs were measured and left out: one covering only the rows that need quoting (the
others' bytes must still be compared, or polars' reading trusted, which the proof must not do),
and running the proof in a thread beside the other passes (polars' writer takes the GIL for
every batch it writes, so a Python pass beside it slows both).

Not tried (None at once): no header row, a comment character, ``skipInitialSpace``, a CR in the
file, a quote in the header line, a problem met before other than a BOM.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, cast

from ctcoop.tables import fixes as fx
from ctcoop.tables import slices
from ctcoop.tables.dialect import Dialect
from ctcoop.tables.problems import Limits, RawProblem

if TYPE_CHECKING:
    import polars as pl

    from ctcoop.tables.records import Records

#: about this many bytes of the file are re-encoded and compared at a time: each slice costs one polars
#: write (a few milliseconds whatever its size: not too small) and is held, with a copy of its cells,
#: beside the file's bytes and the frame (memory: the 110 MB table of benchmarks/export_bench.py
#: peaks no higher than with the 8,192-row slices used before; 4 MB slices added 13 MB)
SLICE_BYTES = 2 * 1024 * 1024


def quoted_records(
    data: bytes, dialect: Dialect, limits: Limits, problems: list[RawProblem]
) -> Records | None:
    """The records of a file written with minimal quoting (see the module), or None."""
    import polars as pl

    from ctcoop.tables.records import Records

    if not _tried(data, dialect, problems):
        return None
    end = data.find(b"\n")
    head = data[:end]
    if end == -1 or dialect.quote_char.encode() in head or len(head) > limits.max_line_bytes:
        return None
    try:
        header = head.decode("utf-8").split(dialect.delimiter)
    except UnicodeDecodeError:
        return None
    width = len(header)
    if width < 2:
        return None
    frame = slices.read_values(data, 2, {f"c{i}": pl.String() for i in range(width)}, dialect, truncate=False)
    longest, _ = cell_bytes(frame)
    # a record is at most every cell quoted with each byte a doubled quote: no line is over the limit
    if sum(2 * n + 2 for n in longest) + width - 1 > limits.max_line_bytes:
        return None
    # a null cell is written as nothing, as "" is: the encoding tells them apart only without nulls
    if any(column.null_count() for column in frame.get_columns()):
        return None
    if _any_empty_row(frame) or not encodes_as(frame, data, end + 1, dialect):
        return None
    records = Records(
        header=header,
        header_line=1,
        frame=frame,
        row_lines=_row_lines(frame, data),
        first_line=2,
        problems=problems,
    )
    if max(longest, default=0) > limits.max_field_bytes:
        records.frame = fx.bound_fields(frame, records.line, limits, records.problems)
    return records


def cell_bytes(frame: pl.DataFrame) -> tuple[list[int], int]:
    """(the byte length of each column's longest cell, the byte length of all cells), one column at a
    time (a select over all of them would hold a length array per column at once: memory, with the
    file's bytes still held)."""
    longest, total = [], 0
    for name in frame.columns:
        lengths = frame.get_column(name).str.len_bytes()
        longest.append(int(cast(int, lengths.max()) or 0))
        total += int(cast(int, lengths.sum()) or 0)
    return longest, total


def _tried(data: bytes, dialect: Dialect, problems: list[RawProblem]) -> bool:
    return (
        dialect.header
        and dialect.comment_char is None
        and not dialect.skip_initial_space
        and all(p.code == "bom" for p in problems)
        and b"\r" not in data
        and bool(data)
    )


def _any_empty_row(frame: pl.DataFrame) -> bool:
    """Whether a row's cells are all empty (the staged parse reports and drops it)."""
    import polars as pl

    if frame.height == 0:
        return False
    first_empty = frame.get_column(frame.columns[0]) == ""
    if not bool(first_empty.any()):
        return False
    return bool(frame.filter(first_empty).select(pl.all_horizontal(pl.all() == "").any()).item())


def encodes_as(frame: pl.DataFrame, data: bytes, start: int, dialect: Dialect) -> bool:
    """Whether ``data[start:]`` is exactly the minimal-quoting encoding of the rows of ``frame``
    (every row ending in LF, the last one perhaps without it): byte for byte, slice by slice."""
    import polars as pl

    pos, size = start, len(data)
    rows = slice_rows(frame.height, size - start)
    for offset in range(0, frame.height, rows):
        part = frame.slice(offset, rows)
        # an empty cell is written as nothing (polars would write it as "" when it is not null)
        part = part.with_columns(pl.when(pl.all() != "").then(pl.all()))
        out = io.BytesIO()
        part.write_csv(
            out,
            include_header=False,
            separator=dialect.delimiter,
            quote_char=dialect.quote_char,
            quote_style="necessary",
            line_terminator="\n",
            null_value="",
        )
        encoded = out.getbuffer()
        n = len(encoded)
        if offset + rows >= frame.height and not data.endswith(b"\n"):  # no line break after the last row
            n -= 1
        matched = data.startswith(encoded[:n], pos)  # a memcmp (comparing memoryviews goes byte by byte)
        encoded.release()
        if not matched:
            return False
        pos += n
    return pos == size


def slice_rows(height: int, size: int) -> int:
    """Rows per re-encoded slice: about :data:`SLICE_BYTES` of ``size`` bytes holding ``height`` rows."""
    return max(1, height * SLICE_BYTES // max(1, size))


def _row_lines(frame: pl.DataFrame, data: bytes) -> pl.Series | None:
    """The line each row starts on when a quoted cell holds a line break (None: row i on line i + 2)."""
    import polars as pl

    breaks = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if breaks == frame.height + 1:
        return None
    inside = frame.select(
        pl.sum_horizontal(pl.all().str.count_matches("\n", literal=True)).cast(pl.UInt32).alias("n")
    ).to_series()
    first = pl.int_range(2, frame.height + 2, eager=True, dtype=pl.UInt32)
    return first + inside.cum_sum() - inside

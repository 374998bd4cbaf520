"""The records stage: a table's bytes read fast into rows of strings, each row knowing its line.

:func:`read_records` takes the bytes of a CSV file and returns :class:`Records`: the header
labels, a polars DataFrame with one String column per header position (``c0``, ``c1``…), the
line in the file where each row starts, and the structural problems met on the way
(:class:`~ctcoop.tables.problems.RawProblem`: encoding, BOM, blank rows, missing and extra cells,
unterminated or misplaced quotes, over-long lines and fields).

The stages, in order (each a function below or a module of its own):

1. **decode** (:mod:`ctcoop.tables.decode`): size, BOM, compressed or hostile bytes, encoding; the
   bytes are checked as UTF-8 in one vectorized cast while they are split into lines (a Python
   decode runs only when that fails, to find every bad byte and its line).
2. **line grouping** (:mod:`ctcoop.tables.lines`): a quote count per line, summed, tells which
   line breaks sit inside a quoted cell, so lines are grouped into records and every record
   knows its first line. When no quoted cell holds a line break, row *i* is on line *i + 2*.
3. **widths** (:mod:`ctcoop.tables.widths`): each record's cell count from its separators
   outside quoted segments.
4. **fast parse** (:func:`_fast_frame`, :mod:`ctcoop.tables.slices`): polars reads every record in
   one call (a large file again from disk, slice by slice, so bytes and frame are never both held).
5. **slow parse** (:func:`_slow_frame`): the few records polars cannot take (wrong width, misplaced
   quotes) are parsed with Python's csv module, padded or truncated to the header's width.
6. **fixes** (:func:`_finish`, :mod:`ctcoop.tables.fixes`): dropped and all-empty rows removed,
   absent cells null, over-large cells blanked.

Nothing here knows about Table Schema: fields, missing values and types come later.
"""

from __future__ import annotations

import bisect
import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, cast

from ctcoop.tables import fixes as fx
from ctcoop.tables import slices, widths
from ctcoop.tables.decode import BOM, checked_utf8, encoding_problems, is_utf8
from ctcoop.tables.dialect import Dialect
from ctcoop.tables.lines import group_records, multiline_possible, physical_lines, records_again
from ctcoop.tables.problems import Limits, RawProblem
from ctcoop.tables.shortcut import plain_records

if TYPE_CHECKING:
    import polars as pl


@dataclass
class Records:
    """A parsed CSV file: header labels, rows as strings, and where each row is in the file."""

    header: list[str] | None
    header_line: int
    frame: pl.DataFrame
    row_lines: pl.Series | None
    first_line: int
    problems: list[RawProblem] = field(default_factory=list)
    #: rows with missing cells: row index -> number of cells the record had
    short_rows: dict[int, int] = field(default_factory=dict)
    readable: bool = True

    @property
    def width(self) -> int:
        return self.frame.width

    def line(self, row: int) -> int:
        """The line of the parsed bytes where row ``row`` (0-based) starts."""
        if self.row_lines is None:
            return row + self.first_line
        return int(self.row_lines[row])


def read_records(
    data: bytes,
    *,
    dialect: Dialect | None = None,
    encoding: str = "utf-8",
    limits: Limits | None = None,
    width: int | None = None,
    reopen: Callable[[], BinaryIO] | None = None,
) -> Records:
    """Parse ``data`` (the whole file) into :class:`Records`.

    ``width`` is the number of cells a row should have when the dialect says there is no
    header (the number of schema fields); with a header, rows are held to the header's width.
    ``reopen`` opens the same file on disk (UTF-8 files only): with it, a large file's bytes are
    let go of once its lines are grouped into records, and polars reads the file again in
    slices of :data:`ctcoop.tables.slices.SLICE_BYTES`, so the bytes and the whole frame are never
    in memory at once; without it, the bytes are held until the frame is built. Pass ``data``
    without keeping a reference to it, or nothing is freed.
    """
    dialect = dialect or Dialect()
    limits = limits or Limits()
    problems: list[RawProblem] = []
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_line_bytes * 4))
    size = len(data)
    text, had_bom = checked_utf8(data, encoding, dialect, limits, problems)
    del data
    if text is None:
        return unreadable(problems)
    # a file read again from disk starts after the BOM; a transcoded one cannot be read again
    utf8 = is_utf8(encoding)
    source = (
        slices.Reopen(reopen, len(BOM) if had_bom else 0, size - (len(BOM) if had_bom else 0))
        if reopen and utf8
        else None
    )
    if source is None:  # (a file read again in slices keeps to the staged parse: memory)
        plain = plain_records(text, dialect, limits, problems)
        if plain is not None:
            return plain
    holder = [text]  # the parse lets go of the bytes once polars has parsed them (memory)
    del text
    try:
        return _parse(_Pass(holder, dialect, limits, problems, source), width)
    except slices.FileChanged:
        problems.append(
            RawProblem(
                "unreadable-file",
                "the file changed while it was being read",
                "validate again once nothing is writing to the file",
            )
        )
        return unreadable(problems)


@dataclass
class _Pass:
    """What one parse carries from stage to stage."""

    holder: list[bytes]
    dialect: Dialect
    limits: Limits
    problems: list[RawProblem]
    reopen: slices.Reopen | None
    records: pl.Series | None = None
    rec_line: pl.Series | None = None
    drop: pl.Series | None = None
    unterminated: bool = False
    n_lines: int = 0
    ends: pl.Series | None = None


def _parse(p: _Pass, width: int | None) -> Records:
    import polars as pl

    data = p.holder[0]
    lines = physical_lines(data)
    if lines is None:
        p.problems.extend(encoding_problems(data))
        return unreadable(p.problems)
    p.n_lines = len(lines)
    longest, too_long = _line_lengths(p, lines, data)
    del data
    lineno = pl.int_range(1, p.n_lines + 1, eager=True, dtype=pl.UInt32)
    p.records, p.rec_line, p.unterminated = group_records(lines, lineno, p.dialect)
    del lines, lineno
    p.drop = _dropped(p, too_long)
    head = _header(p, width)
    if head is None:
        return unreadable(p.problems)
    header, header_line, start, row_width = head
    p.records, p.rec_line, p.drop = p.records.slice(start), p.rec_line.slice(start), p.drop.slice(start)
    shape = widths.shape(p.records, p.rec_line, p.drop, p.dialect, row_width, p.problems)
    short_at: dict[int, int] = {}
    frame = _fast_frame(p, shape, row_width, short_at, start)
    p.holder.clear()
    if frame is None:
        frame = _slow_frame(p, shape, row_width, short_at)
    table = _finish(p, frame, shape, short_at, header, header_line)
    if longest > p.limits.max_field_bytes:  # no cell can be longer than the longest line
        table.frame = fx.bound_fields(table.frame, table.line, p.limits, table.problems)
    return table


def _line_lengths(p: _Pass, lines: pl.Series, data: bytes) -> tuple[int, list[int]]:
    """(a bound on the longest cell, the indexes of lines over the limit, each reported); and, for a
    large file read again in slices, where each line ends."""
    import polars as pl

    line_bytes = lines.str.len_bytes()
    longest = int(cast(int, line_bytes.max()) or 0) if not multiline_possible(data, p.dialect) else len(data)
    too_long = (line_bytes > p.limits.max_line_bytes).arg_true().to_list()
    # where each line ends (just after its LF), to cut a large file into slices without counting
    # line breaks again; not when a CR is dropped from line ends (the lengths would be short)
    if p.reopen is not None and len(data) > slices.SLICE_BYTES and b"\r" not in data:
        p.ends = (line_bytes.cast(pl.Int64) + 1).cum_sum()
    for i in too_long:
        p.problems.append(
            RawProblem(
                "line-too-long",
                f"the line has {len(str(lines[i]).encode())} bytes, more than "
                f"the limit of {p.limits.max_line_bytes}",
                "split the text or check the file is really CSV",
                line=i + 1,
            )
        )
    return longest, too_long


def _dropped(p: _Pass, too_long: list[int]) -> pl.Series:
    """Records left out: an unterminated last one (reported), over-long lines, comment lines."""
    import polars as pl

    assert p.records is not None and p.rec_line is not None
    n_rec = len(p.records)
    drop = pl.repeat(False, n_rec, eager=True)
    if p.unterminated:
        last_line = int(p.rec_line[-1])
        q = p.dialect.quote_char
        p.problems.append(
            RawProblem(
                "unterminated-quote",
                f"a quoted cell opened on line {last_line} is never "
                "closed; the rest of the file is read as part of it",
                f"add the closing {q} or remove the stray one",
                line=last_line,
            )
        )
        drop = drop.scatter(n_rec - 1, True)
    if too_long:
        drop = drop | p.rec_line.is_in([i + 1 for i in too_long])
    if p.dialect.comment_char is not None:
        drop = drop | p.records.str.starts_with(p.dialect.comment_char)
    return drop


def _header(p: _Pass, width: int | None) -> tuple[list[str] | None, int, int, int] | None:
    """(header labels, header line, index of the first data record, row width); None when unreadable."""
    assert p.records is not None and p.rec_line is not None and p.drop is not None
    header: list[str] | None = None
    header_line, start = 0, 0
    if p.dialect.header:
        kept = (~p.drop).arg_true()
        if len(kept) == 0:
            p.problems.append(
                RawProblem("empty-file", "the file has no header row", "write the header row", line=1)
            )
            return None
        start = int(kept[0])
        header = fx.parse_one(str(p.records[start]), p.dialect)
        if p.dialect.skip_initial_space:  # the header's cells as the data's
            header = [label.lstrip(" ") for label in header]
        header_line = int(p.rec_line[start])
        start += 1
        row_width = len(header)
    else:
        row_width = width or 0
    if row_width == 0:
        p.problems.append(
            RawProblem(
                "blank-header",
                "the header row is empty",
                "write the header row on line 1",
                line=header_line or 1,
            )
        )
        return None
    return header, header_line, start, row_width


def _schema(row_width: int) -> dict[str, pl.DataType]:
    import polars as pl

    return {f"c{i}": pl.String() for i in range(row_width)}


def _fast_frame(
    p: _Pass, shape: widths.Shape, row_width: int, short_at: dict[int, int], start: int
) -> pl.DataFrame | None:
    """Every record read by polars in one call (blank ones as empty rows, ragged ones padded or truncated,
    then marked); None when it cannot be (misplaced quotes) or polars saw the records differently."""
    assert p.records is not None and p.rec_line is not None
    if shape.malformed or p.unterminated:
        return None
    n_records, rec_line, schema = len(p.records), p.rec_line, dict(_schema(row_width))
    p.records = None  # not needed any more: freed before polars allocates the frame
    first = int(rec_line[0]) if len(rec_line) else p.n_lines + 1
    data = p.holder[0]
    if p.reopen is None or len(data) <= slices.SLICE_BYTES:
        frame: pl.DataFrame | None = slices.read_values(data, first, schema, p.dialect)
        frame = frame if frame is not None and frame.height == n_records else None
    else:  # the bytes go; polars reads the file again slice by slice (memory)
        cuts = slices.cut(data, rec_line, first, p.ends)
        p.holder.clear()
        del data
        frame = slices.read_slices(p.reopen, cuts, first, n_records, schema, p.dialect)
    if frame is not None:
        return fx.mark_short_rows(frame, shape.fixes, row_width, p.problems, short_at, p.dialect.delimiter)
    # polars saw the records differently: take the record-by-record path
    data = p.holder[0] if p.holder else p.reopen.read() if p.reopen is not None else b""
    p.records = records_again(data, p.dialect, start)
    return None


def _slow_frame(p: _Pass, shape: widths.Shape, row_width: int, short_at: dict[int, int]) -> pl.DataFrame:
    """The well-formed records parsed by polars, the ragged ones by Python's csv module, in file order."""
    import polars as pl

    assert p.records is not None
    good = shape.keep & ~shape.ragged
    schema = dict(_schema(row_width))
    frame = fx.parse_fast(p.records.filter(good), schema, p.dialect)
    frame = fx.interleave(frame, good, pl.DataFrame(schema=schema), len(p.records))
    p.records = None
    if shape.fixes:
        frame = fx.apply_fixes(frame, shape.fixes, row_width, p.problems, short_at, p.dialect.delimiter)
    return frame


def _finish(
    p: _Pass,
    frame: pl.DataFrame,
    shape: widths.Shape,
    short_at: dict[int, int],
    header: list[str] | None,
    header_line: int,
) -> Records:
    """Dropped and all-empty rows removed, initial spaces skipped, each row's line."""
    import polars as pl

    assert p.rec_line is not None
    dropped = [] if bool(shape.keep.all()) else (~shape.keep).arg_true().to_list()
    frame = fx.without_rows(frame, dropped)
    lines_kept = fx.without_rows(p.rec_line.to_frame(), dropped).to_series()
    maybe_empty = fx.without_rows(shape.maybe_empty.to_frame(), dropped).to_series()
    # a short row's index among the kept rows: its record index less the dropped records before it
    short_rows = {r - bisect.bisect_left(dropped, r): n for r, n in short_at.items()}
    if bool(maybe_empty.any()):
        frame, lines_kept, short_rows = fx.drop_empty_rows(frame, lines_kept, short_rows, p.problems)
    if p.dialect.skip_initial_space:
        frame = frame.with_columns(pl.all().str.strip_chars_start(" "))
    first_line = header_line + 1 if p.dialect.header else 1
    row_lines: pl.Series | None = lines_kept
    if len(lines_kept) == 0 or (
        int(lines_kept[0]) == first_line and int(lines_kept[-1]) == first_line + len(lines_kept) - 1
    ):
        row_lines = None  # consecutive lines: row i is on line i + first_line
    return Records(
        header=header,
        header_line=header_line,
        frame=frame,
        row_lines=row_lines,
        first_line=first_line,
        problems=p.problems,
        short_rows=short_rows,
    )


def unreadable(problems: list[RawProblem]) -> Records:
    """Records of a file that cannot be read at all (its problems say why)."""
    import polars as pl

    return Records(
        header=None,
        header_line=0,
        frame=pl.DataFrame(),
        row_lines=None,
        first_line=1,
        problems=problems,
        readable=False,
    )

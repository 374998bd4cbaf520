"""The slow parse of the few records the fast parser cannot take (wrong width, misplaced quotes), and
the fixes applied to the frame afterwards: cells put back, short rows' absent cells, dropped and
all-empty rows, over-large cells."""

from __future__ import annotations

import bisect
import csv
import io
from typing import TYPE_CHECKING, Any, cast

from ctcoop.tables.dialect import Dialect
from ctcoop.tables.problems import Limits, RawProblem
from ctcoop.tables.slices import read_values

if TYPE_CHECKING:
    import polars as pl

#: record index -> (its first line, its cells as Python's csv module reads them)
Fixes = dict[int, tuple[int, list[str]]]


def parse_one(text: str, dialect: Dialect) -> list[str]:
    """One record's cells as Python's csv module reads them (leniently: a stray quote is kept)."""
    rows = list(
        csv.reader(
            io.StringIO(text, newline=""),
            delimiter=dialect.delimiter,
            quotechar=dialect.quote_char,
            strict=False,
        )
    )
    cells: list[str] = []
    for i, row in enumerate(rows):  # a misplaced quote may make the csv module see two rows
        if i and cells:
            cells[-1] += "\n" + (row[0] if row else "")
            cells.extend(row[1:])
        else:
            cells.extend(row)
    return cells


def parse_fast(source: pl.Series, schema: dict[str, Any], dialect: Dialect) -> pl.DataFrame:
    """Parse well-formed records of the right width with polars (the read of
    :func:`ctcoop.tables.slices.read_values`, nothing truncated: the records have the right width)."""
    import polars as pl

    if len(source) == 0:
        return pl.DataFrame(schema=schema)
    text = (source.str.join("\n").item() + "\n").encode("utf-8")
    frame = read_values(text, 1, schema, dialect, truncate=False)
    if frame.height != len(source):  # pragma: no cover - the records were checked well-formed
        raise AssertionError(f"polars read {frame.height} of {len(source)} well-formed records")
    return frame


def interleave(parsed: pl.DataFrame, where: pl.Series, empty: pl.DataFrame, n: int) -> pl.DataFrame:
    """A frame of ``n`` rows with ``parsed``'s rows at the positions where ``where`` is true, "" elsewhere."""
    import polars as pl

    if int(where.sum()) == n:
        return parsed
    index = where.arg_true()
    columns = []
    for name in parsed.columns:
        col = pl.repeat("", n, eager=True, dtype=pl.String).alias(name)
        columns.append(col.scatter(index, parsed[name]) if len(index) else col)
    return pl.DataFrame(columns) if columns else empty


def report_width(problems: list[RawProblem], line: int, cells: list[str], row_width: int, sep: str) -> None:
    """missing-cell and extra-cell problems of one ragged record."""
    for col in range(len(cells), row_width):
        problems.append(
            RawProblem(
                "missing-cell",
                f"the row has {len(cells)} cells, the header {row_width}: cell {col + 1} is missing",
                "add the missing cells (an empty cell is written as nothing between two delimiters)",
                line=line,
                column=col + 1,
                cells=len(cells),
            )
        )
    for col in range(row_width, len(cells)):
        problems.append(
            RawProblem(
                "extra-cell",
                f"the row has {len(cells)} cells, the header {row_width}: cell {col + 1} is extra",
                f"remove the extra cells or quote a cell that contains the delimiter '{sep}'",
                line=line,
                column=col + 1,
                value=cells[col][:200],
                cells=len(cells),
            )
        )


def mark_short_rows(
    frame: pl.DataFrame,
    fixes: Fixes,
    row_width: int,
    problems: list[RawProblem],
    short_at: dict[int, int],
    sep: str,
) -> pl.DataFrame:
    """Report missing and extra cells of ragged rows that polars read (padded with "" or truncated),
    and make the padded cells null: they are absent, not empty."""
    import polars as pl

    for row, (line, cells) in fixes.items():
        if len(cells) < row_width:
            short_at[row] = len(cells)
        report_width(problems, line, cells, row_width, sep)
    if not short_at:
        return frame
    index = pl.Series(list(short_at), dtype=pl.UInt32)
    present = pl.Series(list(short_at.values()), dtype=pl.UInt32)
    first = int(cast(int, present.min()) or 0)
    count = pl.Series([None] * frame.height, dtype=pl.UInt32).scatter(index, present)
    for i, name in enumerate(frame.columns):  # one column at a time: one copy alive at once (memory)
        if i >= first:
            cell = pl.when(count.is_not_null() & (count <= i)).then(None).otherwise(pl.col(name))
            frame = frame.with_columns(cell.alias(name))
    return frame


def apply_fixes(
    frame: pl.DataFrame,
    fixes: Fixes,
    row_width: int,
    problems: list[RawProblem],
    short_at: dict[int, int],
    sep: str,
) -> pl.DataFrame:
    """Put the Python-parsed cells of ragged or oddly quoted records in place; report missing/extra cells."""
    import polars as pl

    rows = list(fixes)
    values: list[list[str | None]] = [[] for _ in range(row_width)]
    for row in rows:
        line, cells = fixes[row]
        if len(cells) < row_width:
            short_at[row] = len(cells)
        report_width(problems, line, cells, row_width, sep)
        for col in range(row_width):
            values[col].append(cells[col] if col < len(cells) else None)
    index = pl.Series(rows, dtype=pl.UInt32)
    return pl.DataFrame(
        [
            frame[name].scatter(index, pl.Series(values[i], dtype=pl.String))
            for i, name in enumerate(frame.columns)
        ]
    )


def without_rows(frame: pl.DataFrame, rows: list[int]) -> pl.DataFrame:
    """``frame`` without the given (sorted) rows, as zero-copy slices when they are few."""
    import polars as pl

    if not rows:
        return frame
    if len(rows) > 1000:
        return frame.with_row_index("__r").filter(~pl.col("__r").is_in(rows)).drop("__r")
    parts = []
    start = 0
    for r in rows:
        if r > start:
            parts.append(frame.slice(start, r - start))
        start = r + 1
    if start < frame.height:
        parts.append(frame.slice(start))
    return pl.concat(parts, rechunk=False) if parts else frame.clear()


def drop_empty_rows(
    frame: pl.DataFrame, lines: pl.Series, short_rows: dict[int, int], problems: list[RawProblem]
) -> tuple[pl.DataFrame, pl.Series, dict[int, int]]:
    """Rows whose cells are all empty (``,,``) are blank rows, as frictionless counts them."""
    import polars as pl

    if frame.height == 0:
        return frame, lines, short_rows
    empty = frame.select(pl.all_horizontal(pl.all().fill_null("x") == "")).to_series()
    if not bool(empty.any()):
        return frame, lines, short_rows
    for line in lines.filter(empty).to_list():
        problems.append(
            RawProblem("blank-row", "every cell of the row is empty", "delete the row", line=int(line))
        )
    if short_rows:
        gone = empty.arg_true().to_list()
        short_rows = {r - bisect.bisect_left(gone, r): n for r, n in short_rows.items()}
    return frame.filter(~empty), lines.filter(~empty), short_rows


def bound_fields(frame: pl.DataFrame, line: Any, limits: Limits, problems: list[RawProblem]) -> pl.DataFrame:
    """Report cells over the size limit (``line(row)`` gives a row's line) and blank them, so no
    later check works on them."""
    import polars as pl

    if frame.height == 0:
        return frame
    sizes = frame.select(pl.all().str.len_bytes().max())
    for col_index, name in enumerate(frame.columns):
        biggest = sizes[name][0]
        if biggest is None or biggest <= limits.max_field_bytes:
            continue
        too_big = frame[name].str.len_bytes() > limits.max_field_bytes
        for r in too_big.arg_true().to_list():
            problems.append(
                RawProblem(
                    "field-too-large",
                    f"the cell has {len(str(frame[name][r]).encode())} bytes, more than the limit of "
                    f"{limits.max_field_bytes}",
                    "shorten the text; a cell this large is usually a quoting mistake",
                    line=line(r),
                    column=col_index + 1,
                )
            )
        frame = frame.with_columns(pl.when(too_big).then(None).otherwise(pl.col(name)).alias(name))
    return frame

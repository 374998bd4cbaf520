"""Physical lines and records: a file's lines split fast, grouped into records where a quoted cell
holds a line break, each record knowing the line it starts on."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ctcoop.tables.dialect import Dialect

if TYPE_CHECKING:
    import polars as pl


def physical_lines(data: bytes) -> pl.Series | None:
    """The file's physical lines (without their line break) as a String Series; None if not UTF-8.

    polars' CSV reader does the splitting (multi-threaded, no intermediate copy): no quote
    character and a delimiter byte that does not occur in the file make every line one cell.
    """
    import polars as pl

    free = next((chr(b) for b in (0x1F, 0x1E, 0x1D, 0x1C, 0x01, 0x02, 0x03) if bytes([b]) not in data), None)
    if free is None:  # every candidate byte occurs: split in Python-free polars string ops instead
        try:
            text = pl.Series("l", [data], dtype=pl.Binary).cast(pl.String)
        except pl.exceptions.PolarsError:
            return None
        lines = text.str.split("\n").explode()
        if data.endswith(b"\n"):
            lines = lines.slice(0, len(lines) - 1)
        return lines.str.strip_suffix("\r")
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            quote_char=None,
            separator=free,
            schema={"l": pl.String},
            empty_string_is_null=False,
            comment_prefix=None,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        return None
    return frame["l"]


def multiline_possible(data: bytes, dialect: Dialect) -> bool:
    """Whether a cell may span lines (then a cell can be longer than any line)."""
    return dialect.quote_char.encode() in data


def record_regex(sep: str, quote: str) -> tuple[str, str]:
    """(regex of a well-formed record, regex of one quoted segment) for polars' Rust regex."""
    s, q = re.escape(sep), re.escape(quote)
    quoted = f"{q}(?:[^{q}]|{q}{q})*{q}"
    cell = f"(?:{quoted}|[^{q}{s}]*)"
    return f"^{cell}(?:{s}{cell})*$", quoted


def stray_regex(sep: str, quote: str) -> str:
    """A line whose first cells are well-formed and then a cell has a quote after other text."""
    s, q = re.escape(sep), re.escape(quote)
    cell = f"(?:{q}(?:[^{q}]|{q}{q})*{q}|[^{q}{s}]*)"
    return f"^(?:{cell}{s})*[^{q}{s}]+{q}"


def group_records(lines: pl.Series, lineno: pl.Series, dialect: Dialect) -> tuple[pl.Series, pl.Series, bool]:
    """Group physical lines into records (a quoted cell may span lines): (records, their first
    lines, whether the last record's quote is never closed).

    A line break ends a record when the quotes before it are balanced. A quote inside an
    unquoted cell (``a"b``) would unbalance everything after it, so when a multi-line record
    turns out malformed and its first line has such a stray quote, that line's quotes are
    taken literally (as Python's csv module does) and the grouping is redone.
    """
    import polars as pl

    q = dialect.quote_char
    if not bool(lines.str.contains(q, literal=True).any()):
        return lines, lineno, False
    odd = (lines.str.count_matches(q, literal=True) % 2).cast(pl.UInt32)
    records, rec_line, unterminated = lines, lineno, False
    for _ in range(100):
        parity = odd.cum_sum() % 2
        if not bool((parity == 1).any()):
            return lines, lineno, False
        records, rec_line, unterminated, stray_line = _grouped(lines, lineno, parity, dialect)
        if stray_line is None:
            return records, rec_line, unterminated
        odd = odd.scatter(stray_line, 0)
    return records, rec_line, unterminated


def _grouped(
    lines: pl.Series, lineno: pl.Series, parity: pl.Series, dialect: Dialect
) -> tuple[pl.Series, pl.Series, bool, int | None]:
    """One grouping by quote parity, and the index of the first line whose quotes should be taken
    literally (None: the grouping stands)."""
    import polars as pl

    good_re, _ = record_regex(dialect.delimiter, dialect.quote_char)
    # a line starts a record when the quotes before it are balanced; only the few records
    # spanning lines are joined (the others are the lines themselves: no copy of their text)
    start = parity.shift(1, fill_value=0) == 0
    rid = start.cast(pl.UInt32).cum_sum() - 1
    multi = rid.filter(~start).unique(maintain_order=True)
    joined = (
        pl.DataFrame({"rid": rid, "line": lines, "i": pl.int_range(0, len(lines), eager=True)})
        .filter(pl.col("rid").is_in(multi.implode()))
        .group_by("rid", maintain_order=True)
        .agg(pl.col("line").str.join("\n"), pl.col("i").first())
    )
    first = lines.filter(start)
    first_i = start.arg_true()
    records = first.clone().scatter(joined["rid"], joined["line"]) if joined.height else first
    rec_line = lineno.filter(start)
    unterminated = int(parity[-1]) == 1
    # multi-line records that are not well-formed (and an unterminated last one) whose first
    # line has a stray quote: the earliest one's quotes are taken literally, and we regroup
    suspect = joined.filter(~pl.col("line").str.contains(good_re))["rid"]
    if unterminated:
        suspect = pl.concat([suspect, pl.Series([len(first) - 1], dtype=suspect.dtype)])
    suspect = suspect.unique().sort()
    stray = suspect.filter(
        first.gather(suspect).str.contains(stray_regex(dialect.delimiter, dialect.quote_char))
    )
    if len(stray) == 0:
        return records, rec_line, unterminated, None
    return records, rec_line, unterminated, int(first_i[int(stray[0])])


def records_again(data: bytes, dialect: Dialect, start: int) -> pl.Series:
    """The records after the header, recomputed (rare path: polars disagreed on where records end)."""
    import polars as pl

    lines = physical_lines(data)
    assert lines is not None
    lineno = pl.int_range(1, len(lines) + 1, eager=True, dtype=pl.UInt32)
    records, _, _ = group_records(lines, lineno, dialect)
    return records.slice(start)

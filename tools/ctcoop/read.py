"""Read one CSV file fast into a table of strings, knowing the file line of every row.

:func:`read_csv_bytes` takes the bytes of a CSV file and returns a :class:`CsvTable`: the
header labels, a polars DataFrame with one String column per header position (``c0``, ``c1``…),
the line in the file where each row starts, and the structural problems met on the way
(:class:`RawProblem`: encoding, BOM, blank rows, missing and extra cells, unterminated or
misplaced quotes, over-long lines and fields).

How it stays fast and exact:

1. The bytes are checked as UTF-8 in one vectorized cast (a Python decode runs only when
   that fails, to find every bad byte and its line).
2. The text is split into physical lines; a quote count per line, summed, tells which line
   breaks sit inside a quoted cell, so lines are grouped into records and every record knows
   its first line. When no quoted cell holds a line break, row *i* is simply on line *i + 2*.
3. Each record's cell count comes from counting separators outside quoted segments.
4. Well-formed records of the right width are parsed by polars' CSV reader in one call;
   the few others (wrong width, misplaced quotes) are parsed with Python's csv module, padded
   or truncated to the header's width, and put back in file order.

Nothing here knows about Table Schema: typing and constraints come later.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Limits:
    """Bounds on what one CSV file may hold before its rows are refused."""

    max_file_bytes: int = 2 * 1024**3
    max_line_bytes: int = 1024 * 1024
    max_field_bytes: int = 128 * 1024


@dataclass(frozen=True)
class Dialect:
    """The CSV dialect properties this reader supports (Table Dialect v2 subset)."""

    delimiter: str = ","
    quote_char: str = '"'
    header: bool = True
    comment_char: str | None = None
    null_sequence: str | None = None
    skip_initial_space: bool = False
    case_sensitive_header: bool = False


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


@dataclass
class CsvTable:
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
        """The file line where row ``row`` (0-based) starts."""
        if self.row_lines is None:
            return row + self.first_line
        return int(self.row_lines[row])


def dialect_from(descriptor: dict[str, Any]) -> tuple[Dialect, list[str]]:
    """The reader's dialect from a resource's ``dialect`` object, and the properties it cannot honour."""
    unsupported: list[str] = []
    d = descriptor if isinstance(descriptor, dict) else {}
    delimiter = d.get("delimiter", ",")
    quote = d.get("quoteChar", '"')
    header = d.get("header", True)
    header_rows = d.get("headerRows", [1])
    if header_rows not in ([1], [0], []) and header is not False:
        unsupported.append("headerRows")
    if d.get("doubleQuote", True) is not True:
        unsupported.append("doubleQuote")
    if d.get("escapeChar") is not None:
        unsupported.append("escapeChar")
    if d.get("commentRows"):
        unsupported.append("commentRows")
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\r\n":
        unsupported.append("delimiter")
        delimiter = ","
    if not isinstance(quote, str) or len(quote) != 1 or quote == delimiter:
        unsupported.append("quoteChar")
        quote = '"'
    comment = d.get("commentChar")
    null_seq = d.get("nullSequence")
    return Dialect(
        delimiter=delimiter,
        quote_char=quote,
        header=header is not False and header_rows not in ([], [0]),
        comment_char=comment if isinstance(comment, str) and comment else None,
        null_sequence=null_seq if isinstance(null_seq, str) else None,
        skip_initial_space=d.get("skipInitialSpace") is True,
        case_sensitive_header=d.get("caseSensitiveHeader") is True,
    ), unsupported


def _bad_bytes(data: bytes, encoding: str) -> tuple[str, list[tuple[int, bytes]]]:
    """Decode with replacement, collecting (offset, bad bytes) of every undecodable sequence."""
    found: list[tuple[int, bytes]] = []

    def handler(exc: UnicodeError) -> tuple[str, int]:
        assert isinstance(exc, UnicodeDecodeError)
        found.append((exc.start, exc.object[exc.start:exc.end]))
        return "\ufffd", exc.end

    name = "ctcoop-collect"
    codecs.register_error(name, handler)
    text = data.decode(encoding, errors=name)
    return text, found


def _line_of(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def _record_regex(sep: str, quote: str) -> tuple[str, str]:
    """(regex of a well-formed record, regex of one quoted segment) for polars' Rust regex."""
    import re

    s, q = re.escape(sep), re.escape(quote)
    quoted = f"{q}(?:[^{q}]|{q}{q})*{q}"
    cell = f"(?:{quoted}|[^{q}{s}]*)"
    return f"^{cell}(?:{s}{cell})*$", quoted


def _parse_one(text: str, dialect: Dialect) -> list[str]:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter,
                           quotechar=dialect.quote_char, strict=False))
    cells: list[str] = []
    for i, row in enumerate(rows):  # a misplaced quote may make the csv module see two rows
        if i and cells:
            cells[-1] += "\n" + (row[0] if row else "")
            cells.extend(row[1:])
        else:
            cells.extend(row)
    return cells


def read_csv_bytes(data: bytes, *, dialect: Dialect | None = None, encoding: str = "utf-8",
                   limits: Limits | None = None, width: int | None = None) -> CsvTable:
    """Parse ``data`` (the whole file) into a :class:`CsvTable`.

    ``width`` is the number of cells a row should have when the dialect says there is no
    header (the number of schema fields); with a header, rows are held to the header's width.
    """
    import polars as pl

    dialect = dialect or Dialect()
    limits = limits or Limits()
    problems: list[RawProblem] = []
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_line_bytes * 4))

    if len(data) > limits.max_file_bytes:
        problems.append(RawProblem("file-too-large", f"the file has {len(data)} bytes, more than the limit of "
                                   f"{limits.max_file_bytes}", "split the table or raise the limit"))
        return _unreadable(problems)

    enc = encoding.lower().replace("_", "-")
    is_utf8 = enc in ("utf-8", "utf8", "utf-8-sig")
    if data.startswith(BOM) and is_utf8:
        problems.append(RawProblem("bom", "the file starts with a UTF-8 byte order mark (BOM)",
                                   "save the file as UTF-8 without BOM (most editors offer it)", line=1, column=1,
                                   severity="warning"))
        data = data[len(BOM):]

    if is_utf8:
        blob = pl.Series("text", [data], dtype=pl.Binary)
        try:
            text_series = blob.cast(pl.String)
        except pl.exceptions.PolarsError:
            _, bad = _bad_bytes(data, "utf-8")
            seen_lines: set[int] = set()
            for offset, chunk in bad:
                line, col = _line_of(data, offset)
                if line in seen_lines:
                    continue
                seen_lines.add(line)
                problems.append(RawProblem(
                    "encoding-error",
                    f"byte {chunk[:4].hex(' ')} at offset {offset} is not valid UTF-8 (character {col} of the line)",
                    "save the file as UTF-8; the rest of this file is checked once it decodes", line=line))
            return _unreadable(problems)
        del blob
    else:
        try:
            text_series = pl.Series("text", [data.decode(enc)], dtype=pl.String)
        except LookupError:
            problems.append(RawProblem("encoding-error", f"the declared encoding '{encoding}' is unknown",
                                       "declare \"encoding\": \"utf-8\" and save the file as UTF-8"))
            return _unreadable(problems)
        except UnicodeDecodeError as exc:
            line, _ = _line_of(data, exc.start)
            problems.append(RawProblem("encoding-error", f"byte at offset {exc.start} is not valid {encoding}",
                                       "save the file in its declared encoding, preferably UTF-8", line=line))
            return _unreadable(problems)
        data = text_series.item().encode("utf-8")

    lines = text_series.str.split("\n").explode()
    del text_series
    if data.endswith(b"\n"):
        lines = lines.slice(0, len(lines) - 1)
    if b"\r" in data:
        lines = lines.str.strip_suffix("\r")
    n_lines = len(lines)
    if n_lines == 0:
        problems.append(RawProblem("empty-file", "the file is empty",
                                   "write at least the header row", line=1))
        return _unreadable(problems)

    line_len = lines.str.len_bytes()
    too_long = (line_len > limits.max_line_bytes).arg_true()
    long_lines = set()
    for i in too_long.to_list():
        long_lines.add(i + 1)
        problems.append(RawProblem("line-too-long", f"the line has {line_len[i]} bytes, more than the limit of "
                                   f"{limits.max_line_bytes}", "split the text or check the file is really CSV",
                                   line=i + 1))

    q = dialect.quote_char
    sep = dialect.delimiter
    lineno = pl.int_range(1, n_lines + 1, eager=True, dtype=pl.UInt32)
    records, rec_line, unterminated = _group_records(lines, lineno, dialect)
    del lines, lineno, line_len

    n_rec = len(records)
    drop_mask = pl.repeat(False, n_rec, eager=True)
    if unterminated:
        last_line = int(rec_line[-1])
        problems.append(RawProblem("unterminated-quote",
                                   f"a quoted cell opened on line {last_line} is never closed; the rest of the file "
                                   "is read as part of it", f"add the closing {q} or remove the stray one",
                                   line=last_line))
        drop_mask = drop_mask.scatter(n_rec - 1, True)
    if long_lines:
        drop_mask = drop_mask | rec_line.is_in(list(long_lines))
    if dialect.comment_char is not None:
        drop_mask = drop_mask | records.str.starts_with(dialect.comment_char)

    header: list[str] | None = None
    header_line = 0
    start = 0
    # the header is the first record that is not a comment
    first_ok = (~drop_mask).arg_true()
    if dialect.header:
        if len(first_ok) == 0:
            problems.append(RawProblem("empty-file", "the file has no header row", "write the header row", line=1))
            return _unreadable(problems)
        h = int(first_ok[0])
        header = _parse_one(str(records[h]), dialect)
        header_line = int(rec_line[h])
        start = h + 1
        row_width = len(header)
    else:
        row_width = width if width is not None else 0
    records = records.slice(start)
    rec_line = rec_line.slice(start)
    drop_mask = drop_mask.slice(start)
    n = len(records)

    blank = records == ""
    has_quote = records.str.contains(q, literal=True)
    good_re, quoted_re = _record_regex(sep, q)
    malformed = has_quote & ~records.str.contains(good_re)
    stripped = pl.when(has_quote).then(records.str.replace_all(quoted_re, "")).otherwise(records)
    counts = pl.select(stripped.str.count_matches(sep, literal=True) + 1).to_series()
    del stripped
    bad_width = ~blank & (counts != row_width)
    for i in (blank & ~drop_mask).arg_true().to_list():
        problems.append(RawProblem("blank-row", "the row is blank", "delete the empty line",
                                   line=int(rec_line[i])))
    for i in (malformed & ~drop_mask).arg_true().to_list():
        problems.append(RawProblem("quote-error",
                                   f"a {q} appears inside an unquoted cell or after a closing {q}",
                                   f"quote the whole cell and double the {q} inside it, e.g. \"a \"\"b\"\" c\"",
                                   line=int(rec_line[i])))
    slow = (malformed | bad_width) & ~blank & ~drop_mask
    fast = ~blank & ~drop_mask & ~slow
    schema = {f"c{i}": pl.String for i in range(row_width)}

    if row_width == 0:
        problems.append(RawProblem("blank-header", "the header row is empty", "write the header row on line 1",
                                   line=header_line or 1))
        return _unreadable(problems)
    if bool(fast.all()):
        # every record is clean: let polars read the file's own bytes after the header
        offset = _offset_of_line(data, int(rec_line[0]) if n else n_lines + 1)
        frame = _parse_fast(data[offset:], schema, dialect)
    else:
        frame = _parse_fast(records.filter(fast), schema, dialect)
    lines_fast = rec_line.filter(fast)
    if frame.height:
        empty = frame.select(pl.all_horizontal(pl.all() == "")).to_series()
        if bool(empty.any()):
            for line in lines_fast.filter(empty).to_list():
                problems.append(RawProblem("blank-row", "every cell of the row is empty", "delete the row",
                                           line=int(line)))
            frame = frame.filter(~empty)
            lines_fast = lines_fast.filter(~empty)
    short_rows: dict[int, int] = {}
    slow_idx = slow.arg_true().to_list()
    if slow_idx:
        slow_rows: list[list[str | None]] = []
        slow_lines: list[int] = []
        slow_short: list[int | None] = []
        for i in slow_idx:
            line = int(rec_line[i])
            cells = _parse_one(str(records[i]), dialect)
            if len(cells) < row_width:
                for col in range(len(cells), row_width):
                    problems.append(RawProblem("missing-cell", f"the row has {len(cells)} cells, the header "
                                               f"{row_width}: cell {col + 1} is missing",
                                               "add the missing cells (an empty cell is written as nothing "
                                               "between two delimiters)", line=line, column=col + 1))
                slow_short.append(len(cells))
            else:
                slow_short.append(None)
            if len(cells) > row_width:
                for col in range(row_width, len(cells)):
                    problems.append(RawProblem("extra-cell", f"the row has {len(cells)} cells, the header "
                                               f"{row_width}: cell {col + 1} is extra",
                                               "remove the extra cells or quote a cell that contains the "
                                               f"delimiter '{sep}'", line=line, column=col + 1,
                                               value=cells[col][:200]))
            padded: list[str | None] = list(cells[:row_width]) + [None] * (row_width - len(cells))
            slow_rows.append(padded)
            slow_lines.append(line)
        slow_frame = pl.DataFrame(slow_rows, schema=schema, orient="row")
        if dialect.skip_initial_space:
            slow_frame = slow_frame.with_columns(pl.all().str.strip_chars_start(" "))
        tag = "__line"
        both = pl.concat([
            frame.with_columns(lines_fast.alias(tag), pl.lit(None, dtype=pl.UInt32).alias("__short")),
            slow_frame.with_columns(pl.Series(tag, slow_lines, dtype=pl.UInt32),
                                    pl.Series("__short", slow_short, dtype=pl.UInt32)),
        ]).sort(tag)
        lines_fast = both[tag]
        for row in both["__short"].is_not_null().arg_true().to_list():
            short_rows[row] = int(both["__short"][row])
        frame = both.drop(tag, "__short")

    trivial_start = header_line + 1 if dialect.header else 1
    row_lines: pl.Series | None = lines_fast
    if len(lines_fast) == 0 or (int(lines_fast[0]) == trivial_start
                                and int(lines_fast[-1]) == trivial_start + len(lines_fast) - 1):
        row_lines = None  # consecutive lines: row i is on line i + trivial_start

    # field size bound
    if frame.height and frame.width:
        sizes = frame.select(pl.all().str.len_bytes().max())
        for col_index, name in enumerate(frame.columns):
            biggest = sizes[name][0]
            if biggest is None or biggest <= limits.max_field_bytes:
                continue
            for r in (frame[name].str.len_bytes() > limits.max_field_bytes).arg_true().to_list():
                line = trivial_start + r if row_lines is None else int(row_lines[r])
                problems.append(RawProblem("field-too-large", f"the cell has {len(frame[name][r].encode())} bytes, "
                                           f"more than the limit of {limits.max_field_bytes}",
                                           "shorten the text; a cell this large is usually a quoting mistake",
                                           line=line, column=col_index + 1))
            frame = frame.with_columns(
                pl.when(pl.col(name).str.len_bytes() > limits.max_field_bytes).then(None)
                .otherwise(pl.col(name)).alias(name))

    return CsvTable(header=header, header_line=header_line, frame=frame, row_lines=row_lines,
                    first_line=trivial_start, problems=problems, short_rows=short_rows)


def _group_records(lines: pl.Series, lineno: pl.Series,
                   dialect: Dialect) -> tuple[pl.Series, pl.Series, bool]:
    """Group physical lines into records (a quoted cell may span lines).

    A line break ends a record when the quotes before it are balanced. A quote inside an
    unquoted cell (``a"b``) would unbalance everything after it, so when a multi-line record
    turns out malformed and its first line has such a stray quote, that line's quotes are
    taken literally (as Python's csv module does) and the grouping is redone.
    """
    import polars as pl

    q, sep = dialect.quote_char, dialect.delimiter
    if not bool(lines.str.contains(q, literal=True).any()):
        return lines, lineno, False
    good_re, _ = _record_regex(sep, q)
    stray_re = _stray_regex(sep, q)
    odd = (lines.str.count_matches(q, literal=True) % 2).cast(pl.UInt32)
    for _ in range(100):
        parity = odd.cum_sum() % 2
        if not bool((parity == 1).any()):
            return lines, lineno, False
        rid = (parity == 0).cast(pl.UInt32).cum_sum().shift(1, fill_value=0)
        grouped = (pl.DataFrame({"rid": rid, "line": lines, "no": lineno, "i": pl.int_range(0, len(lines),
                                                                                           eager=True)})
                   .group_by("rid", maintain_order=True)
                   .agg(pl.col("line").str.join("\n"), pl.col("no").first(), pl.col("i").first(),
                        pl.col("line").first().alias("first"), pl.len().alias("n")))
        unterminated = int(parity[-1]) == 1
        suspect = (grouped["n"] > 1) & ~grouped["line"].str.contains(good_re)
        if unterminated:
            suspect = suspect.scatter(len(suspect) - 1, True)
        stray = grouped.filter(suspect & grouped["first"].str.contains(stray_re))
        if stray.height == 0:
            return grouped["line"], grouped["no"], unterminated
        odd = odd.scatter(int(stray["i"][0]), 0)
    return grouped["line"], grouped["no"], unterminated


def _stray_regex(sep: str, quote: str) -> str:
    """A line whose first cells are well-formed and then a cell has a quote after other text."""
    import re

    s, q = re.escape(sep), re.escape(quote)
    cell = f"(?:{q}(?:[^{q}]|{q}{q})*{q}|[^{q}{s}]*)"
    return f"^(?:{cell}{s})*[^{q}{s}]+{q}"


def _parse_fast(source: bytes | pl.Series, schema: dict[str, Any], dialect: Dialect) -> pl.DataFrame:
    """Parse well-formed records of the right width with polars: the file's bytes or a Series of records."""
    import polars as pl

    if isinstance(source, pl.Series):
        if len(source) == 0:
            return pl.DataFrame(schema=schema)
        source = (source.str.join("\n").item() + "\n").encode("utf-8")
    frame = pl.read_csv(source, has_header=False, schema=schema, separator=dialect.delimiter,
                        quote_char=dialect.quote_char, empty_string_is_null=False, eol_char="\n",
                        comment_prefix=None, raise_if_empty=False)
    if dialect.skip_initial_space:
        frame = frame.with_columns(pl.all().str.strip_chars_start(" "))
    return frame


def _offset_of_line(data: bytes, line: int) -> int:
    """Byte offset where 1-based ``line`` starts."""
    offset = 0
    for _ in range(line - 1):
        found = data.find(b"\n", offset)
        if found < 0:
            return len(data)
        offset = found + 1
    return offset


def _unreadable(problems: list[RawProblem]) -> CsvTable:
    import polars as pl

    return CsvTable(header=None, header_line=0, frame=pl.DataFrame(), row_lines=None, first_line=1,
                    problems=problems, readable=False)

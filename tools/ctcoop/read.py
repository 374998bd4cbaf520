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

import bisect
import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from ctcoop.errors import CtcoopError
from ctcoop.tables.dialect import Dialect

if TYPE_CHECKING:
    import polars as pl

BOM = b"\xef\xbb\xbf"


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


def _bad_bytes(data: bytes, encoding: str) -> tuple[str, list[tuple[int, bytes]]]:
    """Decode with replacement, collecting (offset, bad bytes) of every undecodable sequence."""
    found: list[tuple[int, bytes]] = []

    def handler(exc: UnicodeError) -> tuple[str, int]:
        assert isinstance(exc, UnicodeDecodeError)
        found.append((exc.start, exc.object[exc.start : exc.end]))
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

    s, q = re.escape(sep), re.escape(quote)
    quoted = f"{q}(?:[^{q}]|{q}{q})*{q}"
    cell = f"(?:{quoted}|[^{q}{s}]*)"
    return f"^{cell}(?:{s}{cell})*$", quoted


def _parse_one(text: str, dialect: Dialect) -> list[str]:
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


def read_csv_bytes(
    data: bytes,
    *,
    dialect: Dialect | None = None,
    encoding: str = "utf-8",
    limits: Limits | None = None,
    width: int | None = None,
    reopen: Callable[[], BinaryIO] | None = None,
) -> CsvTable:
    """Parse ``data`` (the whole file) into a :class:`CsvTable`.

    ``width`` is the number of cells a row should have when the dialect says there is no
    header (the number of schema fields); with a header, rows are held to the header's width.
    ``reopen`` opens the same file on disk (UTF-8 files only): with it, a large file's bytes are
    let go of once its lines are grouped into records, and polars reads the file again in
    slices of :data:`SLICE_BYTES`, so the bytes and the whole frame are never in memory at once;
    without it, the bytes are held until the frame is built. Pass ``data`` without keeping a
    reference to it, or nothing is freed.
    """
    dialect = dialect or Dialect()
    limits = limits or Limits()
    problems: list[RawProblem] = []
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_line_bytes * 4))

    if len(data) > limits.max_file_bytes:
        problems.append(
            RawProblem(
                "file-too-large",
                f"the file has {len(data)} bytes, more than the limit of {limits.max_file_bytes}",
                "split the table or raise the limit",
            )
        )
        return _unreadable(problems)
    enc = encoding.lower().replace("_", "-")
    is_utf8 = enc in ("utf-8", "utf8", "utf-8-sig")
    had_bom = data.startswith(BOM) and is_utf8
    if had_bom:
        problems.append(
            RawProblem(
                "bom",
                "the file starts with a UTF-8 byte order mark (BOM)",
                "save the file as UTF-8 without BOM (most editors offer it)",
                line=1,
                column=1,
                severity="warning",
            )
        )
        data = data[len(BOM) :]
    hostile = hostile_bytes(data, dialect)
    problems.extend(hostile)
    if any(p.code == "compressed-file" for p in hostile):
        return _unreadable(problems)
    if len(data) <= 65536 and not data.strip(b" \t\r\n"):  # strip copies: only on small files
        problems.append(
            RawProblem("empty-file", "the file is empty", "write at least the header row", line=1)
        )
        return _unreadable(problems)
    if not is_utf8:
        try:
            data = data.decode(enc).encode("utf-8")
        except LookupError:
            problems.append(
                RawProblem(
                    "encoding-error",
                    f"the declared encoding '{encoding}' is unknown",
                    'declare "encoding": "utf-8" and save the file as UTF-8',
                )
            )
            return _unreadable(problems)
        except UnicodeDecodeError as exc:
            line, _ = _line_of(data, exc.start)
            problems.append(
                RawProblem(
                    "encoding-error",
                    f"the byte at offset {exc.start} is not valid {encoding}",
                    "save the file in its declared encoding, preferably UTF-8",
                    line=line,
                )
            )
            return _unreadable(problems)
    # a file read again from disk starts after the BOM; a transcoded one cannot be read again
    source = Reopen(reopen, len(BOM) if had_bom else 0, len(data)) if reopen and is_utf8 else None
    holder = [data]  # _parse lets go of the bytes once polars has parsed them (memory)
    del data
    try:
        return _parse(holder, dialect, limits, width, problems, source)
    except FileChanged:
        problems.append(
            RawProblem(
                "unreadable-file",
                "the file changed while it was being read",
                "validate again once nothing is writing to the file",
            )
        )
        return _unreadable(problems)


#: leading bytes of the compressed formats polars (and other readers) decompress on their own
COMPRESSED = {
    b"\x1f\x8b": "gzip",
    b"PK\x03\x04": "zip",
    b"(\xb5/\xfd": "zstandard",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"\x78\x9c": "zlib",
    b"\x78\xda": "zlib",
    b"\x78\x01": "zlib",
}
MAX_BYTE_PROBLEMS = 10


def hostile_bytes(data: bytes, dialect: Dialect) -> list[RawProblem]:
    """Bytes a text CSV never holds (docs/security.md, R4): a compressed payload (refused before any
    reader can inflate it), NUL bytes, and a carriage return that is neither part of CRLF nor
    inside a quoted cell. Each costs one C-speed scan; the slow path runs only when one is found."""
    for magic, kind in COMPRESSED.items():
        if data.startswith(magic):
            return [
                RawProblem(
                    "compressed-file",
                    f"the file holds {kind}-compressed bytes, not CSV text",
                    "store the table uncompressed; a .csv must be plain UTF-8 text",
                    line=1,
                )
            ]
    out: list[RawProblem] = []
    at = data.find(b"\x00")
    while at != -1 and len(out) < MAX_BYTE_PROBLEMS:
        line, col = _line_of(data, at)
        out.append(
            RawProblem(
                "nul-byte",
                f"the file holds a NUL byte (character {col} of the line)",
                "remove the NUL bytes; a CSV file is text",
                line=line,
            )
        )
        newline = data.find(b"\n", at)
        at = -1 if newline == -1 else data.find(b"\x00", newline + 1)
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        quote = dialect.quote_char.encode()
        quotes, start = 0, 0
        lone = 0
        for match in re.finditer(rb"\r(?!\n)", data):
            quotes += data.count(quote, start, match.start())
            start = match.start()
            if quotes % 2:
                continue  # inside a quoted cell: a value may hold a line break
            line, col = _line_of(data, match.start())
            out.append(
                RawProblem(
                    "lone-cr",
                    f"a carriage return (CR) outside quotes at character {col} of "
                    "the line; records end with LF or CRLF",
                    "remove the CR or quote the cell that holds it; save the file with LF line endings",
                    line=line,
                )
            )
            lone += 1
            if lone >= MAX_BYTE_PROBLEMS:
                break
    return out


@dataclass
class Reopen:
    """The file on disk, to read it again in slices (``offset`` bytes of BOM skipped)."""

    open: Callable[[], BinaryIO]
    offset: int
    size: int

    def read(self, start: int = 0, end: int | None = None) -> bytes:
        """Bytes ``start`` to ``end`` (of the text after the BOM); FileChanged if they are not there."""
        end = self.size if end is None else end
        try:
            with self.open() as f:
                f.seek(self.offset + start)
                data = f.read(end - start)
        except (OSError, CtcoopError) as exc:
            raise FileChanged from exc
        if len(data) != end - start:
            raise FileChanged
        return data


class FileChanged(Exception):
    """The bytes read a second time are not the bytes read the first time."""


def _lines(data: bytes) -> pl.Series | None:
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


def _encoding_problems(data: bytes) -> list[RawProblem]:
    """One encoding-error per line holding bytes that are not UTF-8."""
    _, bad = _bad_bytes(data, "utf-8")
    out: list[RawProblem] = []
    seen: set[int] = set()
    for offset, chunk in bad:
        line, col = _line_of(data, offset)
        if line in seen:
            continue
        seen.add(line)
        out.append(
            RawProblem(
                "encoding-error",
                f"byte {chunk[:4].hex(' ')} at offset {offset} is not valid "
                f"UTF-8 (character {col} of the line)",
                "save the file as UTF-8; the rest of this file is checked once it decodes",
                line=line,
            )
        )
    return out


def _parse(
    holder: list[bytes],
    dialect: Dialect,
    limits: Limits,
    width: int | None,
    problems: list[RawProblem],
    reopen: Reopen | None = None,
) -> CsvTable:
    import polars as pl

    data = holder[0]
    lines = _lines(data)
    if lines is None:
        problems.extend(_encoding_problems(data))
        return _unreadable(problems)
    q, sep = dialect.quote_char, dialect.delimiter
    n_lines = len(lines)
    line_bytes = lines.str.len_bytes()
    longest = int(cast(int, line_bytes.max()) or 0) if not multiline_possible(data, dialect) else len(data)
    too_long = (line_bytes > limits.max_line_bytes).arg_true().to_list()
    # where each line ends (just after its LF), to cut a large file into slices without counting
    # line breaks again; not when a CR is dropped from line ends (the lengths would be short)
    ends = None
    if reopen is not None and len(data) > SLICE_BYTES and b"\r" not in data:
        ends = (line_bytes.cast(pl.Int64) + 1).cum_sum()
    del line_bytes
    for i in too_long:
        problems.append(
            RawProblem(
                "line-too-long",
                f"the line has {len(str(lines[i]).encode())} bytes, more than "
                f"the limit of {limits.max_line_bytes}",
                "split the text or check the file is really CSV",
                line=i + 1,
            )
        )
    lineno = pl.int_range(1, n_lines + 1, eager=True, dtype=pl.UInt32)
    records, rec_line, unterminated = _group_records(lines, lineno, dialect)
    del lines, lineno
    n_rec = len(records)
    drop = pl.repeat(False, n_rec, eager=True)
    if unterminated:
        last_line = int(rec_line[-1])
        problems.append(
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
        drop = drop | rec_line.is_in([i + 1 for i in too_long])
    if dialect.comment_char is not None:
        drop = drop | records.str.starts_with(dialect.comment_char)

    header: list[str] | None = None
    header_line = 0
    start = 0
    if dialect.header:
        kept = (~drop).arg_true()
        if len(kept) == 0:
            problems.append(
                RawProblem("empty-file", "the file has no header row", "write the header row", line=1)
            )
            return _unreadable(problems)
        start = int(kept[0])
        header = _parse_one(str(records[start]), dialect)
        header_line = int(rec_line[start])
        start += 1
        row_width = len(header)
    else:
        row_width = width or 0
    if row_width == 0:
        problems.append(
            RawProblem(
                "blank-header",
                "the header row is empty",
                "write the header row on line 1",
                line=header_line or 1,
            )
        )
        return _unreadable(problems)
    records, rec_line, drop = records.slice(start), rec_line.slice(start), drop.slice(start)

    blank = records == ""
    has_quote = records.str.contains(q, literal=True)
    counts = records.str.count_matches(sep, literal=True) + 1
    malformed = pl.repeat(False, len(records), eager=True)
    if bool(has_quote.any()):
        good_re, quoted_re = _record_regex(sep, q)
        where = has_quote.arg_true()
        quoted = records.gather(where)
        malformed = malformed.scatter(where, ~quoted.str.contains(good_re))
        counts = counts.scatter(
            where, quoted.str.replace_all(quoted_re, "").str.count_matches(sep, literal=True) + 1
        )
        del quoted
    for i in (blank & ~drop).arg_true().to_list():
        problems.append(
            RawProblem("blank-row", "the row is blank", "delete the empty line", line=int(rec_line[i]))
        )
    for i in (malformed & ~drop).arg_true().to_list():
        problems.append(
            RawProblem(
                "quote-error",
                f"a {q} appears inside an unquoted cell or after a closing {q}",
                f'quote the whole cell and double the {q} inside it, e.g. "a ""b"" c" (RFC 4180; '
                "mainstream readers take the cell as written)",
                line=int(rec_line[i]),
            )
        )
    ragged = ~blank & ~drop & (malformed | (counts != row_width))
    keep = ~blank & ~drop
    # rows made only of delimiters (and empty quotes) may be all-empty rows: checked after parsing
    # only delimiters (or, with quotes, perhaps empty quoted cells): the byte count tells without a regex
    maybe_empty = keep & ((records.str.len_bytes() == counts - 1) | has_quote)
    schema = {f"c{i}": pl.String for i in range(row_width)}
    ragged_index = ragged.arg_true()
    fixes = {
        int(i): (int(line), _parse_one(text, dialect))
        for i, line, text in zip(
            ragged_index.to_list(),
            rec_line.gather(ragged_index).to_list(),
            records.gather(ragged_index).to_list(),
            strict=True,
        )
    }

    frame = None
    short_at: dict[int, int] = {}
    n_records = len(records)
    if not bool(malformed.any()) and not unterminated:
        # polars reads every record (blank ones as empty rows, ragged ones padded or truncated);
        # the records are not needed any more, so free them before it allocates the frame
        del records
        first = int(rec_line[0]) if len(rec_line) else n_lines + 1
        size = len(data)
        if reopen is None or size <= SLICE_BYTES:
            frame = _read_values(data, first, schema, dialect)
            frame = frame if frame.height == n_records else None
        else:  # the bytes go; polars reads the file again slice by slice (memory)
            cuts = _slices(data, rec_line, first, ends)
            holder.clear()
            data = b""
            frame = _read_slices(reopen, cuts, first, n_records, schema, dialect)
        if frame is not None:
            frame = _mark_short_rows(frame, fixes, row_width, problems, short_at, sep)
        else:  # polars saw the records differently: take the record-by-record path
            if not data and reopen is not None:
                data = reopen.read()  # they were let go of: read them again
            records = _records_again(data, dialect, start)
    holder.clear()
    data = b""
    if frame is None:
        frame = _parse_fast(records.filter(keep & ~ragged), schema, dialect)
        frame = _interleave(frame, (keep & ~ragged), pl.DataFrame(schema=schema), len(records))
        del records
        if fixes:
            frame = _apply_fixes(frame, fixes, row_width, problems, short_at, sep)
    all_kept = bool(keep.all())
    dropped = [] if all_kept else (~keep).arg_true().to_list()
    frame = _without_rows(frame, dropped)
    lines_kept = _without_rows(rec_line.to_frame(), dropped).to_series()
    maybe_empty = _without_rows(maybe_empty.to_frame(), dropped).to_series()
    # a short row's index among the kept rows: its record index less the dropped records before it
    short_rows = {r - bisect.bisect_left(dropped, r): n for r, n in short_at.items()}
    if bool(maybe_empty.any()):
        frame, lines_kept, short_rows = _drop_empty_rows(frame, lines_kept, short_rows, problems)
    if dialect.skip_initial_space:
        frame = frame.with_columns(pl.all().str.strip_chars_start(" "))
    first_line = header_line + 1 if dialect.header else 1
    row_lines: pl.Series | None = lines_kept
    if len(lines_kept) == 0 or (
        int(lines_kept[0]) == first_line and int(lines_kept[-1]) == first_line + len(lines_kept) - 1
    ):
        row_lines = None  # consecutive lines: row i is on line i + first_line
    table = CsvTable(
        header=header,
        header_line=header_line,
        frame=frame,
        row_lines=row_lines,
        first_line=first_line,
        problems=problems,
        short_rows=short_rows,
    )
    if longest > limits.max_field_bytes:  # no cell can be longer than the longest line
        _bound_fields(table, limits)
    return table


def multiline_possible(data: bytes, dialect: Dialect) -> bool:
    """Whether a cell may span lines (then a cell can be longer than any line)."""
    return dialect.quote_char.encode() in data


#: the file is handed to polars in slices of about this many bytes, each freed once parsed (memory)
SLICE_BYTES = 8 * 1024 * 1024


def _slices(
    data: bytes, rec_line: pl.Series, first_line: int, ends: pl.Series | None = None
) -> list[tuple[int, int, int]]:
    """``data`` cut into slices of about :data:`SLICE_BYTES`: (start, end, number of the records
    from ``rec_line`` (record start lines, sorted) in the slice). ``ends``, if given, holds the
    offset just after each line's LF (then line numbers are looked up, not counted).

    A slice after the first starts at the start of a record that is not a blank line, so polars
    reads each slice's records exactly as it reads them in the whole file.
    """
    n = len(rec_line)
    if n == 0:
        return [(0, len(data), n)]
    cuts: list[int] = [0]
    counts: list[int] = []
    pos, line, done = 0, 1, 0  # `line` is the line number of the line starting at `pos`
    while True:
        target = cuts[-1] + SLICE_BYTES
        if target >= len(data):
            break
        nl = data.find(b"\n", target)
        while nl != -1:
            if ends is not None:
                line = int(ends.search_sorted(nl + 1)) + 2
            else:
                line += data.count(b"\n", pos, nl + 1)
            pos = nl + 1
            at = int(rec_line.search_sorted(line))
            if (
                line > first_line
                and at < n
                and int(rec_line[at]) == line
                and data[pos : pos + 1]
                not in (
                    b"\n",
                    b"\r",
                    b"",
                )
            ):
                break
            nl = data.find(b"\n", pos)
        if nl == -1:
            break
        cuts.append(pos)
        counts.append(at - done)
        done = at
    counts.append(n - done)
    bounds = [*cuts, len(data)]
    return list(zip(bounds[:-1], bounds[1:], counts, strict=True))


def _read_slices(
    source: Reopen,
    cuts: list[tuple[int, int, int]],
    first_line: int,
    n_records: int,
    schema: dict[str, Any],
    dialect: Dialect,
) -> pl.DataFrame | None:
    """Every record of the file read again slice by slice (see :func:`_read_values`), or None when
    polars does not find the expected number of records in a slice."""
    import polars as pl

    frames = []
    for i, (start, end, expected) in enumerate(cuts):
        frame = _read_values(source.read(start, end), first_line if i == 0 else 1, schema, dialect)
        if frame.height != expected:
            return None
        frames.append(frame)
    frame = frames[0] if len(frames) == 1 else pl.concat(frames, rechunk=False)
    return frame if frame.height == n_records else None


def _read_values(data: bytes, first_line: int, schema: dict[str, Any], dialect: Dialect) -> pl.DataFrame:
    """Every record from ``first_line`` on, one row each (blank records give empty rows, ragged ones are
    padded with "" or truncated: both are fixed afterwards)."""
    import polars as pl

    try:
        return pl.read_csv(
            data,
            has_header=False,
            skip_lines=first_line - 1,
            schema=schema,
            separator=dialect.delimiter,
            quote_char=dialect.quote_char,
            empty_string_is_null=False,
            eol_char="\n",
            comment_prefix=None,
            raise_if_empty=False,
            truncate_ragged_lines=True,
        )
    except pl.exceptions.PolarsError:
        return pl.DataFrame(schema=schema)  # a height mismatch sends the caller down the careful path


def _interleave(parsed: pl.DataFrame, where: pl.Series, empty: pl.DataFrame, n: int) -> pl.DataFrame:
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


def _records_again(data: bytes, dialect: Dialect, start: int) -> pl.Series:
    """The records after the header, recomputed (rare path: polars disagreed on where records end)."""
    import polars as pl

    lines = _lines(data)
    assert lines is not None
    lineno = pl.int_range(1, len(lines) + 1, eager=True, dtype=pl.UInt32)
    records, _, _ = _group_records(lines, lineno, dialect)
    return records.slice(start)


def _mark_short_rows(
    frame: pl.DataFrame,
    fixes: dict[int, tuple[int, list[str]]],
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
        _report_width(problems, line, cells, row_width, sep)
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


def _report_width(problems: list[RawProblem], line: int, cells: list[str], row_width: int, sep: str) -> None:
    for col in range(len(cells), row_width):
        problems.append(
            RawProblem(
                "missing-cell",
                f"the row has {len(cells)} cells, the header {row_width}: cell {col + 1} is missing",
                "add the missing cells (an empty cell is written as nothing between two delimiters)",
                line=line,
                column=col + 1,
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
            )
        )


def _apply_fixes(
    frame: pl.DataFrame,
    fixes: dict[int, tuple[int, list[str]]],
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
        _report_width(problems, line, cells, row_width, sep)
        for col in range(row_width):
            values[col].append(cells[col] if col < len(cells) else None)
    index = pl.Series(rows, dtype=pl.UInt32)
    return pl.DataFrame(
        [
            frame[name].scatter(index, pl.Series(values[i], dtype=pl.String))
            for i, name in enumerate(frame.columns)
        ]
    )


def _without_rows(frame: pl.DataFrame, rows: list[int]) -> pl.DataFrame:
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


def _drop_empty_rows(
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


def _bound_fields(table: CsvTable, limits: Limits) -> None:
    """Report cells over the size limit and blank them, so no later check works on them."""
    import polars as pl

    frame = table.frame
    if frame.height == 0:
        return
    sizes = frame.select(pl.all().str.len_bytes().max())
    for col_index, name in enumerate(frame.columns):
        biggest = sizes[name][0]
        if biggest is None or biggest <= limits.max_field_bytes:
            continue
        too_big = frame[name].str.len_bytes() > limits.max_field_bytes
        for r in too_big.arg_true().to_list():
            table.problems.append(
                RawProblem(
                    "field-too-large",
                    f"the cell has {len(str(frame[name][r]).encode())} "
                    f"bytes, more than the limit of {limits.max_field_bytes}",
                    "shorten the text; a cell this large is usually a quoting mistake",
                    line=table.line(r),
                    column=col_index + 1,
                )
            )
        frame = frame.with_columns(pl.when(too_big).then(None).otherwise(pl.col(name)).alias(name))
    table.frame = frame


def _group_records(
    lines: pl.Series, lineno: pl.Series, dialect: Dialect
) -> tuple[pl.Series, pl.Series, bool]:
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
    records, rec_line, unterminated = lines, lineno, False
    for _ in range(100):
        parity = odd.cum_sum() % 2
        if not bool((parity == 1).any()):
            return lines, lineno, False
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
        stray = suspect.filter(first.gather(suspect).str.contains(stray_re))
        if len(stray) == 0:
            return records, rec_line, unterminated
        odd = odd.scatter(int(first_i[int(stray[0])]), 0)
    return records, rec_line, unterminated


def _stray_regex(sep: str, quote: str) -> str:
    """A line whose first cells are well-formed and then a cell has a quote after other text."""

    s, q = re.escape(sep), re.escape(quote)
    cell = f"(?:{q}(?:[^{q}]|{q}{q})*{q}|[^{q}{s}]*)"
    return f"^(?:{cell}{s})*[^{q}{s}]+{q}"


def _parse_fast(source: bytes | pl.Series, schema: dict[str, Any], dialect: Dialect) -> pl.DataFrame:
    """Parse well-formed records of the right width with polars: the file's bytes or a Series of records."""
    import polars as pl

    if isinstance(source, pl.Series):
        if len(source) == 0:
            return pl.DataFrame(schema=schema)
        text = (source.str.join("\n").item() + "\n").encode("utf-8")
    else:
        text = source
    frame = pl.read_csv(
        text,
        has_header=False,
        schema=schema,
        separator=dialect.delimiter,
        quote_char=dialect.quote_char,
        empty_string_is_null=False,
        eol_char="\n",
        comment_prefix=None,
        raise_if_empty=False,
    )
    if dialect.skip_initial_space:
        frame = frame.with_columns(pl.all().str.strip_chars_start(" "))
    return frame


def _unreadable(problems: list[RawProblem]) -> CsvTable:
    import polars as pl

    return CsvTable(
        header=None,
        header_line=0,
        frame=pl.DataFrame(),
        row_lines=None,
        first_line=1,
        problems=problems,
        readable=False,
    )

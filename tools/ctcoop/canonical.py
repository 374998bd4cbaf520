"""The canonical form of a resource's CSV, so that a pull request's diff shows only real changes.

Canonical form
--------------
* the header is the schema's field names, in schema order (a column the file lacks is added
  empty; a column the schema does not name is refused, since dropping it would lose data);
* every cell is NFC-normalized, trimmed of leading and trailing white space, and a line break
  inside a cell is a bare LF;
* blank lines are dropped;
* rows are sorted by the primary key, compared as the key cells' strings (not as typed values),
  then by the whole row, so two files with the same rows give the same bytes; a resource without
  a primary key keeps the file's row order;
* the text is written by :func:`ctcoop.csvio.csv_text`: UTF-8 without BOM, comma delimiter,
  quotes only where needed, LF line endings.

Nothing else changes: a cell's text is otherwise kept as written (no re-typing of numbers or
dates), so the data read back after formatting equals the data before, apart from the
normalizations above. Only resources in the default CSV dialect (comma, double quote, a header
row, no comment lines, UTF-8) have a canonical form here; :func:`canonical_csv` refuses others
with a :class:`~ctcoop.errors.CtcoopError` rather than rewrite them in another dialect.

:func:`canonical_csv` gives the canonical bytes; :func:`check_canonical` tells whether the file
is already canonical and, if not, where it first differs and why.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ctcoop.csvio import csv_text
from ctcoop.errors import CtcoopError

if TYPE_CHECKING:
    import polars as pl

    from ctcoop.package import Package, Resource

__all__ = [
    "CanonicalCheck",
    "RawTable",
    "canonical_csv",
    "canonical_from_bytes",
    "canonical_rows",
    "check_canonical",
    "check_canonical_bytes",
    "normalize_cell",
    "quick_canonical",
    "quick_check",
    "raw_table_from_bytes",
    "read_raw_table",
    "refuse_control",
    "sort_key",
]

_UTF8 = ("utf-8", "utf8", "utf-8-sig")
_DEFAULT_DIALECT = {"delimiter": ",", "quoteChar": '"', "header": True, "doubleQuote": True}


@dataclass(frozen=True)
class RawTable:
    """A resource's rows as normalized strings, one cell per schema field, in schema order.

    ``lines[i]`` is the 1-based line in the file where row ``i`` starts.
    """

    header: list[str]
    rows: list[list[str]]
    lines: list[int]


@dataclass(frozen=True)
class CanonicalCheck:
    """Whether a resource's file is canonical; if not, the first line that differs and why."""

    resource: str
    file: str
    canonical: bool
    line: int | None = None        #: 1-based line of the file where it first differs
    expected: str | None = None    #: that line in canonical form ('' past the end)
    found: str | None = None       #: that line as it is in the file ('' past the end)
    reason: str | None = None      #: why the line differs, in a few words

    def message(self) -> str:
        if self.canonical:
            return f"{self.file} is canonical"
        return f"{self.file} is not in canonical form: line {self.line}: {self.reason}"


def normalize_cell(value: str) -> str:
    """A cell in canonical form: NFC, line breaks as LF, no leading or trailing white space."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value).strip()


#: control characters as UTF-8 bytes (C0 but TAB, LF, CR; DEL; C1): no canonical form keeps or drops them
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


def refuse_control(res: Resource, data: bytes) -> None:
    """CtcoopError naming the line and code point when the file holds a control character.

    Trimming would drop some (``str.strip`` counts U+001C-U+001F as white space) and keep
    others: rather than change the data silently, ``fmt`` refuses the file (docs/security.md, T2).
    """
    found = _CONTROL_BYTES.search(data)
    if found is None:
        return
    char = found.group().decode("utf-8", errors="replace")
    line = data.count(b"\n", 0, found.start()) + 1
    raise CtcoopError(f"line {line} holds the control character U+{ord(char):04X}; fmt does not rewrite "
                      "a file whose cells hold control characters", file=res.path, code="control-character",
                      hint="delete the control character (ctcoop validate lists every cell that holds one)")


def _refuse_dialect(resource: Resource) -> None:
    from ctcoop.tables.source import refuse_rewrite

    refuse_rewrite(resource)
    dialect = resource.dialect
    for key, default in _DEFAULT_DIALECT.items():
        if key in dialect and dialect[key] != default:
            raise CtcoopError(
                f"resource '{resource.name}' declares dialect {key}={dialect[key]!r}; only the default "
                "CSV dialect has a canonical form", file=resource.path, code="dialect",
                hint="remove the dialect (comma, double quote, header) so `ctcoop fmt` can manage the file")
    for key in ("commentChar", "escapeChar", "commentRows", "headerRows"):
        if key in dialect:
            raise CtcoopError(
                f"resource '{resource.name}' declares dialect {key}; comment or extra header lines would be "
                "lost by rewriting", file=resource.path, code="dialect",
                hint="remove those lines and the dialect property to let `ctcoop fmt` manage the file")
    encoding = resource.descriptor.get("encoding", "utf-8")
    if not isinstance(encoding, str) or encoding.lower().replace("_", "-") not in _UTF8:
        raise CtcoopError(f"resource '{resource.name}' declares encoding {encoding!r}; the canonical form is "
                          "UTF-8", file=resource.path, code="dialect",
                          hint="convert the file to UTF-8 and set \"encoding\": \"utf-8\"")


def _decode(data: bytes, file: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CtcoopError(f"line {line} is not valid UTF-8 (byte {exc.start})", file=file, code="encoding",
                          hint="save the file as UTF-8") from None
    return text.removeprefix("\ufeff")


def read_raw_table(package: Package, resource: Resource | str) -> RawTable:
    """The resource's rows as normalized strings in schema field order (see the module docstring).

    Raises :class:`~ctcoop.errors.CtcoopError`, naming the file and line, when the file cannot be
    mapped onto the schema without losing data: not UTF-8, a non-default dialect, an empty file,
    a duplicated or unknown header column, or a row with more or fewer cells than the header.
    """
    res = package.resource(resource) if isinstance(resource, str) else resource
    return raw_table_from_bytes(res, package.read(res.path))


def raw_table_from_bytes(res: Resource, data: bytes) -> RawTable:
    """:func:`read_raw_table` on the given bytes of the resource's file."""
    _refuse_dialect(res)
    text = _decode(data, res.path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    names = res.field_names
    try:
        header_cells = next(reader, None)
        if header_cells is None:
            raise CtcoopError("the file is empty (no header row)", file=res.path, code="empty-file",
                              hint="write the header row: " + ",".join(names))
        header = [normalize_cell(h) for h in header_cells]
        seen: set[str] = set()
        for pos, name in enumerate(header, start=1):
            if name in seen:
                raise CtcoopError(f"line 1: column {pos} repeats the header '{name}'", file=res.path,
                                  code="duplicate-header", hint="every column needs a distinct name")
            seen.add(name)
            if name not in names:
                raise CtcoopError(
                    f"line 1: column {pos} '{name}' is not a field of the schema; rewriting would drop it",
                    file=res.path, code="extra-header",
                    hint="add the field to the schema or remove the column; fields: " + ", ".join(names))
        order = [header.index(n) if n in header else None for n in names]
        rows: list[list[str]] = []
        lines: list[int] = []
        start = reader.line_num + 1
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not cells or (len(cells) == 1 and not cells[0].strip() and len(header) > 1):
                continue  # a blank line holds no data
            if len(cells) != len(header):
                raise CtcoopError(
                    f"line {line} has {len(cells)} cells but the header has {len(header)}",
                    file=res.path, code="ragged-row",
                    hint="fix the row (a missing or extra comma, or an unquoted comma in a cell), then rerun")
            rows.append([normalize_cell(cells[i]) if i is not None else "" for i in order])
            lines.append(line)
    except csv.Error as exc:
        raise CtcoopError(f"line {reader.line_num}: the CSV cannot be parsed: {exc}", file=res.path,
                          code="csv-parse", hint="look for an unterminated quote") from None
    return RawTable(header=list(names), rows=rows, lines=lines)


def sort_key(resource: Resource) -> list[int]:
    """Positions (in schema order) of the primary-key fields; empty when there is no primary key."""
    names = resource.field_names
    return [names.index(k) for k in resource.primary_key if k in names]


def canonical_rows(resource: Resource, rows: list[list[str]]) -> list[list[str]]:
    """Rows (already normalized, schema order) in canonical order."""
    key = sort_key(resource)
    if not key:
        return list(rows)
    return sorted(rows, key=lambda r: ([r[i] for i in key], r))


def canonical_csv(package: Package, resource: Resource | str) -> bytes:
    """The canonical bytes of the resource's CSV (see the module docstring)."""
    res = package.resource(resource) if isinstance(resource, str) else resource
    return canonical_from_bytes(res, package.read(res.path))


def canonical_from_bytes(res: Resource, data: bytes) -> bytes:
    """:func:`canonical_csv` of the given bytes of the resource's file."""
    table = raw_table_from_bytes(res, data)
    return csv_text(table.header, canonical_rows(res, table.rows)).encode("utf-8")


def _lines(text: str) -> list[str]:
    """The text's lines, each with its LF (the last one without, if the text does not end with LF)."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _parse_line(line: str) -> list[str] | None:
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return None


def _reason(found: str, expected: str, expected_lines: set[str]) -> str:
    if not found and expected:
        return "a blank line, or the file ends early"
    if found and not expected:
        return "the file goes on after the last canonical line"
    if found.endswith("\r") and found[:-1] == expected:
        return "the line ends with CR LF; canonical files use LF"
    if found.startswith("\ufeff"):
        return "the file starts with a byte-order mark; canonical files have none"
    cells, want = _parse_line(found.rstrip("\r")), _parse_line(expected)
    if cells is not None and cells == want:
        return "the quoting differs from the canonical style (quotes only where needed)"
    if cells is not None and want is not None and [normalize_cell(c) for c in cells] == want:
        if any(c != unicodedata.normalize("NFC", c) for c in cells):
            return "a cell is not in Unicode NFC"
        return "a cell has leading or trailing white space"
    if found.rstrip("\r") in expected_lines:
        return "the rows are not in primary-key order"
    return "the line differs from the canonical form"


def check_canonical(package: Package, resource: Resource | str) -> CanonicalCheck:
    """Whether the resource's file equals its canonical form, and where it first differs.

    Raises :class:`~ctcoop.errors.CtcoopError` when the file has no canonical form (see
    :func:`read_raw_table`).
    """
    res = package.resource(resource) if isinstance(resource, str) else resource
    return check_canonical_bytes(res, package.read(res.path))


def check_canonical_bytes(res: Resource, current: bytes, cells: pl.DataFrame | None = None) -> CanonicalCheck:
    """:func:`check_canonical` on the given bytes of the resource's file.

    ``cells`` may pass the file's cells already parsed (see :func:`quick_canonical`).
    """
    if quick_canonical(res, current, cells):
        return CanonicalCheck(resource=res.name, file=res.path, canonical=True)
    wanted = canonical_from_bytes(res, current)
    if current == wanted:
        return CanonicalCheck(resource=res.name, file=res.path, canonical=True)
    have = _lines(current.decode("utf-8"))
    want = _lines(wanted.decode("utf-8"))
    for index in range(max(len(have), len(want))):
        found = have[index] if index < len(have) else None
        expected = want[index] if index < len(want) else None
        if found != expected:
            shown_found = "" if found is None else found.removesuffix("\n")
            shown_expected = "" if expected is None else expected.removesuffix("\n")
            if found is not None and expected is not None and shown_found == shown_expected:
                reason = "the file does not end with a line break"
            else:
                reason = _reason(shown_found, shown_expected, {w.removesuffix("\n") for w in want})
            return CanonicalCheck(resource=res.name, file=res.path, canonical=False, line=index + 1,
                                  expected=shown_expected, found=shown_found, reason=reason)
    raise AssertionError("unreachable: different bytes with equal lines")  # pragma: no cover


# --- the quick, vectorized proof that a file is canonical -----------------------------------------
#
# The exact path above parses and re-writes every row in Python (about 9 s for 1,000,000 rows of 8
# fields). :func:`quick_check` does the same job column-wise with polars: it parses the file (or
# takes the cells a caller already parsed), rebuilds the canonical text of those cells and compares
# it line by line with the file, and checks order, trimming and NFC on the columns. When every rule
# holds the file *is* its canonical form (the text is the minimal-quoting encoding of cells that are
# normalized and sorted); when a rule fails, it says which and on what line. When it cannot tell
# (polars cannot parse the file, a non-default dialect), it returns None and the exact path decides.

#: the characters ``str.strip`` removes (str.isspace)
_WHITE_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def _cell(name: str) -> pl.Expr:
    """A column of cells as text, empty cells as ``""`` (a caller's frame may hold them as null)."""
    import polars as pl

    return pl.col(name).fill_null("")


def _encoded_rows(cells: pl.DataFrame) -> pl.Series:
    """Each row written as csv.writer(QUOTE_MINIMAL) writes it, without the line break."""
    import polars as pl

    quote = pl.lit('"')
    encoded: list[pl.Expr] = []
    for name in cells.columns:
        col = _cell(name)
        needs_quotes = col.str.contains_any([",", '"', "\n", "\r"])
        if cells.width == 1:  # csv.writer quotes the empty field of a one-field row
            needs_quotes = needs_quotes | (col == "")
        quoted = pl.concat_str([quote, col.str.replace_all('"', '""', literal=True), quote])
        encoded.append(pl.when(needs_quotes).then(quoted).otherwise(col))
    return cells.select(pl.concat_str(encoded, separator=",").alias("row"))["row"]


def _encoded_length(cells: pl.DataFrame) -> int:
    """Bytes of the rows as :func:`_encoded_rows` writes them, each with its line break, not built."""
    import polars as pl

    sizes: list[pl.Expr] = []
    for name in cells.columns:
        col = _cell(name)
        needs_quotes = col.str.contains_any([",", '"', "\n", "\r"])
        if cells.width == 1:
            needs_quotes = needs_quotes | (col == "")
        extra = pl.when(needs_quotes).then(col.str.count_matches('"', literal=True) + 2).otherwise(0)
        sizes.append(col.str.len_bytes().cast(pl.Int64) + extra.cast(pl.Int64))
    per_row = pl.sum_horizontal(sizes) + cells.width  # the commas between cells and the line break
    return int(cells.select(per_row.sum()).item() or 0) if cells.height else 0


def _first_differing_row(rows: pl.Series, data: bytes, start_at: int,
                         batch: int = 65536) -> tuple[int, int] | None:
    """(row index, byte offset in ``data``) where the rows' text stops matching ``data[start_at:]``.

    None when it matches to the end. Compares batch by batch, in place (``bytes.startswith`` at an
    offset), so no copy of the whole text is made.
    """
    body = data
    offset = start_at
    for start in range(0, len(rows), batch):
        part = rows.slice(start, batch)
        chunk = (str(part.str.join("\n").item()) + "\n").encode("utf-8")
        if body.startswith(chunk, offset):
            offset += len(chunk)
            continue
        for index, text in enumerate(part.to_list()):
            line = (str(text) + "\n").encode("utf-8")
            if not body.startswith(line, offset):
                return start + index, offset
            offset += len(line)
    return None if offset == len(body) else (len(rows), offset)


def _first(mask: pl.Series) -> int | None:
    """Index of the first True in a boolean series, or None."""
    hits = mask.fill_null(False).arg_true()
    return int(hits[0]) if len(hits) else None


def _first_out_of_order(cells: pl.DataFrame, key: list[str]) -> int | None:
    """Index of the first row that sorts before the row above it (by key, then whole row), or None."""
    import polars as pl

    if cells.height < 2:
        return None

    def in_order(columns: list[str], strict: bool) -> pl.Series:
        ok: pl.Expr = pl.lit(not strict)
        for name in reversed(columns):
            here, after = _cell(name), _cell(name).shift(-1)
            ok = (here < after) | ((here == after) & ok)
        return cells.select(ok.alias("ok"))["ok"].head(cells.height - 1)

    if bool(in_order(key, strict=True).all()):  # keys strictly increasing: the usual case
        return None
    bad = _first(~in_order(key + list(cells.columns), strict=False))
    return None if bad is None else bad + 1


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def quick_check(res: Resource, data: bytes, cells: pl.DataFrame | None = None, *,
                strict: bool = False) -> CanonicalCheck | None:
    """Whether ``data`` is the canonical form of the resource's file, told column-wise; None if unsure.

    ``cells``, if given, must be the file's cells as read: one String column per schema field in
    schema order, values exactly as in the file (empty cells as ``""`` or null). Without it the
    bytes are parsed here with polars. A failing result names the first line that breaks a rule
    (which may come after the first line that differs from the canonical form).

    ``strict`` says that ``cells`` come from a parser that found no quote out of place (text
    before or after a quoted part, a quote inside an unquoted cell) and no blank line, such as
    the validator's reader when it reported no problem. Then every cell of the file is quoted
    only if needed or more, so the file is the minimal-quoting text of the cells exactly when it
    has that text's length: the check compares lengths instead of building the text.
    """
    import polars as pl

    def fail(line: int, reason: str) -> CanonicalCheck:
        return CanonicalCheck(resource=res.name, file=res.path, canonical=False, line=line, reason=reason)

    names = res.field_names
    header = csv_text(names, []).encode("utf-8")
    given = cells is not None  # (``strict`` speaks of the caller's cells, never of a parse here)
    try:
        _refuse_dialect(res)
    except CtcoopError:
        return None
    if not names or not data:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        return fail(1, "the file starts with a byte-order mark; canonical files have none")
    if b"\r" in data:
        return fail(_line_of(data, data.index(b"\r")), "the line ends with CR LF; canonical files use LF")
    if not data.startswith(header):
        return fail(1, "the header is not the schema's field names in schema order")
    if not data.endswith(b"\n"):
        return fail(_line_of(data, len(data) - 1), "the file does not end with a line break")
    try:
        normal = data.isascii() or unicodedata.is_normalized("NFC", data.decode("utf-8"))
        if cells is None:
            cells = pl.read_csv(data, infer_schema=False, has_header=True, raise_if_empty=False)
    except (UnicodeDecodeError, pl.exceptions.PolarsError):
        return None
    if list(cells.columns) != names or any(dtype != pl.String for dtype in cells.dtypes):
        return None
    same_length = strict and given and len(header) + _encoded_length(cells) == len(data)
    rows = pl.Series([], dtype=pl.String) if same_length else _encoded_rows(cells)
    newlines = cells.select(pl.sum_horizontal(
        [_cell(c).str.count_matches("\n", literal=True) for c in names]).alias("n"))["n"]
    row_line = (newlines + 1).cum_sum() - newlines + 1  # line where each canonical row starts
    problems: list[tuple[int, str]] = []

    differs = None if same_length else _first_differing_row(rows, data, len(header))
    if differs is not None:
        index, offset = differs
        end = data.find(b"\n", offset)
        have = data[offset:end if end != -1 else len(data)].decode("utf-8", errors="replace")
        want = str(rows[index]).split("\n", 1)[0] if index < len(rows) else ""
        problems.append((_line_of(data, offset), _reason(have, want, set())))

    untrimmed = cells.select(pl.any_horizontal(
        [pl.col(c).str.strip_chars(_WHITE_SPACE).str.len_bytes() != pl.col(c).str.len_bytes()
         for c in names]).alias("x"))["x"]
    bad = _first(untrimmed) if cells.height else None
    if bad is not None:
        problems.append((int(row_line[bad]), "a cell has leading or trailing white space"))
    if not normal:
        denormal = cells.select(pl.any_horizontal(
            [pl.col(c).str.normalize("NFC") != pl.col(c) for c in names]).alias("x"))["x"]
        bad = _first(denormal)
        problems.append((int(row_line[bad]) if bad is not None else 1, "a cell is not in Unicode NFC"))
    key = [names[i] for i in sort_key(res)]
    bad = _first_out_of_order(cells, key) if key else None  # no key: the file's order is canonical
    if bad is not None:
        problems.append((int(row_line[bad]), "this row sorts before the one above it (rows are ordered by "
                                            "primary key)"))
    if not problems:
        return CanonicalCheck(resource=res.name, file=res.path, canonical=True)
    line, reason = min(problems)
    return fail(line, reason)


def quick_canonical(res: Resource, data: bytes, cells: pl.DataFrame | None = None) -> bool:
    """True when :func:`quick_check` proves ``data`` canonical (False: not canonical, or unsure)."""
    found = quick_check(res, data, cells)
    return found is not None and found.canonical

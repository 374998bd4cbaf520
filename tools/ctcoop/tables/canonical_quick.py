"""The quick, column-wise proof that a file is in canonical form (:mod:`ctcoop.tables.canonical`).

The exact path (:func:`ctcoop.tables.canonical.canonical_from_bytes`) reads and re-writes
every row (several seconds for 1,000,000 rows of 8 fields). :func:`quick_check` does the same
job column-wise with polars: it parses the file (or
takes the cells a caller already parsed), rebuilds the canonical text of those cells and compares
it line by line with the file, and checks order, trimming and NFC on the columns. When every rule
holds the file *is* its canonical form (the text is the minimal-quoting encoding of cells that are
normalized and sorted); when a rule fails, it says which and on what line. When it cannot tell
(polars cannot parse the file, a non-default dialect), it returns None and the exact path decides.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from ctcoop.csvio import csv_text
from ctcoop.errors import CtcoopError
from ctcoop.tables.canonical import CanonicalCheck, reason_of, refuse_dialect
from ctcoop.tables.row_order import sort_key

if TYPE_CHECKING:
    import polars as pl

    from ctcoop.package import Resource

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


def _surface(data: bytes, header: bytes) -> tuple[int, str] | None:
    """(line, reason) of the first rule of the file's surface it breaks: BOM, CR, header, final LF."""
    if data.startswith(b"\xef\xbb\xbf"):
        return 1, "the file starts with a byte-order mark; canonical files have none"
    if b"\r" in data:
        return _line_of(data, data.index(b"\r")), "the line ends with CR LF; canonical files use LF"
    if not data.startswith(header):
        return 1, "the header is not the schema's field names in schema order"
    if not data.endswith(b"\n"):
        return _line_of(data, len(data) - 1), "the file does not end with a line break"
    return None


def _cell_rules(
    res: Resource, cells: pl.DataFrame, row_line: pl.Series, normal: bool
) -> list[tuple[int, str]]:
    """(line, reason) of the first row breaking each rule on cells: blank rows, trimming, NFC, order."""
    import polars as pl

    names = res.field_names
    problems: list[tuple[int, str]] = []
    empty = cells.select(pl.all_horizontal([_cell(c) == "" for c in names]).alias("x"))["x"]
    bad = _first(empty) if cells.height else None
    if bad is not None:  # read as a blank row, left out of the canonical form
        problems.append((int(row_line[bad]), "a row whose cells are all empty (a blank row)"))
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
    return problems


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
        refuse_dialect(res)
    except CtcoopError:
        return None
    if not names or not data:
        return None
    if not data.startswith(header) and res.schema.get("fieldsMatch") in ("subset", "partial"):
        return None  # columns the schema does not name, kept after its fields: the exact path decides
    surface = _surface(data, header)
    if surface is not None:
        return fail(*surface)
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
        problems.append((_line_of(data, offset), reason_of(have, want, set())))

    problems.extend(_cell_rules(res, cells, row_line, normal))
    if not problems:
        return CanonicalCheck(resource=res.name, file=res.path, canonical=True)
    line, reason = min(problems)
    return fail(line, reason)


def quick_canonical(res: Resource, data: bytes, cells: pl.DataFrame | None = None) -> bool:
    """True when :func:`quick_check` proves ``data`` canonical (False: not canonical, or unsure)."""
    found = quick_check(res, data, cells)
    return found is not None and found.canonical

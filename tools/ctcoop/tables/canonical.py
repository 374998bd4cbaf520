"""The canonical form of a resource's CSV, so that a pull request's diff shows only real changes.

Canonical form
--------------
* the header is the schema's field names, in schema order and spelled as the schema spells them
  (a header that differs only by case, or lists the fields in another order where ``fieldsMatch``
  allows it, is rewritten so); a field the file has no column for (``superset``, ``partial``) gets
  an empty column; the columns no field maps to (``subset``, ``partial``) follow, in the file's
  order, under their own labels, so no data is dropped;
* every cell is NFC-normalized, trimmed of leading and trailing white space, and a line break
  inside a cell is a bare LF;
* a row whose cells are all empty once trimmed is dropped (an empty line or a row of empty cells
  is validate's ``blank-row`` error: such a file is refused, as every reading error is);
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

The rows come from the string view (:func:`ctcoop.tables.strings.read_strings`), the header mapped
under the schema's ``fieldsMatch``; a table whose reading met an error (a header that does not fit
the schema, a blank or ragged row, bad UTF-8: what ``ctcoop validate`` reports, see
:mod:`ctcoop.tables.reading`) has no canonical form and is refused with that error; a stray quote
that validate only warns about is read as written and quoted in the canonical form.
:func:`canonical_csv` gives the canonical bytes; :func:`check_canonical` tells whether the file
is already canonical and, if not, where it first differs and why (:mod:`ctcoop.tables.canonical_quick`
proves it column-wise first).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ctcoop.csvio import csv_text
from ctcoop.errors import CtcoopError
from ctcoop.tables.memory import with_bytes
from ctcoop.tables.row_order import canonical_rows
from ctcoop.tables.source import refuse_rewrite, table_bytes
from ctcoop.tables.strings import strings_or_refuse

if TYPE_CHECKING:
    import polars as pl

    from ctcoop.package import Package, Resource

_UTF8 = ("utf-8", "utf8", "utf-8-sig")
_DEFAULT_DIALECT = {"delimiter": ",", "quoteChar": '"', "header": True, "doubleQuote": True}
#: the characters ``str.strip`` removes (str.isspace)
_WHITE_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


@dataclass(frozen=True)
class RawTable:
    """A resource's rows as normalized strings, one cell per schema field, in schema order.

    ``lines[i]`` is the 1-based line in the file where row ``i`` starts.
    """

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    #: the file's own header labels, normalized, in the file's order
    labels: list[str] = field(default_factory=list)
    #: for each column of the file, in the file's order, the index of its cell in ``header`` and ``rows``
    file_order: list[int] = field(default_factory=list)


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


def _normalized(column: pl.Expr) -> pl.Expr:
    """:func:`normalize_cell` as a column expression."""
    text = column.fill_null("")
    lf = text.str.replace_all("\r\n", "\n", literal=True).str.replace_all("\r", "\n", literal=True)
    return lf.str.normalize("NFC").str.strip_chars(_WHITE_SPACE)


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


def refuse_dialect(resource: Resource) -> None:
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
        raise CtcoopError(f"resource '{resource.name}' declares encoding {encoding!r}, so it has no "
                          "canonical CSV form (UTF-8); fmt and new write UTF-8 files only",
                          file=resource.path, code="dialect",
                          hint="convert the file to UTF-8 and set \"encoding\": \"utf-8\"")


def read_raw_table(package: Package, resource: Resource | str) -> RawTable:
    """The resource's rows as normalized strings, schema fields in schema order, then the columns no
    field maps to (see the module docstring).

    Raises :class:`~ctcoop.errors.CtcoopError`, naming the file, line and code, when the file has
    no canonical form: a non-default dialect, or any error ``ctcoop validate`` finds in its reading
    (an empty file, bad UTF-8, a header that does not fit the schema, a blank or ragged row).
    """
    import polars as pl

    res = package.resource(resource) if isinstance(resource, str) else resource
    refuse_dialect(res)
    table = strings_or_refuse(package, res, null_missing=False, extra_columns=True)
    stray = [p.line for p in table.records.problems if p.code == "quote-error"]
    _refuse_text_after_quotes(package, res, stray)
    present = set(table.frame.columns)
    extra = table.extra if table.extra is not None else pl.DataFrame()
    frame = table.frame.select(
        [_normalized(pl.col(n)).alias(n) if n in present else pl.lit("").alias(n) for n in res.field_names]
    )
    if extra.width:  # named apart from the fields (a label may equal a field's name in another case)
        frame = frame.hstack(
            extra.select([_normalized(pl.col(c)).alias(f"\0extra {i}") for i, c in enumerate(extra.columns)])
        )
    lines = [table.line(r) for r in range(frame.height)]
    # a row whose cells are all empty once normalized is a blank row: not part of the canonical form
    kept = [(list(r), line) for r, line in zip(frame.rows(), lines, strict=True) if any(r)]
    labels = [normalize_cell(label) for label in table.records.header or []]
    rows, lines = [r for r, _ in kept], [line for _, line in kept]
    extras = iter(range(len(res.field_names), len(res.field_names) + extra.width))
    by_column = {i: res.field_names.index(n) for n, i in table.columns.items()}
    file_order = [by_column[i + 1] if i + 1 in by_column else next(extras) for i in range(len(labels))]
    header = list(res.field_names) + [normalize_cell(c) for c in extra.columns]
    return RawTable(header=header, rows=rows, lines=lines, labels=labels, file_order=file_order)


def file_bytes(package: Package, res: Resource) -> bytes:
    """The bytes of the resource's file as they are (what ``fmt`` compares and rewrites); CtcoopError when
    the table's bytes are not a file's own (another format, several parts, inline data)."""
    refuse_rewrite(res)
    source = table_bytes(package, res)
    if source.positions is not None or source.format != "csv" or source.file != res.path:
        raise CtcoopError(
            f"resource '{res.name}' has no canonical CSV form: its dialect is read through a "
            "conversion to plain CSV; fmt and new rewrite files in the default CSV dialect only",
            file=source.file,
            code="dialect",
            hint="`ctcoop fmt` manages CSV files only",
        )
    return source.data


def _refuse_text_after_quotes(package: Package, res: Resource, lines: list[int | None]) -> None:
    """A stray quote inside an unquoted cell (``a"b``) is read as written and quoted in the canonical
    form; text after a closing quote (``"a"b``) has no one reading, so no canonical form: refused."""
    if not lines:
        return
    text = file_bytes(package, res).decode("utf-8", errors="replace").split("\n")
    for line in lines:
        if line is None or line > len(text):
            continue
        try:
            list(csv.reader([text[line - 1].rstrip("\r")], strict=True))
        except csv.Error as exc:
            raise CtcoopError(
                f"line {line}: the CSV cannot be parsed: {exc}",
                file=res.path,
                code="csv-parse",
                hint="quote the whole cell and double the quotes inside it",
            ) from None


def raw_table_from_bytes(res: Resource, data: bytes, package: Package | None = None) -> RawTable:
    """:func:`read_raw_table` on the given bytes of the resource's file."""
    return read_raw_table(with_bytes(package, res, data), res)


def canonical_csv(package: Package, resource: Resource | str) -> bytes:
    """The canonical bytes of the resource's CSV (see the module docstring)."""
    res = package.resource(resource) if isinstance(resource, str) else resource
    table = read_raw_table(package, res)
    return csv_text(table.header, canonical_rows(res, table.rows)).encode("utf-8")


def canonical_from_bytes(res: Resource, data: bytes, package: Package | None = None) -> bytes:
    """:func:`canonical_csv` of the given bytes of the resource's file."""
    return canonical_csv(with_bytes(package, res, data), res)


def _lines(text: str) -> list[str]:
    """The text's lines, each with its LF (the last one without, if the text does not end with LF)."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _parse_line(line: str) -> list[str] | None:
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return None


def reason_of(found: str, expected: str, expected_lines: set[str]) -> str:
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
    return check_canonical_bytes(res, file_bytes(package, res), package)


def check_canonical_bytes(
    res: Resource, current: bytes, package: Package | None = None, cells: pl.DataFrame | None = None
) -> CanonicalCheck:
    """:func:`check_canonical` on the given bytes of the resource's file.

    ``cells`` may pass the file's cells already parsed (see :func:`quick_canonical`).
    """
    from ctcoop.tables.canonical_quick import quick_canonical

    if quick_canonical(res, current, cells):
        return CanonicalCheck(resource=res.name, file=res.path, canonical=True)
    wanted = canonical_from_bytes(res, current, package)
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
                reason = reason_of(shown_found, shown_expected, {w.removesuffix("\n") for w in want})
            return CanonicalCheck(resource=res.name, file=res.path, canonical=False, line=index + 1,
                                  expected=shown_expected, found=shown_found, reason=reason)
    raise AssertionError("unreachable: different bytes with equal lines")  # pragma: no cover

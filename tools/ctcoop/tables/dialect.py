"""The Table Dialect of a resource (v1 and v2): every property, and what the CSV parser reads with.

:class:`TableDialect` holds every property the standard names, parsed once from the resource's
``dialect`` (an object, or a path or URL of a JSON file, resolved by :mod:`ctcoop.tables.source`).
:class:`Dialect` is the part the fast CSV parser speaks; :meth:`TableDialect.fast` says whether
the file's own bytes can go to it. :data:`DIALECT_PROPERTIES` lists every property with its
meaning, for the generated docs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: every Table Dialect property (v1 and v2) and what ctcoop does with it (one line each)
DIALECT_PROPERTIES: dict[str, str] = {
    "delimiter": "the character sequence between cells (default `,`; `\\t` for TSV)",
    "lineTerminator": "the character sequence that ends a row (default `\\r\\n`; `\\n` and `\\r\\n` "
    "are both read whatever it says, another sequence is read as given)",
    "quoteChar": 'the one character that quotes a cell (default `"`)',
    "doubleQuote": "whether a doubled quote character inside a quoted cell stands for one (default true)",
    "escapeChar": "a character that makes the next character literal (a delimiter, a quote)",
    "nullSequence": "a cell equal to it is a missing value",
    "skipInitialSpace": "whether spaces right after a delimiter are dropped (header and data alike)",
    "header": "whether the file has a header row (default true)",
    "headerRows": "the row numbers of the header (default `[1]`); rows before the first are skipped",
    "headerJoin": "what joins the labels of several header rows (default a space; empty parts are left out)",
    "commentRows": "row numbers that are not data (skipped)",
    "commentChar": "a row that starts with it is a comment (skipped)",
    "caseSensitiveHeader": "whether header labels are matched to field names with case (default false)",
    "csvddfVersion": "the CSV Dialect version (v1); informative only",
    "property": "JSON: the property of the top-level object that holds the rows",
    "itemType": "JSON: whether rows are arrays or objects (default: as the first row is)",
    "itemKeys": "JSON: the keys of row objects to read, in this order "
    "(default: every key, in order of first use)",
    "sheetNumber": "XLSX, ODS: the 1-based number of the sheet to read (default 1)",
    "sheetName": "XLSX, ODS: the name of the sheet to read (before sheetNumber)",
    "table": "SQL: the table to read; ctcoop reads no SQL database (a format-unsupported error)",
}

_STANDARD_TERMINATORS = ("\r\n", "\n")


@dataclass(frozen=True)
class Dialect:
    """The CSV dialect the fast parser reads with (Table Dialect v2 subset)."""

    delimiter: str = ","
    quote_char: str = '"'
    header: bool = True
    comment_char: str | None = None
    null_sequence: str | None = None
    skip_initial_space: bool = False
    case_sensitive_header: bool = False


@dataclass(frozen=True)
class TableDialect:
    """Every Table Dialect property (v1 and v2), with the standard's defaults."""

    delimiter: str = ","
    line_terminator: str = "\r\n"
    quote_char: str = '"'
    double_quote: bool = True
    escape_char: str | None = None
    null_sequence: str | None = None
    skip_initial_space: bool = False
    header: bool = True
    header_rows: tuple[int, ...] = (1,)
    header_join: str = " "
    comment_rows: tuple[int, ...] = ()
    comment_char: str | None = None
    case_sensitive_header: bool = False
    property: str | None = None
    item_type: str | None = None
    item_keys: tuple[str, ...] | None = None
    sheet_number: int = 1
    sheet_name: str | None = None

    def fast(self) -> bool:
        """Whether the fast CSV parser reads the file's own bytes with :meth:`parser` as they are."""
        return (
            len(self.delimiter) == 1
            and self.double_quote
            and self.escape_char is None
            and not self.skip_initial_space
            and (not self.header or self.header_rows == (1,))
            and not self.comment_rows
            and self.line_terminator in _STANDARD_TERMINATORS
        )

    def parser(self) -> Dialect:
        """The fast parser's dialect for the file as it is."""
        return Dialect(
            delimiter=self.delimiter,
            quote_char=self.quote_char,
            header=self.header,
            comment_char=self.comment_char,
            null_sequence=self.null_sequence,
            skip_initial_space=self.skip_initial_space,
            case_sensitive_header=self.case_sensitive_header,
        )

    def plain(self) -> Dialect:
        """The fast parser's dialect for plain CSV made from the table (comments and header rows
        already resolved, so only the header flag, nullSequence and caseSensitiveHeader remain)."""
        return Dialect(
            header=self.header,
            null_sequence=self.null_sequence,
            case_sensitive_header=self.case_sensitive_header,
        )


def _rows(value: Any, name: str, default: tuple[int, ...], bad: list[str]) -> tuple[int, ...]:
    if value is None:
        return default
    if isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in value
    ):
        return tuple(sorted(set(value)))
    bad.append(name)
    return default


def _text(
    d: dict[str, Any], key: str, default: str | None, bad: list[str], *, one: bool = False
) -> str | None:
    value = d.get(key, default)
    if value is None or (isinstance(value, str) and value and (len(value) == 1 or not one)):
        return value
    bad.append(key)
    return default


def _flag(d: dict[str, Any], key: str, default: bool, bad: list[str]) -> bool:
    value = d.get(key, default)
    if isinstance(value, bool):
        return value
    bad.append(key)
    return default


def parse_dialect(descriptor: Any, *, delimiter: str = ",") -> tuple[TableDialect, list[str]]:
    """Every property of a ``dialect`` object, and the names of those whose value cannot be
    honoured (of the wrong type, or a delimiter that is also the quote): each falls back to its
    default and is reported by name. ``delimiter`` is the format's default (a tab for TSV)."""
    d = descriptor if isinstance(descriptor, dict) else {}
    bad: list[str] = []
    delim = _text(d, "delimiter", delimiter, bad) or delimiter
    if any(c in delim for c in "\r\n"):
        bad.append("delimiter")
        delim = delimiter
    quote = _text(d, "quoteChar", '"', bad, one=True) or '"'
    if quote in delim:
        bad.append("quoteChar")
        quote = '"'
    escape = _text(d, "escapeChar", None, bad, one=True)
    if escape is not None and escape in delim:
        bad.append("escapeChar")
        escape = None
    join = d.get("headerJoin", " ")
    if not isinstance(join, str):
        bad.append("headerJoin")
        join = " "
    terminator = _text(d, "lineTerminator", "\r\n", bad) or "\r\n"
    sheet = d.get("sheetNumber", 1)
    if not isinstance(sheet, int) or isinstance(sheet, bool) or sheet < 1:
        bad.append("sheetNumber")
        sheet = 1
    keys = d.get("itemKeys")
    if keys is not None and not (isinstance(keys, list) and all(isinstance(k, str) for k in keys)):
        bad.append("itemKeys")
        keys = None
    item_type = d.get("itemType")
    if item_type not in (None, "array", "object"):
        bad.append("itemType")
        item_type = None
    header = _flag(d, "header", True, bad)
    raw_rows = d.get("headerRows")
    if raw_rows in ([], [0]):  # no header row (v1 tools wrote [0])
        header, raw_rows = False, None
    header_rows = _rows(raw_rows, "headerRows", (1,), bad)
    table = TableDialect(
        delimiter=delim,
        line_terminator=terminator,
        quote_char=quote,
        double_quote=_flag(d, "doubleQuote", True, bad),
        escape_char=escape,
        null_sequence=d.get("nullSequence") if isinstance(d.get("nullSequence"), str) else None,
        skip_initial_space=_flag(d, "skipInitialSpace", False, bad),
        header=header,
        header_rows=header_rows,
        header_join=join,
        comment_rows=_rows(d.get("commentRows"), "commentRows", (), bad),
        comment_char=_text(d, "commentChar", None, bad),
        case_sensitive_header=_flag(d, "caseSensitiveHeader", False, bad),
        property=d.get("property") if isinstance(d.get("property"), str) else None,
        item_type=item_type,
        item_keys=tuple(keys) if keys is not None else None,
        sheet_number=sheet,
        sheet_name=_text(d, "sheetName", None, bad),
    )
    return table, sorted(set(bad))


def dialect_from(descriptor: dict[str, Any]) -> tuple[Dialect, list[str]]:
    """The fast parser's dialect from a resource's ``dialect`` object, and the properties it cannot
    honour as the file is (read through :func:`ctcoop.tables.source.table_bytes` to have them all)."""
    table, bad = parse_dialect(descriptor)
    unsupported = list(bad)
    if not table.double_quote:
        unsupported.append("doubleQuote")
    if table.escape_char is not None:
        unsupported.append("escapeChar")
    if table.header and table.header_rows != (1,):
        unsupported.append("headerRows")
    if table.comment_rows:
        unsupported.append("commentRows")
    return table.parser(), unsupported

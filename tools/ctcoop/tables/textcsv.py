"""Delimited text (CSV, TSV) read row by row through the whole Table Dialect.

Used when the fast parser cannot read the bytes as they are: several parts, a compressed file,
``escapeChar``, ``doubleQuote: false``, ``skipInitialSpace``, several header rows, comment rows,
a delimiter of more than one character or a ``lineTerminator`` other than ``\\n``/``\\r\\n``.
Python's csv module reads the common cases; a small scanner reads the rest (an unusual line
terminator or delimiter), where a row's "line" is its record number unless the terminator
holds a line break.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ctcoop.errors import PackageLoadError
from ctcoop.tables.dialect import TableDialect
from ctcoop.tables.plain import Row


def decode(data: bytes, encoding: str, file: str) -> str:
    """The text of a part (a UTF-8 byte order mark dropped); a byte the encoding does not allow
    is an ``encoding-error`` naming the line."""
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except LookupError:
        raise PackageLoadError(
            f"'{file}' declares the unknown encoding '{encoding}'",
            file=file,
            code="encoding-error",
            hint='declare "encoding": "utf-8" and save the file so',
        ) from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PackageLoadError(
            f"line {line} of '{file}' is not valid {encoding} (byte {exc.start})",
            file=file,
            code="encoding-error",
            hint=f'save the file as {encoding}, or declare its "encoding"',
        ) from None


def _python_rows(text: str, d: TableDialect, index: int, file: str) -> Iterator[Row]:
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=d.delimiter,
        quotechar=d.quote_char,
        doublequote=d.double_quote,
        escapechar=d.escape_char,
        skipinitialspace=d.skip_initial_space,
        strict=False,
    )
    start = 1
    try:
        for cells in reader:
            yield Row(cells, index, start, reader.line_num - start + 1)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise PackageLoadError(
            f"line {reader.line_num} of '{file}' cannot be read: {exc}",
            file=file,
            code="csv-parse",
            hint="look for an unterminated quote or a very long cell",
        ) from None


class _Scanner:
    """Cells and records by hand, for a delimiter or a line terminator Python's csv cannot take."""

    def __init__(self, text: str, d: TableDialect) -> None:
        self.text, self.d = text, d
        self.by_record = "\n" not in d.line_terminator

    def rows(self, index: int) -> Iterator[Row]:
        text, d = self.text, self.d
        i, n, number, line = 0, len(text), 1, 1
        cells: list[str] = []
        cell: list[str] = []
        quoted = opened = False
        start = 0
        while i < n:
            c = text[i]
            if d.escape_char is not None and c == d.escape_char and i + 1 < n:
                cell.append(text[i + 1])
                i += 2
                continue
            if quoted:
                if c == d.quote_char:
                    if d.double_quote and text.startswith(d.quote_char, i + 1):
                        cell.append(c)
                        i += 2
                        continue
                    quoted = False
                else:
                    cell.append(c)
                i += 1
                continue
            if c == d.quote_char and not cell and not opened:
                quoted = opened = True
                i += 1
            elif text.startswith(d.delimiter, i):
                cells.append("".join(cell))
                cell, opened = [], False
                i += len(d.delimiter)
                while d.skip_initial_space and i < n and text[i] == " ":
                    i += 1
            elif text.startswith(d.line_terminator, i):
                cells.append("".join(cell))
                at = number if self.by_record else line
                end = line + text.count("\n", start, i)
                yield Row(cells if cells != [""] else [], index, at, 1 if self.by_record else end - at + 1)
                i += len(d.line_terminator)
                line = end + d.line_terminator.count("\n")
                cells, cell, opened, start, number = [], [], False, i, number + 1
            else:
                cell.append(c)
                i += 1
        if cell or cells or opened:
            cells.append("".join(cell))
            yield Row(cells, index, number if self.by_record else line)


def text_rows(text: str, d: TableDialect, index: int, file: str) -> Iterator[Row]:
    """The rows of one part's text, each with the line it starts on."""
    if len(d.delimiter) == 1 and d.line_terminator in ("\r\n", "\n", "\r"):
        return _python_rows(text, d, index, file)
    return _Scanner(text, d).rows(index)


def parts_rows(parts: list[tuple[str, str]], d: TableDialect) -> Iterator[Row]:
    """The rows of several parts in turn; a later part that starts with the first part's header
    rows has them left out (parts written with their own header, as frictionless writes them)."""
    head = max(d.header_rows) if d.header else 0
    first: list[list[str]] = []
    for index, (file, text) in enumerate(parts):
        rows = text_rows(text, d, index, file)
        if index == 0:
            for row in rows:
                if len(first) < head:
                    first.append(row.cells)
                yield row
            continue
        lead: list[Row] = []
        for row in rows:
            if len(lead) < head:
                lead.append(row)
                if len(lead) == head and [r.cells for r in lead] != first:
                    yield from lead
                continue
            yield row
        if len(lead) < head:
            yield from lead

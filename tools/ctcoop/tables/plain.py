"""Rows (from any format) to plain CSV bytes, with the map of each line back to its origin.

Plain CSV is what the fast parser reads with its default dialect: comma, ``"``, doubled quotes,
LF, UTF-8, at most one header row. :func:`plain_csv` resolves the dialect's row properties on
the way (``headerRows`` joined with ``headerJoin``, rows before the header, ``commentRows``,
``commentChar``), so the parser never needs them; the rows themselves come from a format's
reader (:mod:`ctcoop.tables.textcsv`, :mod:`ctcoop.tables.jsonrows`, :mod:`ctcoop.tables.sheets`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ctcoop.errors import PackageLoadError
from ctcoop.sources import BUDGET
from ctcoop.tables.dialect import TableDialect
from ctcoop.tables.positions import LinePositions


@dataclass(frozen=True)
class Row:
    """One row of a source: its cells, the file (index into the source's files) and line it
    starts on, and how many lines of that file it spans."""

    cells: list[str]
    file: int
    line: int
    span: int = 1


#: the most rows a table brought to plain CSV may have (other formats, inline data, dialects the
#: fast parser does not speak): the conversion costs a few microseconds a row in Python, and a
#: command must end within 30 s on hostile input (docs/security.md); plain CSV has no such limit
MAX_ROWS = 2_000_000


class _Writer:
    """Writes rows as plain CSV, counting its size and rows against the limits and mapping its
    lines; the text is encoded in batches, so memory holds the bytes, not one string per row."""

    BATCH = 8192

    def __init__(self, files: list[str], limit: int) -> None:
        self._text = io.StringIO()
        self._writer = csv.writer(self._text, lineterminator="\n")
        self._rows = 0
        self.out = bytearray()
        self.positions = LinePositions(files)
        self.limit = limit
        self.files = files

    def write(self, row: Row) -> None:
        self._writer.writerow(row.cells)
        lines = 1
        if row.span > 1 or "\n" in "\x00".join(row.cells):
            lines = 1 + sum(c.count("\n") for c in row.cells)
        self.positions.add(row.file, row.line, lines, span=row.span)
        self._rows += 1
        if self._rows % self.BATCH == 0:
            self._flush(row.file)

    def _flush(self, file: int) -> None:
        self.out += self._text.getvalue().encode("utf-8")
        self._text.seek(0)
        self._text.truncate()
        if len(self.out) > self.limit or self._rows > MAX_ROWS:
            what = f"{self.limit} bytes" if len(self.out) > self.limit else f"{MAX_ROWS} rows"
            raise PackageLoadError(
                f"'{self.files[file]}' makes a table of more than {what} once brought to plain CSV",
                file=self.files[file],
                code="file-too-large",
                hint="split the table, or save it as plain CSV (read as it is, without this limit)",
            )

    def data(self) -> bytes:
        self._flush(0)
        return bytes(self.out)


def join_header(rows: list[list[str]], join: str) -> list[str]:
    """The labels of several header rows, column by column, non-empty parts joined with ``join``."""
    width = max((len(r) for r in rows), default=0)
    return [join.join(r[i] for r in rows if i < len(r) and r[i] != "") for i in range(width)]


def _select(rows: Iterable[Row], dialect: TableDialect, text: bool) -> Iterator[tuple[bool, Row]]:
    """(is header, row) for every row kept. Rows that start with the comment character (text
    formats) are left out first, as the fast parser leaves them out; of the rest, numbered from 1,
    the rows of the header block that are not header rows (before the first, between two) and
    the comment rows are left out."""
    wanted = set(dialect.header_rows) if dialect.header else set()
    last = max(wanted, default=0)
    comments = set(dialect.comment_rows)
    char = dialect.comment_char if text else None
    kept = rows if char is None else (r for r in rows if not (r.cells and r.cells[0].startswith(char)))
    for number, row in enumerate(kept, 1):
        if number in wanted:
            yield True, row
        elif number > last and number not in comments:
            yield False, row


def plain_csv(
    rows: Iterable[Row],
    dialect: TableDialect,
    files: list[str],
    *,
    text: bool = True,
    limit: int | None = None,
) -> tuple[bytes, LinePositions]:
    """Plain CSV bytes of ``rows`` (header first, joined from ``headerRows``) and their origins."""
    out = _Writer(files, limit or BUDGET.max_file_bytes)
    header: list[Row] = []
    for is_header, row in _select(rows, dialect, text):
        if is_header:
            header.append(row)
            continue
        if header:
            out.write(
                Row(
                    join_header([h.cells for h in header], dialect.header_join),
                    header[0].file,
                    header[0].line,
                )
            )
            header = []
        out.write(row)
    if header:  # a header and no data
        out.write(
            Row(join_header([h.cells for h in header], dialect.header_join), header[0].file, header[0].line)
        )
    return out.data(), out.positions

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


class _Writer:
    """Writes rows as plain CSV text, counting its size against the budget and mapping its lines."""

    def __init__(self, files: list[str], limit: int) -> None:
        self._scratch = io.StringIO()
        self._writer = csv.writer(self._scratch, lineterminator="\n")
        self.parts: list[str] = []
        self.size = 0
        self.positions = LinePositions(files)
        self.limit = limit
        self.files = files

    def write(self, row: Row) -> None:
        self._scratch.seek(0)
        self._scratch.truncate()
        self._writer.writerow(row.cells)
        text = self._scratch.getvalue()
        self.parts.append(text)
        self.size += len(text)
        self.positions.add(row.file, row.line, text.count("\n"), span=row.span)
        if self.size > self.limit:
            raise PackageLoadError(
                f"'{self.files[row.file]}' makes a table of more than {self.limit} bytes",
                file=self.files[row.file],
                code="file-too-large",
                hint="split the table into smaller files",
            )

    def data(self) -> bytes:
        return "".join(self.parts).encode("utf-8")


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

"""The package's canonical CSV form, and atomic file writes.

Canonical CSV: UTF-8 without BOM, LF line endings, a header row, fields quoted only when they
must be (a comma, a quote, a line break, or leading/trailing space), quotes doubled.
``ctcoop fmt`` and every generator write through :func:`write_csv` so that their output is
byte-identical for the same rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from ctcoop.safe_write import write_bytes


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Rows as canonical CSV text (None cells are written empty)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    # the csv module quotes a line break only if it is in lineterminator: a cell holding a CR
    # would be written bare, a lone CR that readers split on (docs/security.md, R4). Canonical
    # cells never hold one (fmt makes line breaks LF); other writers quote that row's cells.
    with_cr = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        cells = ["" if cell is None else cell for cell in row]
        (with_cr if any("\r" in str(c) for c in cells) else writer).writerow(cells)
    return buf.getvalue()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, never through a symlink (see ctcoop.safe_write)."""
    write_bytes(path, data)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write rows to ``path`` in canonical form, atomically."""
    atomic_write_bytes(path, csv_text(header, rows).encode("utf-8"))

"""The package's canonical CSV form, and atomic file writes.

Canonical CSV: UTF-8 without BOM, LF line endings, a header row, fields quoted only when they
must be (a comma, a quote, a line break, or leading/trailing space), quotes doubled.
``ctcoop fmt`` and every generator write through :func:`write_csv` so that their output is
byte-identical for the same rows.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Rows as canonical CSV text (None cells are written empty)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buf.getvalue()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write rows to ``path`` in canonical form, atomically."""
    atomic_write_bytes(path, csv_text(header, rows).encode("utf-8"))

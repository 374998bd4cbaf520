"""Writing a new SQLite file through the ADBC SQLite driver: statements, and tables loaded from Arrow.

Why ADBC and not :mod:`sqlite3`: ``executemany`` binds every value in Python, about 2.5 s a
million nine-column rows; ADBC binds the columns of a polars frame (handed over as Arrow, no
copy into Python objects) in C, about 0.9 s, without holding the GIL, so the other export
writers run meanwhile. And the SQLite library is the one inside the ``adbc-driver-sqlite``
wheel, the same on every machine with the same wheel, where :mod:`sqlite3` uses whatever
library Python was built with: the database's bytes then depend on the driver's version, not
on the machine.

Every statement here is plain SQL without parameters (values only enter through
:meth:`SqliteWriter.load`), so nothing needs pyarrow. Reading the database back (the foreign
key check) is :mod:`sqlite3`'s job.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import adbc_driver_sqlite.dbapi as adbc
import polars as pl
from adbc_driver_manager import Error as AdbcError

from ctcoop.errors import CtcoopError
from ctcoop.export.sqlsyntax import quote_ident as _q

#: Rowids per UPDATE when marking NaN cells (keeps each statement short)
_NAN_BATCH = 500


def _failed(what: str, exc: AdbcError) -> CtcoopError:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return CtcoopError(f"cannot build the SQLite export ({what}): {message}", code="export-sqlite",
                       hint="run `ctcoop validate`; if the package is valid, this is a bug to report")


class SqliteWriter:
    """A write connection to a SQLite file: :meth:`execute` statements, :meth:`load` frames.

    Opens in autocommit mode with the journal and syncing off (the file is new and built in a
    staging folder: a crash loses nothing that matters); use ``BEGIN``/``COMMIT`` around bulk
    work. A driver error becomes a :class:`~ctcoop.errors.CtcoopError` naming the step.
    """

    def __init__(self, path: Path) -> None:
        try:
            # an absolute path: the driver reads a name starting with "file:" as a URI
            self._conn: Any = adbc.connect(str(Path(path).resolve()), autocommit=True)
            self._cur: Any = self._conn.cursor()
        except AdbcError as exc:
            raise _failed(f"opening {Path(path).name}", exc) from None
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "foreign_keys = OFF"):
            self.execute(f"PRAGMA {pragma}")

    def execute(self, sql: str) -> None:
        """Run one statement (no parameters, no result)."""
        try:
            self._cur.execute(sql)
        except AdbcError as exc:
            raise _failed(sql.split("(", 1)[0].strip()[:80], exc) from None

    def load(self, table: str, frame: pl.DataFrame, nan_rowids: dict[str, list[int]] | None = None) -> None:
        """Append ``frame``'s rows to ``table`` (columns by name) in frame order.

        Each column must already be a type SQLite binds (text, integers, floats, nulls: see
        :func:`ctcoop.export.sqlite_export.sql_ready`). A floating-point NaN arrives as NULL (SQLite
        has no NaN); ``nan_rowids`` maps a column to the rowids whose value is NaN, which are then
        set to the text ``'NaN'``.
        """
        if frame.height == 0:
            return
        try:
            self._cur.adbc_ingest(table, frame, mode="append")
        except AdbcError as exc:
            raise _failed(f"loading table '{table}'", exc) from None
        for column, rowids in (nan_rowids or {}).items():
            for start in range(0, len(rowids), _NAN_BATCH):
                ids = ", ".join(str(int(r)) for r in rowids[start:start + _NAN_BATCH])
                self.execute(f"UPDATE {_q(table)} SET {_q(column)} = 'NaN' WHERE rowid IN ({ids})")

    def close(self) -> None:
        try:
            self._cur.close()
        finally:
            self._conn.close()

    def __enter__(self) -> SqliteWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

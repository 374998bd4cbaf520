"""Rows from a spreadsheet (XLSX, XLS, ODS), read with python-calamine.

One sheet is read: the dialect's ``sheetName``, else its ``sheetNumber`` (1-based, default 1).
The workbook's parts are decompressed and counted first (:func:`ctcoop.tables.compression.scan_zip`),
and a sheet of more than :data:`MAX_CELLS` cells is refused before a row is built. Numbers that
are whole are written without a decimal part (Excel stores every number as a float), dates and
times in ISO 8601, booleans as ``true``/``false``. Each row's origin is its sheet row number.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from ctcoop.errors import PackageLoadError
from ctcoop.tables.compression import scan_zip
from ctcoop.tables.dialect import TableDialect
from ctcoop.tables.plain import Row

#: the most cells (rows times columns of the used area) a sheet may have
MAX_CELLS = 5_000_000


def cell(value: Any) -> str:
    """A spreadsheet value as the text a CSV cell would hold."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"PT{seconds // 3600}H{seconds % 3600 // 60}M{seconds % 60}S"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _error(file: str, message: str, code: str, hint: str) -> PackageLoadError:
    return PackageLoadError(f"'{file}' {message}", file=file, code=code, hint=hint)


def _sheet(data: bytes, file: str, d: TableDialect, fmt: str) -> Any:
    import python_calamine as calamine

    scan_zip(data, file, max_cells=MAX_CELLS)
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error kinds and ValueError for what it cannot read
        raise _error(
            file,
            f"cannot be read as {fmt.upper()} ({type(exc).__name__}: {exc})",
            "sheet-corrupt",
            'open the workbook and save it again, or check its "format"',
        ) from None
    names = list(book.sheet_names)
    if d.sheet_name is not None:
        if d.sheet_name not in names:
            raise _error(
                file, f"has no sheet named '{d.sheet_name}'", "sheet-missing", "sheets: " + ", ".join(names)
            )
        return book.get_sheet_by_name(d.sheet_name)
    if d.sheet_number > len(names):
        raise _error(
            file,
            f"has {len(names)} sheet(s), not a sheet number {d.sheet_number}",
            "sheet-missing",
            "sheets: " + ", ".join(names),
        )
    return book.get_sheet_by_index(d.sheet_number - 1)


def _width(sheet: Any) -> int:
    """One past the rightmost column holding a value in any row."""
    width = 0
    for row in sheet.iter_rows():
        for i in range(len(row) - 1, width - 1, -1):
            if row[i] is not None and row[i] != "":
                width = i + 1
                break
    return width


def sheet_rows(data: bytes, file: str, d: TableDialect, fmt: str) -> Iterator[Row]:
    """The rows of the dialect's sheet, empty columns at the right left out."""
    sheet = _sheet(data, file, d, fmt)
    if sheet.height * sheet.width > MAX_CELLS:
        raise _error(
            file,
            f"sheet '{sheet.name}' spans {sheet.height} rows by {sheet.width} columns, "
            f"more than {MAX_CELLS} cells",
            "sheet-too-large",
            "split the sheet, or clear cells far from the table",
        )
    first = sheet.start[0] + 1 if sheet.start else 1
    try:
        width = _width(sheet)
        for number, row in enumerate(sheet.iter_rows(), first):
            yield Row([cell(v) for v in row[:width]], 0, number)
    except Exception as exc:  # calamine's errors while reading cells
        raise _error(
            file,
            f"cannot be read ({type(exc).__name__}: {exc})",
            "sheet-corrupt",
            "open the workbook and save it again",
        ) from None

"""``<base>.xlsx``: a README sheet, then one sheet per table, for people who open data in Excel.

Each table sheet has a frozen, styled header row with an autofilter; columns whose field says
``"ctcoop:language": "ar"`` are right-to-left and right-aligned. Cells are typed:

=====================================  ===============================================
Table Schema field                     cell
=====================================  ===============================================
``string`` (also partial dates)        text, always written with ``write_string`` so a
                                       value such as ``=1+1`` is never a formula
``string`` + ``ctcoop:listDelimiter``  text, items joined by the delimiter (``a;b``)
``integer``, ``year``                  number (text beyond ±2^53, which Excel cannot hold)
``number``                             number (text for ``NaN``/``INF``/``-INF`` and for
                                       values Excel's 16 digits would change)
``boolean``                            TRUE / FALSE
``date``, ``datetime``, ``time``       date cells formatted ``yyyy-mm-dd`` (…); text
                                       ``YYYY-MM-DD`` before 1900-03-01, which Excel's
                                       calendar cannot hold
missing value                          empty cell (no cell at all)
=====================================  ===============================================

An empty string that is not a missing value is an empty text cell (openpyxl reads it as
``""``; Excel shows it like an empty cell). A text longer than Excel's 32,767 characters or a
table longer than 1,048,575 rows stops the export with an error rather than being cut.

Reproducible: the document's created date is the context's fixed stamp, and xlsxwriter gives
every part of the archive a fixed timestamp.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

from ctcoop.errors import CtcoopError
from ctcoop.export.context import ExportContext
from ctcoop.package import Resource

MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows minus the header
MAX_TEXT = 32_767
MAX_EXACT_INT = 2**53
EXCEL_FIRST_DATE = date(1900, 3, 1)
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")

Cell = Callable[[Any, int, int, Any], int]


def sheet_names(names: list[str], reserved: set[str]) -> list[str]:
    """Excel-safe, unique (case-insensitively) sheet names of at most 31 characters."""
    used = {r.lower() for r in reserved}
    out: list[str] = []
    for name in names:
        base = _SHEET_BAD.sub("_", name).strip("'")[:31] or "table"
        candidate, n = base, 1
        while candidate.lower() in used or candidate.lower() == "history":
            n += 1
            candidate = f"{base[:31 - len(str(n)) - 1]}~{n}"
        used.add(candidate.lower())
        out.append(candidate)
    return out


class _Styles:
    """The workbook's few formats."""

    def __init__(self, wb: Any) -> None:
        head = {"bold": True, "bg_color": "#DDEBF7", "bottom": 1, "valign": "top"}
        self.header = wb.add_format(head)
        self.header_ar = wb.add_format({**head, "reading_order": 2, "align": "right"})
        self.text = wb.add_format({"valign": "top"})
        self.text_ar = wb.add_format({"valign": "top", "reading_order": 2, "align": "right"})
        self.date = wb.add_format({"valign": "top", "num_format": "yyyy-mm-dd"})
        self.datetime = wb.add_format({"valign": "top", "num_format": "yyyy-mm-dd hh:mm:ss"})
        self.time = wb.add_format({"valign": "top", "num_format": "hh:mm:ss"})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.title_ar = wb.add_format({"bold": True, "font_size": 14, "reading_order": 2, "align": "right"})
        self.bold = wb.add_format({"bold": True})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.wrap_ar = wb.add_format({"text_wrap": True, "valign": "top", "reading_order": 2,
                                      "align": "right"})


def _text_writer(fmt: Any, sheet: str, field: str, join: str | None) -> Cell:
    def cell(ws: Any, r: int, c: int, v: Any) -> int:
        text = join.join(v) if join is not None else v
        if ws.write_string(r, c, text, fmt) == -2:
            raise CtcoopError(f"sheet '{sheet}', row {r + 1}, field '{field}': the text has more than "
                              f"{MAX_TEXT} characters, Excel's limit", code="export-xlsx",
                              hint="shorten the value, or export without xlsx (--format)")
        return 0
    return cell


def _int_cell(ws: Any, r: int, c: int, v: int) -> int:
    if -MAX_EXACT_INT <= v <= MAX_EXACT_INT:
        return int(ws.write_number(r, c, v))
    return int(ws.write_string(r, c, str(v)))


def _number_cell(ws: Any, r: int, c: int, v: float) -> int:
    if math.isfinite(v) and float(f"{v:.16G}") == v:
        return int(ws.write_number(r, c, v))
    if math.isnan(v):
        return int(ws.write_string(r, c, "NaN"))
    if math.isinf(v):
        return int(ws.write_string(r, c, "INF" if v > 0 else "-INF"))
    return int(ws.write_string(r, c, repr(v)))


def _temporal_writer(fmt: Any) -> Cell:
    def cell(ws: Any, r: int, c: int, v: date | datetime | time) -> int:
        if isinstance(v, date) and (v.date() if isinstance(v, datetime) else v) < EXCEL_FIRST_DATE:
            return int(ws.write_string(r, c, v.isoformat()))
        return int(ws.write_datetime(r, c, v, fmt))
    return cell


def cell_writer(fdesc: dict[str, Any], dtype: pl.DataType, styles: _Styles, sheet: str) -> Cell:
    """How one column's non-null values are written."""
    name = str(fdesc.get("name", ""))
    arabic = fdesc.get("ctcoop:language") == "ar"
    text_fmt = styles.text_ar if arabic else styles.text
    if isinstance(dtype, pl.List):
        delim = fdesc.get("ctcoop:listDelimiter")
        return _text_writer(text_fmt, sheet, name, delim if isinstance(delim, str) else ";")
    if dtype in (pl.Int64, pl.Int32):
        return _int_cell
    if dtype == pl.Float64:
        return _number_cell
    if dtype == pl.Boolean:
        return lambda ws, r, c, v: int(ws.write_boolean(r, c, v))
    if dtype == pl.Date:
        return _temporal_writer(styles.date)
    if isinstance(dtype, pl.Datetime):
        return _temporal_writer(styles.datetime)
    if dtype == pl.Time:
        return _temporal_writer(styles.time)
    return _text_writer(text_fmt, sheet, name, None)


def _column_width(frame: pl.DataFrame, name: str, dtype: pl.DataType) -> float:
    if dtype == pl.Date:
        return 12
    if dtype != pl.String or frame.height == 0:
        return max(10, min(len(name) + 2, 30))
    longest = frame.select(pl.col(name).str.len_chars().max()).item() or 0
    return float(max(10, min(max(int(longest), len(name)) + 2, 60)))


def _table_sheet(wb: Any, styles: _Styles, sheet: str, res: Resource, frame: pl.DataFrame) -> None:
    if frame.height > MAX_ROWS:
        raise CtcoopError(f"table '{res.name}' has {frame.height} rows, more than an Excel sheet holds "
                          f"({MAX_ROWS})",
                          code="export-xlsx", hint="export without xlsx (--format) for a table this long")
    ws = wb.add_worksheet(sheet)
    fields = res.fields
    writers = [cell_writer(f, frame.schema[str(f.get("name", ""))], styles, sheet) for f in fields]
    for c, fdesc in enumerate(fields):
        name = str(fdesc.get("name", ""))
        arabic = fdesc.get("ctcoop:language") == "ar"
        width = _column_width(frame, name, frame.schema[name])
        ws.set_column(c, c, width, styles.text_ar if arabic else None)
        ws.write_string(0, c, name, styles.header_ar if arabic else styles.header)
    ws.freeze_panes(1, 0)
    if fields:
        ws.autofilter(0, 0, max(frame.height, 1), len(fields) - 1)
    columns = range(len(fields))
    for r, row in enumerate(frame.iter_rows(), start=1):
        for c in columns:
            value = row[c]
            if value is not None:
                writers[c](ws, r, c, value)


def _readme_sheet(wb: Any, styles: _Styles, ctx: ExportContext, sheets: list[str]) -> None:
    d = ctx.package.descriptor
    ws = wb.add_worksheet("README")
    ws.set_column(0, 0, 22)
    ws.set_column(1, 2, 40)
    ws.set_column(3, 3, 10)
    ws.set_column(4, 5, 70)
    r = 0

    def line(*cells: tuple[str, Any]) -> None:
        nonlocal r
        for c, (text, fmt) in enumerate(cells):
            if text:
                ws.write_string(r, c, text, fmt)
        r += 1

    def s(key: str) -> str:
        v = d.get(key)
        return v if isinstance(v, str) else ""

    line((s("title") or ctx.base, styles.title))
    line((s("ctcoop:title_ar"), styles.title_ar))
    line((s("description"), styles.wrap))
    line((s("ctcoop:description_ar"), styles.wrap_ar))
    r += 1
    licenses = d.get("licenses")
    license_names = [str(x.get("name") or x.get("title") or x.get("path")) for x in licenses
                     if isinstance(x, dict)] if isinstance(licenses, list) else []
    for key, value in (("version", s("version")), ("created", s("created")), ("homepage", s("homepage")),
                       ("licenses", ", ".join(license_names))):
        if value:
            line((key, styles.bold), (value, styles.text))
    r += 1
    line(("How to read the sheets", styles.bold))
    for note in (
        "One sheet per table; row 1 holds the field names. Empty cells are missing values.",
        "Lists are written as text with their delimiter between items (e.g. 'a;b').",
        "Partial dates (2001, 2001-09) are text; full dates are Excel dates (yyyy-mm-dd).",
        "Every text cell is text: nothing is a formula. Arabic columns are right-to-left.",
    ):
        line((note, styles.text))
    r += 1
    line(("sheet", styles.header), ("title", styles.header), ("العنوان", styles.header_ar),
         ("rows", styles.header), ("description", styles.header), ("الوصف", styles.header_ar))
    for sheet, res in zip(sheets, ctx.resources, strict=True):
        desc = res.descriptor
        ws.write_string(r, 0, sheet, styles.text)
        ws.write_string(r, 1, str(desc.get("title", "")), styles.text)
        ws.write_string(r, 2, str(desc.get("ctcoop:title_ar", "")), styles.text_ar)
        ws.write_number(r, 3, ctx.frame(res).height)
        ws.write_string(r, 4, str(desc.get("description", "")), styles.wrap)
        ws.write_string(r, 5, str(desc.get("ctcoop:description_ar", "")), styles.wrap_ar)
        r += 1
    r += 1
    line(("sheet", styles.header), ("field", styles.header), ("type", styles.header), ("", styles.header),
         ("description", styles.header), ("الوصف", styles.header_ar))
    for sheet, res in zip(sheets, ctx.resources, strict=True):
        for fdesc in res.fields:
            ftype = str(fdesc.get("type", "string"))
            if isinstance(fdesc.get("ctcoop:listDelimiter"), str):
                ftype = f"list ({fdesc['ctcoop:listDelimiter']})"
            elif fdesc.get("ctcoop:partialDate"):
                ftype = "partial date"
            ws.write_string(r, 0, sheet, styles.text)
            ws.write_string(r, 1, str(fdesc.get("name", "")), styles.text)
            ws.write_string(r, 2, ftype, styles.text)
            ws.write_string(r, 4, str(fdesc.get("description", "")), styles.wrap)
            ws.write_string(r, 5, str(fdesc.get("ctcoop:description_ar", "")), styles.wrap_ar)
            r += 1


def write(ctx: ExportContext, staging: Path) -> list[str]:
    """Build ``<base>.xlsx`` in ``staging``."""
    name = f"{ctx.base}.xlsx"
    wb = xlsxwriter.Workbook(str(staging / name), {
        "constant_memory": True, "tmpdir": str(staging), "strings_to_numbers": False,
        "strings_to_formulas": False, "strings_to_urls": False,
    })
    d = ctx.package.descriptor
    wb.set_properties({
        "title": str(d.get("title", ctx.base)), "subject": str(d.get("description", ""))[:255],
        "comments": f"Exported by ctcoop from {ctx.base}", "created": ctx.stamp,
        "keywords": ", ".join(k for k in d.get("keywords", []) if isinstance(k, str))
        if isinstance(d.get("keywords"), list) else "",
    })
    styles = _Styles(wb)
    sheets = sheet_names([r.name for r in ctx.resources], {"README"})
    _readme_sheet(wb, styles, ctx, sheets)
    for sheet, res in zip(sheets, ctx.resources, strict=True):
        _table_sheet(wb, styles, sheet, res, ctx.frame(res))
    wb.close()
    return [name]

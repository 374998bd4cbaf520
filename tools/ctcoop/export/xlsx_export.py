"""``<base>.xlsx``: a README sheet, then one sheet per table, for people who open data in Excel.

xlsxwriter lays out the workbook: document properties, styles, the README sheet (package
title and description in both languages, tables with row counts, a data dictionary of every
field), and each table sheet's header row (frozen, styled, with an autofilter; Arabic columns,
``ctcoop:language: "ar"``, right-to-left and right-aligned; date columns formatted). The data
rows are rendered column-wise by :mod:`ctcoop.export.xlsx_cells` (text always as text, never a
formula; numbers, booleans and dates typed; missing values as no cell; see that module for
each type) and spliced into the sheets.

An empty string that is not a missing value is an empty text cell (openpyxl reads ``""``;
Excel shows it like an empty cell). A text longer than Excel's 32,767 characters or a table
longer than 1,048,575 rows stops the export with an error rather than being cut.

Reproducible: the document's created date is the context's fixed stamp, and the archive is
rewritten with the fixed zip metadata of :mod:`ctcoop.export.archive`, parts in xlsxwriter's
order.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

from ctcoop.errors import CtcoopError
from ctcoop.export.archive import LEVEL, open_zip, zip_info
from ctcoop.export.context import ExportContext
from ctcoop.export.xlsx_cells import Styles, check_text_lengths, column_letter, rows_xml
from ctcoop.extensions import field_ext, package_ext, resource_ext
from ctcoop.package import Resource
from ctcoop.properties import arabic_labels, category_labels, category_values

MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows minus the header
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_CHUNK = 50_000
SHEET_LEVEL = 3  #: DEFLATE level of the (large) sheet XML: twice as fast as 6, about 10% larger
_XML_PER_CELL = 64  #: generous bytes of markup around a cell's value
_ZIP64_FROM = 3 << 29  #: 1.5 GiB: a sheet that may pass zip's 2 GiB limit is written as zip64


def needs_zip64(frame: pl.DataFrame) -> bool:
    """Whether a sheet's XML may pass 2 GiB (then zip64 is needed; decided before writing it)."""
    return frame.estimated_size() + frame.height * frame.width * _XML_PER_CELL > _ZIP64_FROM


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


def _column_width(frame: pl.DataFrame, name: str, dtype: pl.DataType) -> float:
    if dtype == pl.Date:
        return 12
    if dtype != pl.String or frame.height == 0:
        return max(10, min(len(name) + 2, 30))
    longest = frame.select(pl.col(name).str.len_chars().max()).item() or 0
    return float(max(10, min(max(int(longest), len(name)) + 2, 60)))


def _column_format(fdesc: dict[str, Any], dtype: pl.DataType, styles: _Styles) -> Any:
    if dtype == pl.Date:
        return styles.date
    if isinstance(dtype, pl.Datetime):
        return styles.datetime
    if dtype == pl.Time:
        return styles.time
    return styles.text_ar if field_ext(fdesc).language == "ar" else styles.text


def _table_sheet(wb: Any, styles: _Styles, sheet: str, res: Resource, frame: pl.DataFrame) -> None:
    """The sheet with its header row; the data rows are spliced in later (:func:`_splice`)."""
    if frame.height > MAX_ROWS:
        raise CtcoopError(f"table '{res.name}' has {frame.height} rows, more than an Excel sheet holds "
                          f"({MAX_ROWS})", code="export-xlsx",
                          hint="export without xlsx (--format) for a table this long")
    check_text_lengths(frame, res.name, sheet)
    ws = wb.add_worksheet(sheet)
    fields = res.fields
    for c, fdesc in enumerate(fields):
        name = str(fdesc.get("name", ""))
        arabic = field_ext(fdesc).language == "ar"
        width = _column_width(frame, name, frame.schema[name])
        ws.set_column(c, c, width, _column_format(fdesc, frame.schema[name], styles))
        ws.write_string(0, c, name, styles.header_ar if arabic else styles.header)
    ws.freeze_panes(1, 0)
    if fields:
        ws.autofilter(0, 0, max(frame.height, 1), len(fields) - 1)


#: README sheet column widths (characters); the title and descriptions span the first three
README_WIDTHS = (22, 40, 40, 24, 70, 70)
_SPAN = 3
_LINE_POINTS = 15.0


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide (an estimate
    with room to spare: words do not break, Arabic letters are not narrower than digits)."""
    per = max(width * 0.9, 1.0)
    return sum(max(1, -(-len(part) // int(per))) for part in text.split("\n"))


def _readme_sheet(wb: Any, styles: _Styles, ctx: ExportContext, sheets: list[str]) -> None:
    """The README sheet. Wrapped cells get a row height for their lines (neither Excel nor
    LibreOffice grows a row written without one, so long descriptions would run into the next
    row); the title and descriptions are merged across the first columns, so the Arabic ones,
    aligned right, have the room they need."""
    d = ctx.package.descriptor
    ws = wb.add_worksheet("README")
    for c, width in enumerate(README_WIDTHS):
        ws.set_column(c, c, width)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)  # printed (or made a PDF) one page wide, so no column is cut off
    span_width = sum(README_WIDTHS[:_SPAN])
    wrapping = {id(styles.wrap), id(styles.wrap_ar)}
    r = 0

    def line(*cells: tuple[str, Any]) -> None:
        nonlocal r
        lines = 1
        for c, (text, fmt) in enumerate(cells):
            if text:
                ws.write_string(r, c, text, fmt)
                if id(fmt) in wrapping:
                    lines = max(lines, wrapped_lines(text, README_WIDTHS[c]))
        if lines > 1:
            ws.set_row(r, lines * _LINE_POINTS)
        r += 1

    def spanned(text: str, fmt: Any, points: float) -> None:
        nonlocal r
        if text:
            ws.merge_range(r, 0, r, _SPAN - 1, text, fmt)
            ws.set_row(r, points)
        r += 1

    spanned(_s(d, "title") or ctx.base, styles.title, 21.0)
    pkg = package_ext(d)
    spanned(pkg.title("ar") or "", styles.title_ar, 21.0)
    for text, fmt in ((_s(d, "description"), styles.wrap), (pkg.description("ar") or "", styles.wrap_ar)):
        spanned(text, fmt, wrapped_lines(text, span_width) * _LINE_POINTS)
    r += 1
    licenses = d.get("licenses")
    license_names = [str(x.get("name") or x.get("title") or x.get("path")) for x in licenses
                     if isinstance(x, dict)] if isinstance(licenses, list) else []
    facts = [(key, _s(d, key)) for key in ("version", "created", "homepage")]
    for key, value in [*facts, ("licenses", ", ".join(license_names))]:
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
        desc, ext = res.descriptor, resource_ext(res.descriptor)
        line((sheet, styles.text), (_s(desc, "title"), styles.wrap),
             (ext.title("ar") or "", styles.wrap_ar), ("", None),
             (_s(desc, "description"), styles.wrap), (ext.description("ar") or "", styles.wrap_ar))
        ws.write_number(r - 1, 3, ctx.frame(res).height)
    r += 1
    line(("sheet", styles.header), ("field", styles.header), ("type", styles.header),
         ("notes", styles.header), ("description", styles.header), ("الوصف", styles.header_ar))
    for sheet, res in zip(sheets, ctx.resources, strict=True):
        for fdesc in res.fields:
            line((sheet, styles.text), (str(fdesc.get("name", "")), styles.text),
                 (_field_type(fdesc), styles.text), ("; ".join(_field_notes(res, fdesc)), styles.wrap),
                 (_s(fdesc, "description"), styles.wrap),
                 (field_ext(fdesc).description("ar") or "", styles.wrap_ar))


def _s(d: dict[str, Any], key: str) -> str:
    value = d.get(key)
    return value if isinstance(value, str) else ""


def _field_type(fdesc: dict[str, Any]) -> str:
    ext = field_ext(fdesc)
    if ext.list_delimiter is not None:
        return f"list ({ext.list_delimiter})"
    if ext.partial_date:
        return "partial date"
    return str(fdesc.get("type", "string"))


def _field_notes(res: Resource, fdesc: dict[str, Any]) -> list[str]:
    """Primary key, required, and where a reference points, for the README's data dictionary."""
    name = fdesc.get("name")
    notes = ["primary key"] if name in res.primary_key else []
    constraints = fdesc.get("constraints")
    if isinstance(constraints, dict) and constraints.get("required") is True and name not in res.primary_key:
        notes.append("required")
    for fk in res.foreign_keys:
        fields, ref = fk.get("fields"), fk.get("reference")
        if fields in ([name], name) and isinstance(ref, dict):
            notes.append(f"→ {ref.get('resource') or res.name}")
    targets = field_ext(fdesc).references
    if targets is not None:
        notes.append("→ " + " | ".join(str(t) for t in targets))
    values = category_values(fdesc) or []
    en, ar = category_labels(fdesc), arabic_labels(fdesc)
    if en or ar:
        notes.append("codes: " + ", ".join(
            f"{v} = " + " / ".join(x for x in (en.get(v), ar.get(v)) if x) for v in values))
    return notes


def _xf(fmt: Any) -> int:
    index = fmt.xf_index  # set by xlsxwriter when the workbook is laid out
    return int(index) if index is not None else 0


def _splice(layout: bytes, target: Path, stamp: Any, tables: dict[str, tuple[Resource, pl.DataFrame]],
            cell_styles: Styles) -> None:
    """Copy xlsxwriter's archive to ``target`` with fixed metadata, adding each table's rows."""
    with zipfile.ZipFile(io.BytesIO(layout)) as src, open_zip(target) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            table = tables.get(info.filename)
            if table is None:
                out.writestr(zip_info(info.filename, stamp), data, compresslevel=LEVEL)
                continue
            res, frame = table
            head, tail = data.split(b"</sheetData>", 1)
            last = f"{column_letter(max(len(res.fields) - 1, 0))}{frame.height + 1}"
            head = _DIMENSION.sub(f'<dimension ref="A1:{last}"/>'.encode(), head, count=1)
            entry = zip_info(info.filename, stamp, SHEET_LEVEL)
            with out.open(entry, "w", force_zip64=needs_zip64(frame)) as fh:
                fh.write(head)
                for chunk in _rendered(res, frame, cell_styles):
                    fh.write(chunk)
                fh.write(b"</sheetData>" + tail)


def _rendered(res: Resource, frame: pl.DataFrame, cell_styles: Styles) -> Iterator[bytes]:
    """The rows' XML in chunks; the next chunk renders (polars, off the GIL) while this one compresses."""
    def render(start: int) -> bytes:
        return rows_xml(frame.slice(start, _CHUNK), res.fields, cell_styles, start + 2)

    starts = list(range(0, frame.height, _CHUNK))
    if not starts:
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(render, starts[0])
        for nxt in starts[1:]:
            done = pending.result()
            pending = pool.submit(render, nxt)
            yield done
        yield pending.result()


def write(ctx: ExportContext, staging: Path) -> list[str]:
    """Build ``<base>.xlsx`` in ``staging``."""
    name = f"{ctx.base}.xlsx"
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                      "strings_to_formulas": False, "strings_to_urls": False})
    d = ctx.package.descriptor
    keywords = d.get("keywords")
    wb.set_properties({
        "title": str(d.get("title", ctx.base)), "subject": str(d.get("description", ""))[:255],
        "comments": f"Exported by ctcoop from {ctx.base}", "created": ctx.stamp,
        "keywords": ", ".join(str(k) for k in keywords) if isinstance(keywords, list) else "",
    })
    styles = _Styles(wb)
    sheets = sheet_names([r.name for r in ctx.resources], {"README"})
    _readme_sheet(wb, styles, ctx, sheets)
    tables: dict[str, tuple[Resource, pl.DataFrame]] = {}
    for index, (sheet, res) in enumerate(zip(sheets, ctx.resources, strict=True), start=2):
        frame = ctx.frame(res)
        _table_sheet(wb, styles, sheet, res, frame)
        tables[f"xl/worksheets/sheet{index}.xml"] = (res, frame)
    wb.close()
    cell_styles = Styles(text=_xf(styles.text), text_ar=_xf(styles.text_ar), date=_xf(styles.date),
                         datetime=_xf(styles.datetime), time=_xf(styles.time))
    _splice(buffer.getvalue(), staging / name, ctx.stamp, tables, cell_styles)
    return [name]

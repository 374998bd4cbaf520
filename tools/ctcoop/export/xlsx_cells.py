"""A table's rows as SpreadsheetML ``<row>`` elements, built column-wise by polars.

Writing a million rows cell by cell through xlsxwriter's ``write_*`` calls takes about 4 µs a
cell in Python; here each column becomes one polars string expression, about 20 times faster.
The XML is what xlsxwriter writes in its ``constant_memory`` mode:

* text: an inline string cell (``t="inlineStr"``), never a formula; ``_xHHHH_`` sequences
  and the control characters XML cannot hold are escaped the OOXML way, as Excel expects;
* integer: a number cell; beyond ±2^53 (where a double would change it) a text cell;
* number: a number cell with the shortest text that reads back as the same double; ``NaN``,
  ``INF`` and ``-INF`` (which Excel cannot hold) as text cells;
* boolean: ``t="b"``; date / datetime / time: a number cell (days since 1899-12-30) with a
  date style, and text ``YYYY-MM-DD…`` before 1900-03-01, outside Excel's calendar;
* list: text, items joined by the field's delimiter;
* missing value: no cell.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import polars as pl

from ctcoop.errors import CtcoopError
from ctcoop.extensions import field_ext, list_delimiter

MAX_TEXT = 32_767  #: Excel's limit, in UTF-16 code units
MAX_EXACT_INT = 2**53
EXCEL_EPOCH = dt.date(1899, 12, 30)
FIRST_DATE = dt.date(1900, 3, 1)
_CONTROL = {chr(c): f"_x{c:04X}_" for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]}
_CONTROL.update({"\r": "_x000D_", "\ufffe": "_xFFFE_", "\uffff": "_xFFFF_"})
_BEYOND_BMP = "[\U00010000-\U0010ffff]"


@dataclass(frozen=True)
class Styles:
    """Cell style (xf) indexes of the workbook, known once xlsxwriter has laid it out."""

    text: int
    text_ar: int
    date: int
    datetime: int
    time: int


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class TextNeeds:
    """Which escapes a text column needs (found by one scan, so clean columns skip them)."""

    ooxml: bool = True      #: holds a literal ``_xHHHH_``
    control: bool = True    #: holds a character XML cannot carry (or a carriage return)
    amp: bool = True
    lt: bool = True
    gt: bool = True
    preserve: bool = True   #: starts or ends with white space


PLAIN = TextNeeds(False, False, False, False, False, False)
_NEEDS = {"ooxml": r"_x[0-9A-Fa-f]{4}_", "control": "[" + "".join(_CONTROL) + "]", "amp": "&", "lt": "<",
          "gt": ">", "preserve": r"^\s|\s$"}


def text_needs(frame: pl.DataFrame, texts: dict[str, pl.Expr]) -> dict[str, TextNeeds]:
    """Which escapes each text column needs: one scan for all of them, then, only for the columns
    where it found something, one scan per kind of escape."""
    if not texts or frame.height == 0:
        return {name: PLAIN for name in texts}
    anything = "|".join(f"(?:{pattern})" for pattern in _NEEDS.values())
    found_any = frame.select([text.str.contains(anything).any().alias(str(i))
                              for i, text in enumerate(texts.values())]).row(0)
    dirty = {name: text for (name, text), hit in zip(texts.items(), found_any, strict=True) if hit}
    out = {name: PLAIN for name in texts}
    if dirty:
        scans = [text.str.contains(pattern).any().alias(f"{i}:{key}")
                 for i, text in enumerate(dirty.values()) for key, pattern in _NEEDS.items()]
        found = frame.select(scans).row(0, named=True)
        out.update({name: TextNeeds(**{key: bool(found[f"{i}:{key}"]) for key in _NEEDS})
                    for i, name in enumerate(dirty)})
    return out


def escape_text(expr: pl.Expr, needs: TextNeeds) -> pl.Expr:
    """Text escaped for an inline string: OOXML ``_xHHHH_`` escapes, then XML entities."""
    if needs.ooxml:
        expr = expr.str.replace_all(r"(_x[0-9A-Fa-f]{4}_)", r"_x005F$1")
    if needs.control:
        expr = expr.str.replace_many(_CONTROL)
    if needs.amp:
        expr = expr.str.replace_all("&", "&amp;", literal=True)
    if needs.lt:
        expr = expr.str.replace_all("<", "&lt;", literal=True)
    if needs.gt:
        expr = expr.str.replace_all(">", "&gt;", literal=True)
    return expr


def _cell(ref: str, attrs: str, body: str | pl.Expr) -> list[pl.Expr | str]:
    return [f'<c r="{ref}', pl.col("_row"), f'"{attrs}>', body, "</c>"]


def _concat(parts: list[pl.Expr | str]) -> pl.Expr:
    return pl.concat_str([p if isinstance(p, pl.Expr) else pl.lit(p) for p in parts])


def _text_cell(letter: str, text: pl.Expr, style: int | None, needs: TextNeeds = PLAIN) -> pl.Expr:
    attrs = (f' s="{style}"' if style else "") + ' t="inlineStr"'
    t_open = '<is><t xml:space="preserve">' if needs.preserve else "<is><t>"
    return _concat(_cell(letter, attrs, _concat([t_open, escape_text(text, needs), "</t></is>"])))


def _number_cell(letter: str, value: pl.Expr, style: int | None = None) -> pl.Expr:
    attrs = f' s="{style}"' if style else ""
    return _concat(_cell(letter, attrs, _concat(["<v>", value.cast(pl.String), "</v>"])))


def source_text(name: str, dtype: pl.DataType, fdesc: dict[str, Any]) -> pl.Expr | None:
    """The text a String or list column is shown as (None for other types)."""
    if isinstance(dtype, pl.List):
        return pl.col(name).list.join(list_delimiter(fdesc) or ";")
    if dtype == pl.String:
        return pl.col(name)
    return None


def cell_expr(name: str, position: int, dtype: pl.DataType, fdesc: dict[str, Any], styles: Styles,
              needs: TextNeeds = TextNeeds()) -> pl.Expr:
    """One column's cells as XML strings (null where the value is missing)."""
    return pl.when(pl.col(name).is_not_null()).then(_cell_expr(name, position, dtype, fdesc, styles, needs))


def _cell_expr(name: str, position: int, dtype: pl.DataType, fdesc: dict[str, Any], styles: Styles,
               needs: TextNeeds) -> pl.Expr:
    col = pl.col(name)
    letter = column_letter(position)
    text = source_text(name, dtype, fdesc)
    if text is not None:
        style = styles.text_ar if field_ext(fdesc).language == "ar" else styles.text
        return _text_cell(letter, text, style, needs)
    if dtype in (pl.Int64, pl.Int32):
        exact = col.abs() <= MAX_EXACT_INT
        as_text = _text_cell(letter, col.cast(pl.String), None)
        return pl.when(exact).then(_number_cell(letter, col)).otherwise(as_text)
    if dtype == pl.Float64:
        special = pl.when(col.is_nan()).then(pl.lit("NaN")).when(col > 0).then(pl.lit("INF")) \
            .otherwise(pl.lit("-INF"))
        as_text = _text_cell(letter, special, None)
        return pl.when(col.is_finite()).then(_number_cell(letter, col)).otherwise(as_text)
    if dtype == pl.Boolean:
        return _concat(_cell(letter, ' t="b"', _concat(["<v>", col.cast(pl.Int8).cast(pl.String), "</v>"])))
    if dtype == pl.Date:
        serial = (col - pl.lit(EXCEL_EPOCH)).dt.total_days()
        return pl.when(col >= pl.lit(FIRST_DATE)).then(_number_cell(letter, serial, styles.date)).otherwise(
            _text_cell(letter, col.dt.to_string("%Y-%m-%d"), None))
    if isinstance(dtype, pl.Datetime):
        micros = (col - pl.lit(dt.datetime(1899, 12, 30))).dt.total_microseconds()
        serial = micros.cast(pl.Float64) / 86_400_000_000
        in_calendar = col.dt.date() >= pl.lit(FIRST_DATE)
        as_text = _text_cell(letter, col.dt.to_string("%Y-%m-%dT%H:%M:%S%.f"), None)
        return pl.when(in_calendar).then(_number_cell(letter, serial, styles.datetime)).otherwise(as_text)
    if dtype == pl.Time:
        serial = col.cast(pl.Int64).cast(pl.Float64) / 86_400_000_000_000
        return _number_cell(letter, serial, styles.time)
    return _text_cell(letter, col.cast(pl.String), None, TextNeeds())


def check_text_lengths(frame: pl.DataFrame, table: str, sheet: str) -> None:
    """CtcoopError when a text cell would pass Excel's 32,767-character limit (rather than cut it)."""
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            text = pl.col(name)
        elif isinstance(dtype, pl.List):
            text = pl.col(name).list.join(";")
        else:
            continue
        units = text.str.len_chars() + text.str.count_matches(_BEYOND_BMP)
        too_long = frame.select((units > MAX_TEXT).arg_true().first()).item()
        if too_long is not None:
            raise CtcoopError(f"table '{table}' row {too_long + 1}, field '{name}': the text is longer than "
                              f"Excel's {MAX_TEXT} characters (sheet '{sheet}')", code="export-xlsx",
                              hint="shorten the value, or export without xlsx (--format)")


def rows_xml(frame: pl.DataFrame, fields: list[dict[str, Any]], styles: Styles, first_row: int = 2) -> bytes:
    """The frame's rows as ``<row r="N">…</row>`` elements (UTF-8), numbered from ``first_row``.

    polars writes the bytes (a one-column CSV, never quoted, no line terminator), so the XML never
    becomes a Python string.
    """
    if frame.height == 0:
        return b""
    names = [str(f.get("name", "")) for f in fields]
    texts = {n: t for n, f in zip(names, fields, strict=True)
             if (t := source_text(n, frame.schema[n], f)) is not None}
    needs = text_needs(frame, texts)
    cells = [cell_expr(n, i, frame.schema[n], f, styles, needs.get(n, PLAIN))
             for i, (n, f) in enumerate(zip(names, fields, strict=True))]
    rownum = (pl.int_range(0, pl.len(), dtype=pl.Int64) + first_row).cast(pl.String)
    rows = frame.with_columns(rownum.alias("_row")).select(
        pl.concat_str([pl.lit('<row r="'), pl.col("_row"), pl.lit('">'), *cells, pl.lit("</row>")],
                      ignore_nulls=True).alias("xml"))
    buf = io.BytesIO()
    rows.write_csv(buf, include_header=False, quote_style="never", line_terminator="")
    return buf.getvalue()

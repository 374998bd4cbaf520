"""Generated packages and their reference reading, built from the generated content itself.

A :class:`~agreement_tables.Table` holds typed values (``None`` for a missing value); a
:class:`Layout` says how to write it (format, dialect, header, fieldsMatch, missing values).
:func:`build` writes the files and descriptor and returns the rows every command must see, worked
out from the table, never from ctcoop's code. The CSV text is written by hand here (not by the csv
module), so that every dialect property is written the way the standard describes it.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from dataclasses import dataclass, field
from typing import Any

from agreement_tables import FIELDS, LIST_DELIMITER, NAMES, TYPES, Table

V2 = "https://datapackage.org/profiles/2.0/datapackage.json"


@dataclass(frozen=True)
class Layout:
    """How a table is written. Defaults: CSV, the default dialect, a header, schema order."""

    format: str = "csv"  # csv tsv json-arrays json-objects ndjson xlsx inline-arrays inline-objects multipart
    delimiter: str = ","
    quote_char: str = '"'
    double_quote: bool = True
    escape_char: str | None = None
    skip_initial_space: bool = False
    quote_all: bool = False
    header: bool = True
    header_rows: bool = False  # two header rows joined with "_" (headerRows [1, 2], headerJoin "_")
    comment_char: str | None = None
    comment_rows: bool = False
    line_terminator: str = "\n"
    declare_line_terminator: bool = False
    case_sensitive_header: bool | None = None
    header_case: bool = False  # header labels in upper case
    fields_match: str | None = None
    columns: str = "schema"  # schema, permuted, extra, fewer, fewer-extra
    missing: str = "default"  # default v1 v2 v2-no-blank field null-sequence
    bom: bool = False
    bad_cell: bool = False  # an integer cell that is not an integer: the package is invalid
    dialect_extra: tuple[tuple[str, Any], ...] = ()
    dialect_path: bool = False  # the dialect in a JSON file of its own, named by a path
    schema_path: bool = False  # the schema in a JSON file of its own, named by a path
    encoding: str | None = None  # the file's declared encoding (else UTF-8, undeclared)
    compression: str | None = None  # "gz": the file gzipped, declared with `compression`
    json_property: str | None = None  # JSON: the rows under this property (the dialect's `property`)
    sheet_name: str | None = None  # XLSX: the rows on the sheet of this name (the dialect's `sheetName`)

    @property
    def default_csv(self) -> bool:
        """A CSV file with the default dialect (no dialect property): what `ctcoop fmt` must format."""
        return self.format == "csv" and _dialect(self) == {} and not (self.encoding or self.compression)

    @property
    def text_csv(self) -> bool:
        return self.format in ("csv", "tsv", "multipart")


@dataclass
class Built:
    descriptor: dict[str, Any]
    files: dict[str, bytes]
    #: the rows every command must see for resource "items": schema fields only, None = missing
    expected: list[dict[str, Any]]
    #: False when the package breaks the standard (every command must refuse it)
    valid: bool
    #: the data columns in file order (schema names, or "an_extra")
    columns: list[str] = field(default_factory=list)


def _missing_tokens(layout: Layout, name: str) -> list[str]:
    if layout.missing == "v1" or (layout.missing == "v2"):
        return ["", "NA", "-"] if layout.missing == "v1" else ["", "-"]
    if layout.missing == "v2-no-blank":
        return ["-"]
    if layout.missing == "field" and name == "the_count":
        return ["n/a"]
    if layout.missing == "null-sequence":
        return ["", "\\N"]
    return [""]


def _schema(layout: Layout) -> dict[str, Any]:
    fields: list[dict[str, Any]] = []
    for name, kind in FIELDS:
        f: dict[str, Any] = {"name": name, "type": "string" if kind == "list" else kind}
        if kind == "list":
            f["ctcoop:listDelimiter"] = LIST_DELIMITER
        if layout.missing == "field" and name == "the_count":
            f["missingValues"] = ["n/a"]
        fields.append(f)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": ["row_id"]}
    if layout.missing == "v1":
        schema["missingValues"] = ["", "NA", "-"]
    elif layout.missing == "v2":
        schema["missingValues"] = [{"value": "", "label": "blank"}, {"value": "-", "label": "not known"}]
    elif layout.missing == "v2-no-blank":
        schema["missingValues"] = [{"value": "-", "label": "not known"}]
    if layout.fields_match:
        schema["fieldsMatch"] = layout.fields_match
    return schema


def _dialect(layout: Layout) -> dict[str, Any]:
    d: dict[str, Any] = {}
    if layout.delimiter != "," and layout.format != "tsv":
        d["delimiter"] = layout.delimiter
    if layout.quote_char != '"':
        d["quoteChar"] = layout.quote_char
    if not layout.double_quote:
        d["doubleQuote"] = False
    if layout.escape_char:
        d["escapeChar"] = layout.escape_char
    if layout.skip_initial_space:
        d["skipInitialSpace"] = True
    if not layout.header:
        d["header"] = False
    if layout.header_rows:
        d["headerRows"] = [1, 2]
        d["headerJoin"] = "_"
    if layout.comment_char:
        d["commentChar"] = layout.comment_char
    if layout.comment_rows:
        d["commentRows"] = [_header_records(layout) + 1]
    if layout.declare_line_terminator:
        d["lineTerminator"] = layout.line_terminator
    if layout.case_sensitive_header is not None:
        d["caseSensitiveHeader"] = layout.case_sensitive_header
    if layout.missing == "null-sequence":
        d["nullSequence"] = "\\N"
    if layout.json_property:
        d["property"] = layout.json_property
    if layout.sheet_name:
        d["sheetName"] = layout.sheet_name
    d.update(dict(layout.dialect_extra))
    return d


def _columns(layout: Layout, rng: random.Random) -> list[str]:
    cols = list(NAMES)
    if layout.columns in ("permuted", "extra", "fewer", "fewer-extra"):
        rest = cols[1:]
        if layout.columns.startswith("fewer"):
            rest = rng.sample(rest, rng.randint(1, len(rest) - 1))
        cols = [cols[0], *rest]
        if layout.columns.endswith("extra"):
            cols.append("an_extra")
        rng.shuffle(cols)
        if layout.columns == "permuted" and cols == NAMES:
            cols[0], cols[1] = cols[1], cols[0]
    return cols


class Missing(str):
    """A missing-value token: written as is, never quoted (a quoted token is a value to some readers)."""

    __slots__ = ()


def _text_cell(value: Any, kind: str, tokens: list[str], pick: int) -> str:
    if value is None:
        return Missing(tokens[pick % len(tokens)])
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "list":
        return LIST_DELIMITER.join(value)
    return str(value)


def _native_cell(value: Any, kind: str) -> Any:
    if value is not None and kind == "list":
        return LIST_DELIMITER.join(value)
    return value


def _quote(cell: str, layout: Layout) -> str:
    q, d = layout.quote_char, layout.delimiter
    special = (d, q, "\n", "\r", *(layout.escape_char or ""), *(layout.comment_char or ""))
    if cell == "" or isinstance(cell, Missing):
        return cell
    if not (layout.quote_all or any(c in cell for c in special) or cell[0] == " "):
        return cell
    if layout.double_quote:
        inner = cell.replace(q, q + q)
    else:
        esc = layout.escape_char or "\\"
        inner = cell.replace(esc, esc + esc).replace(q, esc + q)
    return q + inner + q


def _label(name: str, layout: Layout) -> str:
    return name.upper() if layout.header_case else name


def _text_lines(layout: Layout, cols: list[str], table: Table, rng: random.Random) -> list[str]:
    """The records of a text table, each already a line without its terminator."""
    sep = layout.delimiter + (" " if layout.skip_initial_space else "")
    records: list[list[str]] = []
    if layout.header:
        labels = [_label(c, layout) for c in cols]
        if layout.header_rows:
            records.append([lab.split("_", 1)[0] for lab in labels])
            records.append([lab.split("_", 1)[1] for lab in labels])
        else:
            records.append(labels)
    for r, row in enumerate(table.rows):
        cells = []
        for c, col in enumerate(cols):
            if col == "an_extra":
                cells.append(f"x{r}")
            else:
                tokens = _missing_tokens(layout, col)
                cells.append(_text_cell(row[col], TYPES[col], tokens, r + c))
        if layout.bad_cell and r == len(table.rows) - 1 and "the_count" in cols:
            cells[cols.index("the_count")] = "x1"
        records.append(cells)
    if layout.format == "tsv":
        lines = ["\t".join(rec) for rec in records]
    else:
        lines = [sep.join(_quote(c, layout) for c in rec) for rec in records]
    head = _header_records(layout)
    if layout.comment_char:
        for _ in range(rng.randint(1, 2)):
            lines.insert(rng.randint(head, len(lines)), f"{layout.comment_char} a comment, not a row")
    if layout.comment_rows:
        lines.insert(head, "this row is skipped, by commentRows")
    return lines


def _header_records(layout: Layout) -> int:
    return (2 if layout.header_rows else 1) if layout.header else 0


def _xlsx(cols: list[str], table: Table, layout: Layout) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    if layout.sheet_name:  # the table on a second sheet, named by the dialect's sheetName
        ws.append(["not this sheet"])
        ws = wb.create_sheet(layout.sheet_name)
    ws.append([_label(c, layout) for c in cols])
    for r, row in enumerate(table.rows):
        ws.append([f"x{r}" if c == "an_extra" else _native_cell(row[c], TYPES[c]) for c in cols])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _native_rows(cols: list[str], table: Table, layout: Layout) -> list[list[Any]]:
    return [[f"x{r}" if c == "an_extra" else _native_cell(row[c], TYPES[c]) for c in cols]
            for r, row in enumerate(table.rows)]


def build(table: Table, layout: Layout, seed: int = 0) -> Built:
    """The package that holds ``table`` written as ``layout`` says, and the rows it must read as."""
    rng = random.Random(seed)
    cols = _columns(layout, rng)
    resource: dict[str, Any] = {"name": "items", "schema": _schema(layout)}
    files: dict[str, bytes] = {}
    labels = [_label(c, layout) for c in cols]
    if layout.format in ("csv", "tsv", "multipart"):
        lines = _text_lines(layout, cols, table, rng)
        nl = layout.line_terminator
        body = (nl.join(lines) + nl).encode("utf-8")
        if layout.format == "multipart":
            head = _header_records(layout)
            cut = head + max(1, (len(lines) - head) // 2)
            first, second = lines[:cut], lines[cut:]
            files["data/items-1.csv"] = (nl.join(first) + nl).encode("utf-8")
            files["data/items-2.csv"] = (nl.join(second) + nl).encode("utf-8") if second else b""
            resource["path"] = ["data/items-1.csv", "data/items-2.csv"]
        else:
            ext = "tsv" if layout.format == "tsv" else "csv"
            if layout.encoding:
                body = (nl.join(lines) + nl).encode(layout.encoding)
                resource["encoding"] = layout.encoding
            data = (b"\xef\xbb\xbf" if layout.bom else b"") + body
            if layout.compression == "gz":
                data, ext = gzip.compress(data, mtime=0), f"{ext}.gz"
                resource["compression"] = "gz"
            files[f"data/items.{ext}"] = data
            resource["path"] = f"data/items.{ext}"
            if layout.format == "tsv":
                resource["format"] = "tsv"
                resource["mediatype"] = "text/tab-separated-values"
    elif layout.format in ("json-arrays", "json-objects", "ndjson", "inline-arrays", "inline-objects"):
        native = _native_rows(cols, table, layout)
        if layout.format.endswith("objects") or layout.format == "ndjson":
            items: list[Any] = [dict(zip(labels, row, strict=True)) for row in native]
        else:
            items = [labels, *native]
        if layout.format.startswith("inline"):
            resource["data"] = items
        elif layout.format == "ndjson":
            text = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
            files["data/items.ndjson"] = text.encode("utf-8")
            resource.update(path="data/items.ndjson", format="ndjson")
        else:
            doc: Any = {"meta": "not rows", layout.json_property: items} if layout.json_property else items
            files["data/items.json"] = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
            resource.update(path="data/items.json", format="json", mediatype="application/json")
    elif layout.format == "xlsx":
        files["data/items.xlsx"] = _xlsx(cols, table, layout)
        resource.update(path="data/items.xlsx", format="xlsx")
    else:
        raise ValueError(layout.format)
    dialect = _dialect(layout)
    if dialect and layout.dialect_path:
        files["items-dialect.json"] = json.dumps(dialect).encode("utf-8")
        resource["dialect"] = "items-dialect.json"
    elif dialect:
        resource["dialect"] = dialect
    if layout.schema_path:
        files["items-schema.json"] = json.dumps(resource["schema"], ensure_ascii=False).encode("utf-8")
        resource["schema"] = "items-schema.json"
    descriptor = {"$schema": V2, "name": "generated", "resources": [resource]}
    expected = [{n: (row[n] if n in cols else None) for n in NAMES} for row in table.rows]
    return Built(descriptor, files, expected, _valid(layout, cols), cols)


def _valid(layout: Layout, cols: list[str]) -> bool:
    """Whether the standard accepts the package (the header against fieldsMatch, the cells)."""
    if layout.bad_cell and "the_count" in cols:
        return False
    if layout.header_case and layout.case_sensitive_header and layout.header:
        return False
    names, schema = set(cols) - {"an_extra"}, set(NAMES)
    mode = layout.fields_match or "exact"
    if not layout.header:
        return cols == NAMES
    if mode == "exact":
        return cols == NAMES
    if mode == "equal":
        return set(cols) == schema
    if mode == "subset":
        return names == schema
    if mode == "superset":
        return "an_extra" not in cols
    return bool(names)  # partial

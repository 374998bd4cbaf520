"""CSV structure: encoding, BOM, header against the schema, missing/extra cells, blank rows, quotes, sizes.

The table layer finds the problems: the records stage (:mod:`ctcoop.tables.records`) those of the
rows, the header mapping (:mod:`ctcoop.tables.header`, every ``fieldsMatch`` mode) those of the
header; this check reports them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ctcoop.checks import Check
from ctcoop.checks.context import Context
from ctcoop.package import Resource
from ctcoop.report import Issue


def _header_issues(ctx: Context, resource: Resource) -> Iterator[Issue]:
    table = ctx.table(resource)
    if table is None or table.records.header is None:
        return
    line = table.where(table.records.header_line)[1]
    for p in table.header_problems:
        yield table.issue(p.code, p.message, hint=p.hint, line=line, column=p.column, field=p.field)


def run(ctx: Context) -> Iterator[Issue]:
    for resource in ctx.resources:
        yield from ctx.read_problems(resource)
        yield from _header_issues(ctx, resource)


CHECK = Check(
    name="structure",
    run=run,
    codes={
        "missing-file": "the resource's data file does not exist",
        "unreadable-file": "the data file cannot be read",
        "unsafe-path": "a path (or a symlink it goes through) leaves the package",
        "remote-path": "a remote path while network access is off",
        "file-too-large": "the data file is larger than the limit",
        "encoding-error": "bytes that are not valid in the file's encoding (UTF-8 by default)",
        "bom": "the file starts with a UTF-8 byte order mark (warning)",
        "empty-file": "the file is empty or has no header",
        "blank-header": "the header row is empty",
        "blank-label": "a header cell is empty",
        "duplicate-label": "two header cells have the same label",
        "missing-label": "a schema field has no column in the header",
        "extra-label": "a header column is not a schema field",
        "incorrect-label": "a header label differs from the schema field at that position",
        "blank-row": "an empty line or a row whose cells are all empty",
        "missing-cell": "a row has fewer cells than the header",
        "extra-cell": "a row has more cells than the header",
        "quote-error": "a quote inside an unquoted cell or after a closing quote",
        "unterminated-quote": "a quoted cell that is never closed",
        "line-too-long": "a line longer than the limit",
        "field-too-large": "a cell larger than the limit",
        "dialect-unsupported": "a CSV dialect property the validator cannot honour",
        "compressed-file": "a CSV file that holds compressed bytes (gzip, zip, zstd…), refused unread",
        "nul-byte": "a NUL byte in a CSV file",
        "lone-cr": "a carriage return outside quotes that is not part of CRLF",
        "zip-encrypted": "an archive member is encrypted",
        "zip-corrupt": "an archive member is corrupt (bad CRC, lying sizes) or its compression is "
        "unsupported",
        # reading formats other than CSV (ctcoop.tables)
        "format-unsupported": "a resource's format (format, mediatype or extension) is not one ctcoop reads",
        "compression-unsupported": "a resource's compression is not gz or zip",
        "compressed-corrupt": "a gzip resource that does not decompress",
        "gzip-bomb": "a gzip resource that expands more than 200-fold",
        "zip-member": "a zipped resource whose archive holds no single data file (nor its innerpath)",
        "json-parse": "a JSON or NDJSON resource that does not parse (or breaks the JSON limits)",
        "json-rows": "a JSON resource that is not an array of rows (arrays or objects)",
        "multipart-unsupported": "several parts of a format that does not concatenate (JSON, XLSX, ODS)",
        "sheet-missing": "the dialect's sheetName or sheetNumber names no sheet of the workbook",
        "sheet-too-large": "a workbook sheet spans more than 5 million cells",
        "sheet-corrupt": "a workbook that cannot be read",
        "csv-parse": "delimited text read through the whole dialect that cannot be parsed",
        "dialect": "a dialect given as a path that is not a JSON object",
    },
)

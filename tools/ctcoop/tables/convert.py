"""Plain CSV from what the fast parser cannot read as it is: the reader for each format, then
:func:`ctcoop.tables.plain.plain_csv`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING

from ctcoop.errors import PackageLoadError
from ctcoop.tables.dialect import TableDialect, parse_dialect
from ctcoop.tables.jsonrows import MAX_JSON_BYTES, Item, items_of, json_rows, ndjson_items, parse
from ctcoop.tables.plain import Row, plain_csv
from ctcoop.tables.sheets import sheet_rows
from ctcoop.tables.textcsv import decode, parts_rows

if TYPE_CHECKING:
    from ctcoop.package import Package, Resource
    from ctcoop.tables.source import TableBytes

_SHEETS = ("xlsx", "ods")


def null_text(resource: Resource, d: TableDialect) -> str:
    """How a JSON null is written: the dialect's nullSequence, else the schema's first missing value."""
    if d.null_sequence is not None:
        return d.null_sequence
    values = resource.schema.get("missingValues", [""])
    first = values[0] if isinstance(values, list) and values else ""
    if isinstance(first, dict):
        first = first.get("value", "")
    return first if isinstance(first, str) else ""


def _one_part(parts: list[tuple[str, bytes]], fmt: str) -> tuple[str, bytes]:
    if len(parts) > 1:
        raise PackageLoadError(
            f"the resource's data is {fmt.upper()} in {len(parts)} files; parts are concatenated, which "
            f"gives no {fmt.upper()} file",
            file=parts[0][0],
            code="multipart-unsupported",
            hint="keep the table in one file, or use CSV, TSV or NDJSON parts",
        )
    return parts[0]


def _rows(
    resource: Resource, parts: list[tuple[str, bytes]], encoding: str, fmt: str, d: TableDialect
) -> tuple[Iterator[Row], TableDialect, bool]:
    """The rows of the data, the dialect they are read with, and whether they are delimited text."""
    files = [p for p, _ in parts]
    if fmt in ("csv", "tsv"):
        texts = [(p, decode(b, encoding, p)) for p, b in parts]
        return parts_rows(texts, d), d, True
    if fmt in _SHEETS:
        name, data = _one_part(parts, fmt)
        return sheet_rows(data, name, d, fmt), d, False
    if fmt == "ndjson":
        texts = [(name, decode(data, encoding, name)) for name, data in parts]

        def items() -> Iterable[Item]:
            return chain.from_iterable(ndjson_items(text, name, i) for i, (name, text) in enumerate(texts))

    elif fmt == "json":
        name, data = _one_part(parts, fmt)
        if len(data) > MAX_JSON_BYTES:
            raise PackageLoadError(
                f"'{name}' has {len(data)} bytes, more than the {MAX_JSON_BYTES} ctcoop parses as one JSON "
                "document",
                file=name,
                code="file-too-large",
                hint="save the rows as NDJSON (one row per line) or CSV",
            )
        values = items_of(parse(decode(data, encoding, name), name), d, name)

        def items() -> Iterable[Item]:
            return ((0, n, v) for n, v in enumerate(values, 1))

    else:
        raise PackageLoadError(
            f"'{files[0]}' is {fmt}, which ctcoop does not read",
            file=files[0],
            code="format-unsupported",
            hint="convert the data to CSV",
        )
    rows, dialect = json_rows(items, d, files, null_text(resource, d), resource.field_names)
    return rows, dialect, False


def converted(
    package: Package,
    resource: Resource,
    parts: list[tuple[str, bytes]],
    encoding: str,
    *,
    fmt: str = "inline",
    dialect: TableDialect | None = None,
    unsupported: list[str] | None = None,
) -> TableBytes:
    """Plain CSV bytes of the resource's rows (inline ``data`` when ``parts`` is empty)."""
    from ctcoop.tables.source import INLINE, TableBytes, resource_dialect

    if dialect is None:
        dialect, unsupported = parse_dialect(resource_dialect(package, resource))
    if not parts:
        values = items_of(resource.descriptor.get("data"), dialect, INLINE)
        rows, d = json_rows(
            lambda: ((0, n, v) for n, v in enumerate(values, 1)),
            dialect,
            [INLINE],
            null_text(resource, dialect),
            resource.field_names,
        )
        files, text = [INLINE], False
    else:
        rows, d, text = _rows(resource, parts, encoding, fmt, dialect)
        files = [p for p, _ in parts]
    data_bytes, positions = plain_csv(rows, d, files, text=text)
    return TableBytes(
        data=data_bytes,
        dialect=d.plain(),
        encoding="utf-8",
        file=files[0],
        format=fmt,
        positions=positions,
        unsupported=list(unsupported or []),
    )

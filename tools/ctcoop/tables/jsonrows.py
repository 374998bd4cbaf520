"""Rows from JSON: a JSON file, a JSON Lines file (NDJSON) or a resource's inline ``data``.

The rows are arrays (the first one the header unless the dialect says there is none) or
objects (the header is their keys: ``itemKeys``, else every key in order of first use). A
JSON file may hold its rows under the dialect's ``property``. Each row's origin is its 1-based
item number (its line for NDJSON). JSON is parsed with the limits of :mod:`ctcoop.safe_json`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from ctcoop import safe_json
from ctcoop.errors import PackageLoadError
from ctcoop.tables.dialect import TableDialect
from ctcoop.tables.plain import MAX_ROWS, Row

_HINT = "give an array of rows: arrays (the first one the labels) or objects"


def cell(value: Any, null: str) -> str:
    """A JSON value as the text a CSV cell would hold."""
    if value is None:
        return null
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _shape_error(file: str, message: str) -> PackageLoadError:
    return PackageLoadError(f"'{file}': {message}", file=file, code="json-rows", hint=_HINT)


def parse(text: str | bytes, file: str) -> Any:
    """JSON with the limits of docs/security.md (R5), errors naming the file and line."""
    return safe_json.parse(text, file, code="json-parse", encoding_code="json-parse")


def items_of(value: Any, d: TableDialect, file: str) -> list[Any]:
    """The array of rows in a parsed JSON document (under ``property`` when the dialect names one)."""
    if d.property is not None:
        node = value
        for key in [d.property] if isinstance(value, dict) and d.property in value else d.property.split("."):
            if not isinstance(node, dict) or key not in node:
                raise _shape_error(file, f"has no property '{d.property}' holding the rows")
            node = node[key]
        value = node
    if not isinstance(value, list):
        kind = type(value).__name__ if not isinstance(value, dict) else "an object"
        raise _shape_error(
            file,
            f"holds {kind}, not an array of rows"
            + (
                ' (name the property holding them in the dialect\'s "property")'
                if isinstance(value, dict)
                else ""
            ),
        )
    return value


Item = tuple[int, int, Any]
"""(file number, item or line number, value)"""

#: a JSON file is parsed whole, which costs up to twenty times its size in memory: larger ones are
#: refused (NDJSON is read line by line and has no such limit below the per-file budget)
MAX_JSON_BYTES = 16 * 1024**2


def _keys(items: Iterable[Item], d: TableDialect, fields: list[str]) -> list[str]:
    """``itemKeys``, else the schema's field names and then every other key in order of first use
    (a key is a label: a row object without a field's key has that cell missing)."""
    if d.item_keys is not None:
        return list(d.item_keys)
    seen: dict[str, None] = dict.fromkeys(fields)
    for _, _, item in items:
        if isinstance(item, dict):
            seen.update(dict.fromkeys(item))
    return list(seen)


def json_rows(
    items: Callable[[], Iterable[Item]],
    d: TableDialect,
    files: list[str],
    null: str,
    fields: list[str] | None = None,
) -> tuple[Iterator[Row], TableDialect]:
    """Rows of numbered items (``items`` gives them anew on each call: objects are read twice,
    once for their keys), and the dialect the rows are read with (for objects, a header row of
    their keys comes first)."""
    first = next(iter(items()), None)
    kind = d.item_type or ("object" if first is not None and isinstance(first[2], dict) else "array")
    want = dict if kind == "object" else list
    why = "dialect's itemType says" if d.item_type else "first item"

    def checked() -> Iterator[Item]:
        for index, number, item in items():
            if not isinstance(item, want):
                raise _shape_error(
                    files[index], f"item {number} is {type(item).__name__}, not an {kind} like the {why}"
                )
            yield index, number, item

    if kind == "array":
        return (Row([cell(v, null) for v in item], i, number) for i, number, item in checked()), d
    keys = _keys(checked(), d, fields or [])
    where = first[:2] if first is not None else (0, 1)

    def rows() -> Iterator[Row]:
        yield Row(keys, where[0], where[1])
        for i, number, item in checked():
            yield Row([cell(item.get(k), null) for k in keys], i, number)

    return rows(), replace(d, header=True, header_rows=(1,), comment_rows=())


def ndjson_items(text: str, file: str, index: int = 0) -> Iterator[Item]:
    """(file number, line, value) of every non-blank line of a JSON Lines text, parsed as read."""
    count = 0
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        value = safe_json.parse(line, file, code="json-parse", encoding_code="json-parse", line=number)
        yield index, number, value
        count += 1
        if count > MAX_ROWS:
            raise PackageLoadError(
                f"'{file}' has more than {MAX_ROWS} rows, the most ctcoop brings to plain CSV",
                file=file,
                code="file-too-large",
                hint="split the table, or save it as plain CSV (read as it is, without this limit)",
            )

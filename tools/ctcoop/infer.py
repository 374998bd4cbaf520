"""A Table Schema for a tabular resource that declares none: its header's labels, read as text.

The Data Package standard does not require a schema. For a resource without one that is a table
(``type: table``, or a CSV or TSV by ``format``, ``mediatype`` or file name), the fields are
inferred from the header row, as frictionless does: a blank label becomes ``fieldN`` and a
repeated one gets a number (``name2``), so that structure checks (blank rows, missing and extra
cells, blank and duplicate labels) can still run. Every field is typed ``any``: a type guessed
from a sample would turn the sample's accident into errors in the rest of the file. The
package's report says the schema was inferred.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ctcoop.tables.dialect import Dialect, dialect_from
from ctcoop.tables.records import read_records

#: bytes of the file read to find the header row
HEAD_BYTES = 1 << 20
_TABULAR_SUFFIXES = (".csv", ".tsv", ".ndjson", ".jsonl", ".xlsx", ".ods", ".csv.gz", ".tsv.gz", ".csv.zip")
_TABULAR_FORMATS = {"csv", "tsv", "ndjson", "jsonl", "xlsx", "ods"}
_TABULAR_MEDIATYPES = {"text/csv", "text/tab-separated-values", "application/x-ndjson"}


def is_tabular(resource: dict[str, Any]) -> bool:
    """Whether a resource descriptor names a table ctcoop can read as delimited text."""
    path = resource.get("path")
    name = path if isinstance(path, str) else ""
    return (
        resource.get("type") == "table"
        or resource.get("profile") == "tabular-data-resource"
        or str(resource.get("format", "")).lower() in _TABULAR_FORMATS
        or str(resource.get("mediatype", "")).lower() in _TABULAR_MEDIATYPES
        or name.lower().endswith(_TABULAR_SUFFIXES)
    )


def _dialect(resource: dict[str, Any]) -> Dialect:
    """The resource's dialect (a TSV file's delimiter is a tab unless the dialect says otherwise)."""
    given = resource.get("dialect") if isinstance(resource.get("dialect"), dict) else {}
    assert isinstance(given, dict)
    dialect, _ = dialect_from(given)
    path = resource.get("path")
    tsv = str(resource.get("format", "")).lower() == "tsv" or (
        isinstance(path, str) and path.endswith(".tsv")
    )
    return replace(dialect, delimiter="\t") if tsv and "delimiter" not in given else dialect


def field_names(labels: list[str]) -> list[str]:
    """Field names for header labels: blank ones become ``fieldN``, repeats get a number."""
    names: list[str] = []
    seen: set[str] = set()
    for i, label in enumerate(labels, 1):
        name = label if label.strip() else f"field{i}"
        base, n = name, 1
        while name in seen:
            n += 1
            name = f"{base}{n}"
        seen.add(name)
        names.append(name)
    return names


def infer_schema(head: bytes, resource: dict[str, Any]) -> dict[str, Any] | None:
    """The inferred schema from the first bytes of the file, or None if no row can be read.

    The first row is read by the table layer's records stage (:mod:`ctcoop.tables.records`), with
    bytes that do not decode replaced (the structure check reports them).
    """
    dialect = _dialect(resource)
    encoding = resource.get("encoding") if isinstance(resource.get("encoding"), str) else "utf-8"
    if len(head) >= HEAD_BYTES and b"\n" in head:
        head = head[: head.rfind(b"\n") + 1]  # whole lines only
    try:
        text = head.decode(str(encoding) if encoding != "utf-8" else "utf-8-sig", errors="replace")
    except LookupError:
        text = head.decode("utf-8-sig", errors="replace")
    records = read_records(text.encode("utf-8"), dialect=replace(dialect, header=True, comment_char=None))
    first = records.header
    if not first:
        return None
    labels = first if dialect.header else [f"field{i}" for i in range(1, len(first) + 1)]
    return {"fields": [{"name": n, "type": "any"} for n in field_names(labels)]}

"""Which format a resource is in, and how it is compressed: from ``format``, ``mediatype`` or the file name.

:data:`FORMATS` and :data:`COMPRESSIONS` list what ctcoop reads, with a line each, for the
generated docs. A format or compression not listed is a ``format-unsupported`` or
``compression-unsupported`` error naming it, never a CSV misread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ctcoop.errors import PackageLoadError

#: every format ctcoop reads a table from, and how
FORMATS: dict[str, str] = {
    "csv": "comma-separated values (RFC 4180), read through the Table Dialect",
    "tsv": "tab-separated values: the CSV dialect with a tab as delimiter (quotes as in CSV, as frictionless "
    "and most readers do)",
    "json": "a JSON array of rows (arrays, the first one the header, or objects), or an object holding it "
    "under the dialect's `property`",
    "ndjson": "JSON Lines (`.ndjson`, `.jsonl`): one array or object per line",
    "xlsx": "an Excel workbook (Office Open XML); one sheet, chosen by `sheetName` or `sheetNumber`",
    "ods": "an OpenDocument spreadsheet; one sheet, as for XLSX",
    "inline": "rows given in the descriptor's `data` (arrays, the first one the header, or objects)",
}

#: every compression ctcoop reads (declared in ``compression`` or by the file name's extension)
COMPRESSIONS: dict[str, str] = {
    "gz": "gzip; decompressed in steps, counted against the per-file read budget",
    "zip": "a zip archive holding the one data file (or the member named by `innerpath`)",
}

_ALIASES = {"jsonl": "ndjson", "gzip": "gz", "text/csv": "csv", "tab": "tsv"}
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".ods": "ods",
}
#: extensions of files that are text tables by convention: read as CSV unless ``format`` says otherwise
_TEXT_EXTENSIONS = {"", ".txt", ".dat", ".data"}
_MEDIATYPES = {
    "text/csv": "csv",
    "application/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/x-ndjson": "ndjson",
    "application/ndjson": "ndjson",
    "application/jsonl": "ndjson",
    "application/x-jsonlines": "ndjson",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_COMPRESSED = {".gz": "gz", ".zip": "zip", ".bz2": "bz2", ".xz": "xz", ".zst": "zst", ".tgz": "tgz"}


@dataclass(frozen=True)
class Kind:
    """The format and compression of a resource's data."""

    format: str
    compression: str | None = None


def _unsupported(what: str, value: str, file: str, known: dict[str, str]) -> PackageLoadError:
    return PackageLoadError(
        f"'{file}' {'is in' if what == 'format' else 'uses'} the {what} '{value}', "
        "which ctcoop does not read",
        file=file,
        code=f"{what}-unsupported",
        hint=f"ctcoop reads the {what}s "
        + ", ".join(k for k in known if k != "inline")
        + "; convert the data to one of them"
        + (' or set "format" if the file is one' if what == "format" else ""),
    )


def compression_of(resource: dict[str, Any], path: str) -> str | None:
    """The declared ``compression``, else the one the file name's extension says, else None."""
    declared = resource.get("compression")
    suffix = PurePosixPath(path).suffix.lower()
    if isinstance(declared, str) and declared:
        value = _ALIASES.get(declared.lower(), declared.lower())
        if value not in COMPRESSIONS:
            raise _unsupported("compression", declared, path, COMPRESSIONS)
        return value
    found = _COMPRESSED.get(suffix)
    if found is not None and found not in COMPRESSIONS:
        raise _unsupported("compression", found, path, COMPRESSIONS)
    return found


def format_of(resource: dict[str, Any], path: str) -> str:
    """The format of the resource's data: ``format``, else ``mediatype``, else the file name's
    extension (after a compression extension); a plain-text name (no extension, ``.txt``) is CSV."""
    declared = resource.get("format")
    if isinstance(declared, str) and declared:
        value = _ALIASES.get(declared.lower(), declared.lower())
        if value not in FORMATS or value == "inline":
            raise _unsupported("format", declared, path, FORMATS)
        return value
    mediatype = resource.get("mediatype")
    if isinstance(mediatype, str) and mediatype:
        named = _MEDIATYPES.get(mediatype.lower().split(";")[0].strip())
        if named is None and mediatype.lower() != "text/plain":
            raise _unsupported("format", mediatype, path, FORMATS)
        if named is not None:
            return named
    pure = PurePosixPath(path.split("?")[0])
    if pure.suffix.lower() in _COMPRESSED:
        pure = pure.with_suffix("")
    suffix = pure.suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if suffix in _TEXT_EXTENSIONS or not suffix.strip(".").isalpha():
        return "csv"
    raise _unsupported("format", suffix.lstrip("."), path, FORMATS)


def kind_of(resource: dict[str, Any], path: str) -> Kind:
    """The format and compression of the data at ``path`` (one part of the resource)."""
    return Kind(format_of(resource, path), compression_of(resource, path))

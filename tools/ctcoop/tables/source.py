"""The bytes of a resource's table and where each of their lines came from.

:func:`table_bytes` is the one place a command gets a resource's data from. It returns
:class:`TableBytes`: bytes the CSV parser reads with :attr:`TableBytes.dialect`, and, when those
bytes are not the file's own (another format, several parts, inline data, a dialect brought to
the parser's form), :attr:`TableBytes.positions` to map a line of them back to its origin.

The fast path: a CSV or TSV file in one part, not compressed, whose dialect the parser speaks,
is returned as it is (``positions`` None). Parts of such files, or a compressed one, are
concatenated as they are (a later part's repeated header line left out) with a
:class:`~ctcoop.tables.positions.PartPositions` map. Everything else (JSON, NDJSON, spreadsheets,
inline ``data``, a dialect the parser does not speak) becomes plain CSV (:mod:`ctcoop.tables.plain`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ctcoop import safe_json
from ctcoop.errors import PackageLoadError
from ctcoop.package import INLINE
from ctcoop.paths import is_remote, path_problem
from ctcoop.tables.compression import gunzip, unzip
from ctcoop.tables.dialect import Dialect, parse_dialect
from ctcoop.tables.formats import format_of, kind_of
from ctcoop.tables.origin import Origin
from ctcoop.tables.positions import PartPositions

if TYPE_CHECKING:
    from ctcoop.package import Package, Resource

__all__ = [
    "INLINE",
    "Origin",
    "Positions",
    "TableBytes",
    "resource_dialect",
    "rewrite_problem",
    "table_bytes",
]

_TEXT = ("csv", "tsv")
_BOM = b"\xef\xbb\xbf"


class Positions(Protocol):
    """Maps a 1-based line of :attr:`TableBytes.data` to its :class:`Origin`."""

    def origin(self, line: int) -> Origin: ...


@dataclass
class TableBytes:
    """What the CSV parser reads for one resource."""

    data: bytes
    dialect: Dialect
    #: encoding of ``data``
    encoding: str
    #: the name messages give the table: its path, the first part's path or ``<inline data>``
    file: str
    #: the format the resource was read as ("csv", "tsv", "json", ...)
    format: str = "csv"
    #: None when the lines of ``data`` are the lines of ``file``
    positions: Positions | None = None
    #: dialect properties given that the parser cannot honour (reported, never silently ignored)
    unsupported: list[str] = field(default_factory=list)
    #: True when ``data`` is exactly the bytes of the local or remote file ``file`` (so a reader
    #: may read that file again instead of holding ``data``)
    verbatim: bool = False


def paths_of(resource: Resource) -> list[str]:
    """The file (or the parts) of the resource's data; empty for inline ``data``."""
    path = resource.descriptor.get("path")
    if isinstance(path, list) and path and all(isinstance(p, str) for p in path):
        return list(path)
    if isinstance(path, str):
        return [path]
    return [] if resource.path == INLINE else [resource.path]


def resource_dialect(package: Package, resource: Resource) -> dict[str, Any]:
    """The resource's ``dialect`` object; a path or URL is read as a JSON file (safe_json limits)."""
    raw = resource.descriptor.get("dialect", {})
    if not isinstance(raw, str):
        return raw if isinstance(raw, dict) else {}
    why = None if is_remote(raw) else path_problem(raw)
    if why:
        raise PackageLoadError(
            f"dialect path '{raw}' of resource '{resource.name}' is unsafe: {why}",
            file=raw,
            code="unsafe-path",
            hint="point to a JSON file inside the package",
        )
    loaded = safe_json.parse(package.read(raw), raw)
    if not isinstance(loaded, dict):
        raise PackageLoadError(
            f"the dialect '{raw}' is not a JSON object",
            file=raw,
            code="dialect",
            hint='a Table Dialect is an object such as {"delimiter": ";"}',
        )
    return loaded


def _read_part(read: Callable[[str], bytes], resource: Resource, path: str) -> tuple[bytes, str]:
    """A part's bytes, decompressed, and the format they are in."""
    kind = kind_of(resource.descriptor, path)
    data = read(path)
    if kind.compression == "gz":
        data = gunzip(data, path)
    elif kind.compression == "zip":
        inner = resource.descriptor.get("innerpath")
        data, member = unzip(data, path, inner if isinstance(inner, str) else None)
        if not isinstance(resource.descriptor.get("format"), str):
            return data, format_of({}, member)
    return data, kind.format


def _concatenate(parts: list[tuple[str, bytes]], header: bool) -> tuple[bytes, PartPositions]:
    """Parts joined as they are; a later part's first line equal to the first part's is left out."""
    positions = PartPositions()
    first = parts[0][1].removeprefix(_BOM).split(b"\n", 1)[0].rstrip(b"\r")
    out: list[bytes] = []
    line = 1
    for index, (name, data) in enumerate(parts):
        dropped = 0
        if index:
            data = data.removeprefix(_BOM)
            head, _, rest = data.partition(b"\n")
            if header and head.rstrip(b"\r") == first:
                data, dropped = rest, 1
        if data and not data.endswith(b"\n"):
            data += b"\n"
        positions.add(name, line, dropped)
        out.append(data)
        line += data.count(b"\n")
    return b"".join(out), positions


def table_bytes(
    package: Package, resource: Resource, *, read: Callable[[str], bytes] | None = None
) -> TableBytes:
    """The bytes of ``resource``'s table as the CSV parser reads them.

    Raises :class:`ctcoop.errors.PackageLoadError` when the data cannot be read: a file is
    missing or unsafe, a format or compression is not supported (``format-unsupported``,
    ``compression-unsupported``), JSON or a workbook is malformed, or a budget is exceeded.
    ``read`` reads a file of the package (default ``package.read``; a caller may cache remote files).
    """
    read = read or package.read
    from ctcoop.tables.convert import converted

    paths = paths_of(resource)
    encoding = resource.descriptor.get("encoding", "utf-8")
    encoding = encoding if isinstance(encoding, str) else "utf-8"
    if not paths:
        return converted(package, resource, [], encoding)
    fmt = format_of(resource.descriptor, paths[0])
    raw = resource_dialect(package, resource)
    d, unsupported = parse_dialect(raw, delimiter="\t" if fmt == "tsv" else ",")
    plain = len(paths) == 1 and kind_of(resource.descriptor, paths[0]).compression is None
    if fmt in _TEXT and d.fast() and plain:
        return TableBytes(
            data=read(paths[0]),
            dialect=d.parser(),
            encoding=encoding,
            file=paths[0],
            format=fmt,
            unsupported=unsupported,
            verbatim=True,
        )
    parts = [(path, *_read_part(read, resource, path)) for path in paths]
    if parts[0][2] != fmt:  # a zip member's own extension says what it is
        fmt = parts[0][2]
        d, unsupported = parse_dialect(raw, delimiter="\t" if fmt == "tsv" else ",")
    formats = {f for _, _, f in parts}
    utf8 = encoding.lower().replace("_", "-") in ("utf-8", "utf8", "ascii", "us-ascii")
    if formats <= set(_TEXT) and d.fast() and (len(parts) == 1 or utf8):
        data, positions = _concatenate([(p, b) for p, b, _ in parts], d.header)
        return TableBytes(
            data=data,
            dialect=d.parser(),
            encoding=encoding,
            file=paths[0],
            format=fmt,
            positions=None if len(parts) == 1 else positions,
            unsupported=unsupported,
        )
    return converted(
        package,
        resource,
        [(p, b) for p, b, _ in parts],
        encoding,
        fmt=parts[0][2],
        dialect=d,
        unsupported=unsupported,
    )


def refuse_rewrite(resource: Resource) -> None:
    """CtcoopError (code ``format``) when ``ctcoop fmt`` must not rewrite the resource's file
    (:func:`rewrite_problem` says why)."""
    from ctcoop.errors import CtcoopError

    why = rewrite_problem(resource)
    if why is not None:
        raise CtcoopError(f"resource '{resource.name}' has no canonical CSV form: {why}", file=resource.path,
                          code="format", hint="fmt leaves it as it is; validate, diff and export read it")


def rewrite_problem(resource: Resource) -> str | None:
    """Why ``ctcoop fmt`` must not rewrite the resource's file in place, or None: it is one
    uncompressed CSV file (fmt's dialect rules are checked by fmt itself)."""
    paths = paths_of(resource)
    if not paths:
        return "its rows are inline data in the descriptor, not a CSV file"
    if len(paths) > 1:
        return f"its data is in {len(paths)} files; fmt rewrites a table kept in one CSV file"
    try:
        kind = kind_of(resource.descriptor, paths[0])
    except PackageLoadError as exc:
        return exc.message
    if kind.compression is not None:
        return f"'{paths[0]}' is compressed ({kind.compression}); fmt rewrites plain CSV files"
    if kind.format != "csv":
        return f"'{paths[0]}' is {kind.format.upper()}, not CSV; fmt rewrites CSV files only"
    if isinstance(resource.descriptor.get("dialect"), str):
        return "its dialect is a separate file; fmt rewrites files in the default CSV dialect only"
    return None

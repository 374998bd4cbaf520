"""The bytes of a resource's table and where each of their lines came from.

:func:`table_bytes` is the one place a command gets a resource's data from. It returns
:class:`TableBytes`: bytes the CSV parser reads with :attr:`TableBytes.dialect`, and, when those
bytes are not the file's own (another format, several parts, inline data, a dialect brought to
the parser's form), :attr:`TableBytes.positions` to map a line of them back to its origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ctcoop.tables.dialect import Dialect, dialect_from

if TYPE_CHECKING:
    from ctcoop.package import Package, Resource


@dataclass(frozen=True)
class Origin:
    """Where a record came from: the file (or part, or ``<inline data>``) and its line there
    (for spreadsheets the sheet row, for a JSON array the 1-based item number)."""

    file: str
    line: int


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


def table_bytes(package: Package, resource: Resource) -> TableBytes:
    """The bytes of ``resource``'s table as the CSV parser reads them.

    Raises :class:`ctcoop.errors.PackageLoadError` when the data cannot be read.
    """
    dialect, unsupported = dialect_from(resource.dialect)
    encoding = resource.descriptor.get("encoding", "utf-8")
    return TableBytes(
        data=package.read(resource.path),
        dialect=dialect,
        encoding=encoding if isinstance(encoding, str) else "utf-8",
        file=resource.path,
        unsupported=unsupported,
    )

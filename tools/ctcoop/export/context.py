"""What every writer needs: the package, its typed tables (read once), a fixed timestamp, a name.

The timestamp written inside archives and documents is the descriptor's ``created`` date (so it
changes only when the package says so), clamped to what a zip can hold; without one it is
1980-01-01T00:00:00. Nothing in an export reads the clock.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ctcoop.errors import CtcoopError

if TYPE_CHECKING:
    import polars as pl

    from ctcoop.package import Package, Resource

ZIP_EPOCH = datetime(1980, 1, 1)
ZIP_LAST = datetime(2107, 12, 31, 23, 59, 58)
_CREATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_TABLE_FILE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")


def fixed_timestamp(descriptor: dict[str, Any]) -> datetime:
    """The descriptor's ``created`` as a naive datetime (seconds even, within zip's range)."""
    created = descriptor.get("created")
    match = _CREATED.match(created) if isinstance(created, str) else None
    if match is None:
        return ZIP_EPOCH
    y, mo, d, h, mi, sec = (int(p) if p else 0 for p in match.groups())
    try:
        stamp = datetime(y, mo, d, h, mi, sec)
    except ValueError:
        return ZIP_EPOCH
    stamp = min(max(stamp, ZIP_EPOCH), ZIP_LAST)
    return stamp.replace(second=stamp.second - stamp.second % 2, microsecond=0)


def artifact_base(descriptor: dict[str, Any]) -> str:
    """``<name>-<version>`` made safe for a file name (``package`` when the name is missing)."""
    name = descriptor.get("name")
    version = descriptor.get("version")
    base = name if isinstance(name, str) and name else "package"
    if isinstance(version, str) and version:
        base = f"{base}-{version}"
    return _SAFE_NAME.sub("_", base).strip("._") or "package"


def table_file(name: str, suffix: str) -> str:
    """``<name><suffix>`` for a per-table file; CtcoopError when the name is unsafe as a file name."""
    if not _TABLE_FILE.match(name) or len(name) > 200:
        raise CtcoopError(f"resource name '{name}' cannot be used as a file name",
                          code="export-name", file="datapackage.json",
                          hint="use letters, digits, '.', '-' and '_' only, not starting with '.' or '-'")
    return f"{name}{suffix}"


@dataclass
class ExportContext:
    """A validated package and what its writers share. :meth:`frame` is safe across threads."""

    package: Package
    stamp: datetime
    base: str
    _frames: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)
    _locks: dict[str, threading.Lock] = field(default_factory=dict, repr=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def create(cls, package: Package) -> ExportContext:
        descriptor = package.descriptor
        return cls(package=package, stamp=fixed_timestamp(descriptor), base=artifact_base(descriptor))

    @property
    def resources(self) -> list[Resource]:
        return list(self.package.resources)

    def frame(self, resource: Resource) -> pl.DataFrame:
        """The resource's typed values (:func:`ctcoop.tables.typed.read_typed`), read on first use."""
        with self._guard:
            lock = self._locks.setdefault(resource.name, threading.Lock())
        with lock:
            if resource.name not in self._frames:
                from ctcoop.tables.typed import read_typed

                self._frames[resource.name] = read_typed(self.package, resource)
            return self._frames[resource.name]

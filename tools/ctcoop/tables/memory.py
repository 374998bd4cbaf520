"""A package whose files (some or all) are bytes in memory: to read bytes a command made (``fmt``'s
rewrite, ``new``'s inserted row) through the same layer as the files on disk."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ctcoop.errors import PackageLoadError

if TYPE_CHECKING:
    from ctcoop.package import Package, Resource
    from ctcoop.sources import Source


class MemorySource:
    """A package source with some files replaced by bytes in memory (nothing touches the disk)."""

    def __init__(self, base: Source | None, files: Mapping[str, bytes]) -> None:
        self.base = base
        self.files = dict(files)
        self.label = base.label if base is not None else "<memory>"

    def read(self, relpath: str) -> bytes:
        if relpath in self.files:
            return self.files[relpath]
        if self.base is None:
            raise PackageLoadError(f"'{relpath}' is not in memory", file=relpath, code="missing-file")
        return self.base.read(relpath)

    def exists(self, relpath: str) -> bool:
        return relpath in self.files or (self.base is not None and self.base.exists(relpath))

    def size(self, relpath: str) -> int:
        if relpath in self.files:
            return len(self.files[relpath])
        if self.base is None:
            raise PackageLoadError(f"'{relpath}' is not in memory", file=relpath, code="missing-file")
        return self.base.size(relpath)


def with_bytes(package: Package | None, resource: Resource, data: bytes) -> Package:
    """``package`` (or a package of ``resource`` alone) with ``resource``'s file holding ``data``."""
    from ctcoop.package import Package

    if package is None:
        return Package(source=MemorySource(None, {resource.path: data}), descriptor={}, resources=[resource])
    return dataclasses.replace(package, source=MemorySource(package.source, {resource.path: data}))

"""Where a package's bytes come from: a directory, a zip archive, or (for diff) a git revision.

Every backend answers ``read(relpath)`` for a POSIX path relative to the package root, after
:func:`ctcoop.paths.check_relpath` has accepted it. Backends never execute or import anything.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from ctcoop.errors import PackageLoadError


class Source(Protocol):
    """A read-only view of the files of one package."""

    label: str

    def read(self, relpath: str) -> bytes:
        """The bytes of the file; PackageLoadError if it is missing or unsafe."""
        ...

    def exists(self, relpath: str) -> bool: ...

    def size(self, relpath: str) -> int: ...


@dataclass(frozen=True)
class ZipLimits:
    """Bounds on what a zip may hold before it is refused as oversized or a zip bomb."""

    max_entries: int = 10_000
    max_total_bytes: int = 4 * 1024**3
    max_ratio: float = 200.0


class DirectorySource:
    """A package laid out in a directory. Symlinks that point outside it are refused."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.label = str(root)

    def _path(self, relpath: str) -> Path:
        path = self.root / relpath
        resolved = path.resolve()
        if resolved != self.root and self.root not in resolved.parents:
            raise PackageLoadError(
                f"'{relpath}' resolves to {resolved}, outside the package",
                hint="a resource path or a symlink must stay inside the package directory",
                file=relpath,
                code="unsafe-path",
            )
        return resolved

    def exists(self, relpath: str) -> bool:
        return self._path(relpath).is_file()

    def size(self, relpath: str) -> int:
        return self._path(relpath).stat().st_size

    def read(self, relpath: str) -> bytes:
        path = self._path(relpath)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise PackageLoadError(
                f"file '{relpath}' does not exist",
                file=relpath,
                hint="check the path in datapackage.json",
                code="missing-file",
            ) from None
        except OSError as exc:
            raise PackageLoadError(
                f"cannot read '{relpath}': {exc.strerror}", file=relpath, code="unreadable-file"
            ) from None

    def local_path(self, relpath: str) -> Path:
        """The file on disk (for engines that read files themselves)."""
        return self._path(relpath)


class ZipSource:
    """A package inside a zip archive, at its root or in one top-level folder.

    The archive is checked before anything is read: entry count, total uncompressed size,
    compression ratio of every entry, and entry names (no absolute paths, no '..').
    """

    def __init__(self, archive: Path, limits: ZipLimits | None = None) -> None:
        self.label = str(archive)
        self.limits = limits or ZipLimits()
        try:
            self._zip = zipfile.ZipFile(archive)
        except (zipfile.BadZipFile, OSError) as exc:
            raise PackageLoadError(
                f"'{archive}' is not a readable zip archive ({exc})",
                file=str(archive),
                code="bad-zip",
                hint="rebuild the archive, e.g. with `ctcoop export`",
            ) from None
        self._check()
        self.prefix = self._find_prefix()

    def _check(self) -> None:
        infos = self._zip.infolist()
        lim = self.limits
        if len(infos) > lim.max_entries:
            raise PackageLoadError(
                f"the archive has {len(infos)} entries, more than the limit of {lim.max_entries}",
                file=self.label,
                code="zip-too-many-entries",
                hint="a data package needs few files; this archive is not one",
            )
        total = 0
        for info in infos:
            name = info.filename
            pure = PurePosixPath(name)
            if (
                name.startswith("/")
                or "\\" in name
                or ".." in pure.parts
                or (len(name) > 1 and name[1] == ":")
            ):
                raise PackageLoadError(
                    f"archive entry '{name}' has an unsafe path",
                    file=self.label,
                    code="zip-unsafe-entry",
                    hint="entries must be relative paths without '..'",
                )
            total += info.file_size
            if (
                info.compress_size
                and info.file_size / info.compress_size > lim.max_ratio
                and info.file_size > 1 << 20
            ):
                raise PackageLoadError(
                    f"archive entry '{name}' expands {info.file_size / info.compress_size:.0f}-fold, "
                    f"more than the limit of {lim.max_ratio:.0f}",
                    file=self.label,
                    code="zip-bomb",
                    hint="this looks like a zip bomb; unpack it yourself only if you trust it",
                )
        if total > lim.max_total_bytes:
            raise PackageLoadError(
                f"the archive expands to {total} bytes, more than the limit of {lim.max_total_bytes}",
                file=self.label,
                code="zip-too-large",
            )

    def _find_prefix(self) -> str:
        names = set(self._zip.namelist())
        if "datapackage.json" in names:
            return ""
        tops = [n for n in names if n.count("/") == 1 and n.endswith("/datapackage.json")]
        if len(tops) == 1:
            return tops[0][: -len("datapackage.json")]
        raise PackageLoadError(
            "the archive has no datapackage.json at its root or in one top-level folder",
            file=self.label,
            code="missing-descriptor",
        )

    def _info(self, relpath: str) -> zipfile.ZipInfo | None:
        try:
            return self._zip.getinfo(self.prefix + relpath)
        except KeyError:
            return None

    def exists(self, relpath: str) -> bool:
        return self._info(relpath) is not None

    def size(self, relpath: str) -> int:
        info = self._info(relpath)
        return info.file_size if info else 0

    def read(self, relpath: str) -> bytes:
        info = self._info(relpath)
        if info is None:
            raise PackageLoadError(
                f"file '{relpath}' is not in the archive",
                file=relpath,
                code="missing-file",
                hint="check the path in datapackage.json",
            )
        return self._zip.read(info)


def open_source(path: Path) -> tuple[Source, str]:
    """Open a directory, a ``datapackage.json`` or a ``.zip``; return the source and the descriptor's name."""
    if path.is_dir():
        return DirectorySource(path), "datapackage.json"
    if path.suffix.lower() == ".zip":
        return ZipSource(path), "datapackage.json"
    return DirectorySource(path.parent if str(path.parent) else Path(os.curdir)), path.name

"""Where a package's bytes come from: a directory, a zip archive, or (for diff) a git revision.

Every backend answers ``read(relpath)`` for a POSIX path relative to the package root, after
:func:`ctcoop.paths.path_problem` has accepted it. Backends never execute or import anything.
This is where the reading rules of docs/security.md hold (R1-R3): only regular files inside the
package after resolving symlinks (a FIFO, a device, a symlink loop or a link leaving the
package is refused before a byte is read, so nothing blocks), and a byte budget per file and
per package (:class:`ReadBudget`), counted on the bytes actually read: zip members are
decompressed in small steps and stopped at the budget, whatever their headers claim.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
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
class ReadBudget:
    """Bytes one run may read from a package: per file and in total (decompressed for zips)."""

    max_file_bytes: int = 256 * 1024**2
    max_package_bytes: int = 1024**3


BUDGET = ReadBudget()
CHUNK = 1 << 16


def _too_large(relpath: str, size: int, limit: int, what: str = "file") -> PackageLoadError:
    return PackageLoadError(
        f"'{relpath}' has more than {limit} bytes ({size} read or declared), the {what} limit",
        file=relpath,
        code="file-too-large",
        hint="split the table into smaller files; ctcoop reads at most "
        f"{BUDGET.max_file_bytes} bytes per file and {BUDGET.max_package_bytes} per package",
    )


class _Budget:
    """Counts the bytes read from one package against :class:`ReadBudget`."""

    def __init__(self, budget: ReadBudget) -> None:
        self.budget = budget
        self.total = 0

    def take(self, relpath: str, n: int) -> None:
        self.total += n
        if self.total > self.budget.max_package_bytes:
            raise _too_large(relpath, self.total, self.budget.max_package_bytes, "package")


_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


@dataclass(frozen=True)
class ZipLimits:
    """Bounds on what a zip may hold before it is refused as oversized or a zip bomb."""

    max_entries: int = 10_000
    max_total_bytes: int = 4 * 1024**3
    max_ratio: float = 200.0


class DirectorySource:
    """A package laid out in a directory. Only regular files inside it are read (symlinks resolved)."""

    def __init__(self, root: Path, budget: ReadBudget | None = None) -> None:
        self.root = root.resolve()
        self.label = str(root)
        self._budget = _Budget(budget or BUDGET)

    def _path(self, relpath: str) -> Path:
        path = self.root / relpath
        try:
            resolved = path.resolve()
        except (RuntimeError, OSError) as exc:  # a symlink loop (RuntimeError up to Python 3.12)
            raise PackageLoadError(
                f"'{relpath}' cannot be resolved: {getattr(exc, 'strerror', None) or exc}",
                hint="a symlink loop or a broken link; replace it with the file itself",
                file=relpath,
                code="unsafe-path",
            ) from None
        if resolved != self.root and self.root not in resolved.parents:
            raise PackageLoadError(
                f"'{relpath}' resolves to {resolved}, outside the package",
                hint="a resource path or a symlink must stay inside the package directory",
                file=relpath,
                code="unsafe-path",
            )
        return resolved

    def exists(self, relpath: str) -> bool:
        return os.path.lexists(self._path(relpath))

    def size(self, relpath: str) -> int:
        try:
            return self._path(relpath).stat().st_size
        except OSError:
            return 0

    def read(self, relpath: str) -> bytes:
        path = self._path(relpath)
        try:
            # O_NONBLOCK: opening a FIFO does not wait for a writer; it is refused just below
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
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
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
                raise PackageLoadError(
                    f"'{relpath}' is {kind}, not a regular file",
                    file=relpath,
                    code="unreadable-file",
                    hint="a package holds regular files only; replace it with the file itself",
                )
            limit = self._budget.budget.max_file_bytes
            if st.st_size > limit:
                raise _too_large(relpath, st.st_size, limit)
            self._budget.take(relpath, st.st_size)
            data = _read_at_most(fd, limit, st.st_size)
        except OSError as exc:
            raise PackageLoadError(
                f"cannot read '{relpath}': {exc.strerror}", file=relpath, code="unreadable-file"
            ) from None
        finally:
            os.close(fd)
        if len(data) > limit:
            raise _too_large(relpath, len(data), limit)
        return data

    def local_path(self, relpath: str) -> Path:
        """The file on disk (for engines that read files themselves)."""
        return self._path(relpath)


def _read_at_most(fd: int, limit: int, expected: int = 0) -> bytes:
    """Up to ``limit + 1`` bytes from an open file: one read of the expected size (no copy), then
    more only if the file is longer than its size said (it may grow while read)."""
    parts: list[bytes] = []
    total = 0
    want = min(expected, limit) + 1 if expected else 1 << 24
    while total <= limit:
        chunk = os.read(fd, min(want, limit + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        want = 1 << 24
    return parts[0] if len(parts) == 1 else b"".join(parts)


class ZipSource:
    """A package inside a zip archive, at its root or in one top-level folder.

    The archive is checked before anything is read: entry count, total uncompressed size,
    compression ratio of every entry, and entry names (no absolute paths, no '..').
    """

    def __init__(
        self, archive: Path, limits: ZipLimits | None = None, budget: ReadBudget | None = None
    ) -> None:
        self.label = str(archive)
        self.limits = limits or ZipLimits()
        self._budget = _Budget(budget or BUDGET)
        if archive.exists() and not archive.is_file():
            raise PackageLoadError(f"'{archive}' is not a regular file", file=str(archive),
                                   code="unreadable-file", hint="give a .zip file")
        try:
            self._zip = zipfile.ZipFile(archive)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
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
            if info.file_size > BUDGET.max_file_bytes:
                raise PackageLoadError(
                    f"archive entry '{name}' declares {info.file_size} bytes, more than the per-file "
                    f"limit of {BUDGET.max_file_bytes}",
                    file=name,
                    code="zip-too-large",
                    hint="a table this large does not fit in a release archive; split it",
                )
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
        return self._read_member(relpath, info)

    def _read_member(self, relpath: str, info: zipfile.ZipInfo) -> bytes:
        """The member's bytes, decompressed in small steps and counted against the budget (headers
        may lie: zipfile stops at the declared size and checks the CRC, so a member that expands
        further or differs fails as corrupt)."""
        limit = self._budget.budget.max_file_bytes
        parts: list[bytes] = []
        total = 0
        try:
            with self._zip.open(info) as fh:
                while chunk := fh.read(CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise _too_large(relpath, total, limit)
                    self._budget.take(relpath, len(chunk))
                    parts.append(chunk)
        except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
            raise PackageLoadError(
                f"archive entry '{relpath}' is encrypted ({exc})", file=relpath, code="zip-encrypted",
                hint="ctcoop reads unencrypted archives only; rebuild it without a password",
            ) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError) as exc:
            raise PackageLoadError(
                f"archive entry '{relpath}' is corrupt or uses an unsupported compression ({exc})",
                file=relpath, code="zip-corrupt", hint="rebuild the archive, e.g. with `ctcoop export`",
            ) from None
        return b"".join(parts)


def open_source(path: Path) -> tuple[Source, str]:
    """Open a directory, a ``datapackage.json`` or a ``.zip``; return the source and the descriptor's name."""
    if path.is_dir():
        return DirectorySource(path), "datapackage.json"
    if path.exists() and not path.is_file():
        raise PackageLoadError(f"'{path}' is not a regular file, a folder or a .zip", file=path.name,
                               code="unreadable-file",
                               hint="give a package folder, its datapackage.json or a release .zip")
    if path.suffix.lower() == ".zip":
        return ZipSource(path), "datapackage.json"
    return DirectorySource(path.parent if str(path.parent) else Path(os.curdir)), path.name

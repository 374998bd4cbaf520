"""Rewrite a package's CSVs in canonical form (``ctcoop fmt``), or list those that are not.

:func:`format_package` takes a package directory (or descriptor), computes the canonical form of
every tabular resource (see :mod:`ctcoop.tables.canonical`) and, unless ``check`` is set, rewrites the
files that differ, atomically. Before writing, it proves the rewrite lossless: the new bytes read
back give the same rows as the old bytes (after the canonical cell normalizations), and
formatting them again changes nothing. A file that has no canonical form (not UTF-8, a ragged row,
an unknown column, a non-default dialect) is left untouched and reported with the reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ctcoop.csvio import atomic_write_bytes
from ctcoop.errors import CtcoopError, UsageProblem
from ctcoop.package import Package, Resource
from ctcoop.preflight import open_package
from ctcoop.tables.canonical import (
    CanonicalCheck,
    canonical_from_bytes,
    check_canonical_bytes,
    file_bytes,
    raw_table_from_bytes,
    refuse_control,
)
from ctcoop.tables.canonical_quick import quick_canonical

__all__ = ["FileStatus", "FmtFile", "FmtResult", "format_package", "non_canonical_files"]


class FileStatus(StrEnum):
    """What ``fmt`` found (and did) for one file."""

    CANONICAL = "canonical"          #: already canonical, untouched
    FORMATTED = "formatted"          #: rewritten in canonical form
    NOT_CANONICAL = "not-canonical"  #: differs from its canonical form (check mode: not rewritten)
    ERROR = "error"                  #: has no canonical form; untouched


@dataclass(frozen=True)
class FmtFile:
    """One resource's file and what happened to it."""

    resource: str
    file: str
    status: FileStatus
    check: CanonicalCheck | None = None  #: where it differed, for NOT_CANONICAL and FORMATTED
    error: str | None = None             #: why it has no canonical form, for ERROR


@dataclass
class FmtResult:
    """Every file ``fmt`` looked at, in descriptor order."""

    package: str
    check_only: bool
    files: list[FmtFile] = field(default_factory=list)

    @property
    def not_canonical(self) -> list[FmtFile]:
        """Files that are not canonical after the run: differing (check mode) or unformattable."""
        return [f for f in self.files if f.status in (FileStatus.NOT_CANONICAL, FileStatus.ERROR)]

    @property
    def formatted(self) -> list[FmtFile]:
        return [f for f in self.files if f.status is FileStatus.FORMATTED]

    @property
    def ok(self) -> bool:
        """True when every file is canonical at the end of the run."""
        return not self.not_canonical


def _select(package: Package, names: Iterable[str] | None) -> list[Resource]:
    if not names:
        return list(package.resources)
    return [package.resource(n) for n in names]  # UsageProblem for an unknown name


def _prove_lossless(package: Package, res: Resource, before: bytes, after: bytes) -> None:
    """Raise if ``after`` does not hold exactly the rows of ``before`` or is not a fixed point."""
    old = raw_table_from_bytes(res, before, package)
    new = raw_table_from_bytes(res, after, package)
    same_rows = Counter(map(tuple, old.rows)) == Counter(map(tuple, new.rows))
    if not same_rows or canonical_from_bytes(res, after, package) != after:
        raise CtcoopError("formatting would change the data, so the file was not rewritten", file=res.path,
                          code="fmt-lossy", hint="this is a bug in ctcoop fmt; please report it")


def _local_path(package: Package, res: Resource) -> Path:
    local = getattr(package.source, "local_path", None)
    if local is None:
        raise UsageProblem(f"cannot rewrite '{res.path}' inside {package.label}",
                           hint="fmt rewrites files in a package directory; use --check on an archive")
    path = local(res.path)
    assert isinstance(path, Path)
    return path


def format_package(path: str | Path | None = None, *, check: bool = False,
                   resources: Iterable[str] | None = None) -> FmtResult:
    """Bring every (or each named) resource's CSV to canonical form; with ``check``, only look.

    Returns what was found and done per file. Raises :class:`~ctcoop.errors.CtcoopError` when the
    package cannot be opened, a named resource does not exist, or a file to rewrite is not in a
    directory.
    """
    package = open_package(path)
    result = FmtResult(package=package.label, check_only=check)
    for res in _select(package, resources):
        try:
            before = file_bytes(package, res)
            refuse_control(res, before)
            after = before if quick_canonical(res, before) else canonical_from_bytes(res, before, package)
        except CtcoopError as exc:
            result.files.append(FmtFile(res.name, res.path, FileStatus.ERROR, error=str(exc)))
            continue
        if after == before:
            result.files.append(FmtFile(res.name, res.path, FileStatus.CANONICAL))
            continue
        where = check_canonical_bytes(res, before, package)
        if check:
            result.files.append(FmtFile(res.name, res.path, FileStatus.NOT_CANONICAL, check=where))
            continue
        target = _local_path(package, res)
        _prove_lossless(package, res, before, after)
        atomic_write_bytes(target, after)
        result.files.append(FmtFile(res.name, res.path, FileStatus.FORMATTED, check=where))
    return result


def non_canonical_files(path: str | Path | None = None) -> list[str]:
    """Paths (relative to the package) of the files that are not in canonical form."""
    return [f.file for f in format_package(path, check=True).not_canonical]

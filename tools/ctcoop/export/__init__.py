"""Release artifacts from a valid package: zip, JSON/NDJSON, SQLite, XLSX, Parquet, SHA256SUMS.

:func:`export_package` is the one entry point (``ctcoop export`` and ``ctcoop release`` call it)::

    export_package("path/to/package", Path("dist"))              # every format
    export_package(pkg, Path("dist"), ["zip", "sqlite"])          # some formats

It refuses an invalid package (:class:`ExportRefused`, carrying the validation report), reads
each table once as typed values (:func:`ctcoop.tables.typed.read_typed`), runs one writer per format
in a staging directory next to ``out_dir`` (validation runs beside them and decides: nothing is
published unless the package is valid), writes ``SHA256SUMS`` over everything it built, and
only then moves the artifacts into ``out_dir`` (:mod:`ctcoop.export.atomic`): a failure leaves
``out_dir`` as it was. Every artifact is a pure function of the package's bytes (fixed
timestamps, stable order), so two exports of the same commit are byte-identical.

===========  ==================================================  ================================
format       artifacts (``<base>`` is ``<name>-<version>``)       module
===========  ==================================================  ================================
``zip``      ``<base>.zip``                                      :mod:`.zip_release`
``json``     ``<base>.json``, ``ndjson/<table>.ndjson``          :mod:`.json_export`
``sqlite``   ``<base>.sqlite``, ``metadata.json`` (datasette)    :mod:`.sqlite_export`
``xlsx``     ``<base>.xlsx``                                     :mod:`.xlsx_export`
``parquet``  ``parquet/<table>.parquet``                         :mod:`.parquet_export`
(always)     ``SHA256SUMS``                                      :mod:`.checksums`
===========  ==================================================  ================================

What each format does with missing values and empty strings is in docs/export.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ctcoop.errors import CtcoopError, ExportRefused, UsageProblem
from ctcoop.export.context import ExportContext
from ctcoop.export.progress import Steps
from ctcoop.export.writers import FORMATS, run_writers

if TYPE_CHECKING:
    from ctcoop.package import Package

__all__ = ["FORMATS", "ExportRefused", "export_package"]


def _check_formats(formats: Sequence[str] | None) -> list[str]:
    if formats is None:
        return list(FORMATS)
    wanted = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise UsageProblem(f"unknown export format{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}",
                           hint="choose among: " + ", ".join(FORMATS))
    if not wanted:
        raise UsageProblem("no export format given", hint="choose among: " + ", ".join(FORMATS))
    return [f for f in FORMATS if f in wanted]  # canonical order, duplicates dropped


def _load(path: str | Path | Package) -> Package:
    from ctcoop.preflight import open_package

    return open_package(path)


def _within_limits(package: Package) -> bool:
    """Whether every data file is within the validator's size limit (a stat, nothing read).

    Only then may the writers start before validation ends: a file the validator will refuse
    for its size must not be read a second time by them meanwhile.
    """
    from ctcoop.tables.problems import Limits

    limit = Limits().max_file_bytes
    for res in package.resources:
        try:
            if package.source.exists(res.path) and package.source.size(res.path) > limit:
                return False
        except (OSError, CtcoopError):
            return False  # unreadable or unsafe: validation says why, before anything is built
    return True


def _require_valid(package: Package) -> None:
    """ExportRefused, with the full report, when the package is not valid.

    Validity depends on errors only, so the checks that can only warn are skipped unless the
    package is refused (then the report shown has everything ``ctcoop validate`` says).
    """
    from ctcoop.validate import validate_package

    if not validate_package(package, errors_only=True).valid:
        raise ExportRefused(validate_package(package))


def export_package(path: str | Path | Package, out_dir: Path, formats: Sequence[str] | None = None, *,
                   progress: bool = False) -> list[Path]:
    """Export the package at ``path`` into ``out_dir``; return the artifact files, sorted.

    ``formats`` picks among :data:`FORMATS` (default: all); ``SHA256SUMS`` is always written and
    lists the artifacts of this run. ``progress`` shows a tqdm bar on stderr (the CLI passes
    ``sys.stderr.isatty()``). Raises :class:`ExportRefused` for an invalid package and
    :class:`~ctcoop.errors.CtcoopError` when an artifact cannot be built; in both cases
    ``out_dir`` is left as it was.
    """
    chosen = _check_formats(formats)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageProblem(f"--out '{out_dir}' exists and is not a directory",
                           hint="give a directory to write into")
    package = _load(path)
    check_out(package, out_dir)
    try:
        with Steps(progress, total=len(chosen) + 2) as steps:
            ctx = ExportContext.create(package)
            if not _within_limits(package):
                _require_valid(package)  # refuses; validation alone reads the oversized file
                steps.advance("validate")
                return run_writers(ctx, out_dir, chosen, steps)
            return run_writers(ctx, out_dir, chosen, steps, gate=lambda: _require_valid(package))
    except OSError as exc:  # a read-only or full disk: the staging folder is gone, out_dir as it was
        from ctcoop.safe_write import os_problem

        raise os_problem("write the export into", out_dir, exc) from None


def check_out(package: Package, out_dir: Path) -> None:
    """Refuse an --out that is the package folder, lies in one of its folders or holds one of its
    files (docs/security.md, W1); export and site call it before building anything."""
    from ctcoop.extensions import resource_ext
    from ctcoop.safe_write import check_out_dir

    root = getattr(package.source, "root", None)
    if root is None:
        return  # a zip or a git revision: nothing on disk to overwrite
    files = [package.descriptor_path]
    for res in package.resources:
        files.append(res.path)
        for value in (res.descriptor.get("schema"), resource_ext(res.descriptor).row_schema):
            if isinstance(value, str):
                files.append(value)
    check_out_dir(out_dir, root, files)

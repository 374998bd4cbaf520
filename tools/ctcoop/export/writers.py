"""The format registry and the run that builds, checksums and publishes the artifacts.

A writer is a module of :mod:`ctcoop.export` with a function ``write(ctx, staging) -> list[str]``
that builds its artifacts inside ``staging`` and returns their paths relative to it (POSIX
form). Writers never print and never touch ``out_dir``; :func:`run_writers` runs them in
:data:`FORMATS` order, adds ``SHA256SUMS`` and publishes (:mod:`ctcoop.export.atomic`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from ctcoop.errors import CtcoopError
from ctcoop.export.atomic import publish, staging_dir
from ctcoop.export.checksums import write_sums
from ctcoop.export.context import ExportContext
from ctcoop.export.progress import Steps

#: format name -> module in ctcoop.export that defines ``write``
FORMATS: dict[str, str] = {
    "zip": "zip_release",
    "json": "json_export",
    "sqlite": "sqlite_export",
    "xlsx": "xlsx_export",
    "parquet": "parquet_export",
}

Writer = Callable[[ExportContext, Path], list[str]]


def writer(fmt: str) -> Writer:
    """The ``write`` function of a format's module."""
    module = importlib.import_module(f"ctcoop.export.{FORMATS[fmt]}")
    func: Writer = module.write
    return func


def _run_one(fmt: str, ctx: ExportContext, staging: Path) -> list[str]:
    try:
        return writer(fmt)(ctx, staging)
    except CtcoopError:
        raise
    except OSError as exc:
        raise CtcoopError(f"cannot write the {fmt} export: {exc.strerror or exc}", code="export-io",
                          hint="check free disk space and permissions of the output folder") from None


def run_writers(ctx: ExportContext, out_dir: Path, formats: list[str],
                steps: Steps | None = None) -> list[Path]:
    """Build ``formats`` in a staging folder beside ``out_dir``, add SHA256SUMS, then publish."""
    steps = steps or Steps(False, 0)
    with staging_dir(out_dir) as staging:
        built: list[str] = []
        for fmt in formats:
            steps.start(fmt)
            built.extend(_run_one(fmt, ctx, staging))
        steps.start("SHA256SUMS")
        sums = write_sums(staging, built)
        return publish(staging, out_dir, [*built, sums])

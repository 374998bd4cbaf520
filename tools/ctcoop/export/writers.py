"""The format registry and the run that builds, checksums and publishes the artifacts.

A writer is a module of :mod:`ctcoop.export` with a function ``write(ctx, staging) -> list[str]``
that builds its artifacts inside ``staging`` and returns their paths relative to it (POSIX
form). Writers never print and never touch ``out_dir``; :func:`run_writers` runs them
(:func:`build_all`), adds ``SHA256SUMS`` and publishes (:mod:`ctcoop.export.atomic`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

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

#: writers in the order they are started: the slowest first, so two run side by side longest
HEAVIEST_FIRST = ("sqlite", "xlsx", "zip", "json", "parquet")
WORKERS = 2


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


def build_all(ctx: ExportContext, staging: Path, formats: list[str], steps: Steps,
              gate: Callable[[], None] | None = None) -> list[str]:
    """Run the writers of ``formats``, two at a time (heaviest first); their artifacts in format order.

    ``gate`` (the export's validity check) runs beside the writers, from the start; it raises to
    stop the export (:class:`~ctcoop.errors.ExportRefused`), and then its error wins over any
    writer's, since a writer may well fail on a package that is not valid. Writers share
    nothing but the context (whose typed tables are read under a lock) and each writes its own
    files, so running them side by side changes no byte of the output. The heavy parts
    (polars, zlib, SQLite through ADBC) release the GIL. On a failure the writers not yet
    started are cancelled, the running ones finish, and the error is raised.
    """
    results: dict[str, list[str]] = {}
    order = sorted(formats, key=HEAVIEST_FIRST.index)
    with ThreadPoolExecutor(max_workers=WORKERS + (gate is not None)) as pool:
        checked = pool.submit(gate) if gate is not None else None
        futures = {pool.submit(_run_one, fmt, ctx, staging): fmt for fmt in order}
        waiting: set[Future[Any]] = set(futures) | ({checked} if checked else set())
        try:
            while waiting:
                done, waiting = wait(waiting, return_when=FIRST_COMPLETED)
                for future in done:
                    if future is checked:
                        future.result()  # ExportRefused: stop now
                        steps.advance("validate")
                        continue
                    try:
                        results[futures[future]] = future.result()
                    except BaseException:
                        if checked is not None:
                            for other in futures:
                                other.cancel()
                            checked.result()  # a refusal wins over the writer's error
                        raise
                    steps.advance(futures[future])
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return [rel for fmt in formats for rel in results[fmt]]


def run_writers(ctx: ExportContext, out_dir: Path, formats: list[str], steps: Steps | None = None,
                gate: Callable[[], None] | None = None) -> list[Path]:
    """Build ``formats`` in a staging folder beside ``out_dir`` while ``gate`` runs, add SHA256SUMS,
    then publish (nothing is published when ``gate`` or a writer raises)."""
    steps = steps or Steps(False, 0)
    with staging_dir(out_dir) as staging:
        built = build_all(ctx, staging, formats, steps, gate)
        sums = write_sums(staging, built)
        steps.advance("SHA256SUMS")
        return publish(staging, out_dir, [*built, sums])

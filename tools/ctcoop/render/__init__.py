"""Renderers for a validation :class:`~ctcoop.report.Report`: text, json, github.

Each module has ``render(report, *, max_issues=None, prefix="") -> str``: ``max_issues`` caps how
many issues are shown (the summary always counts all of them) and ``prefix`` is put before
every file path (the package's folder relative to the current directory, so that paths are
clickable and GitHub annotations land on the right file).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ctcoop.report import Report

Renderer = Callable[..., str]

FORMATS = ("text", "json", "github")


def renderer(name: str) -> Renderer:
    """The ``render`` function of a format; ValueError for a name not in :data:`FORMATS`."""
    if name == "json":
        from ctcoop.render.json import render
    elif name == "github":
        from ctcoop.render.github import render
    elif name == "text":
        from ctcoop.render.text import render
    else:
        raise ValueError(f"no report format {name!r}; formats: {', '.join(FORMATS)}")
    return render


def package_prefix(path: Path) -> str:
    """The package folder (``path`` is the folder or a file in it) relative to the current
    directory, to put before file paths ('' for a .zip, the current directory or a folder outside it)."""
    if path.suffix.lower() == ".zip":
        return ""
    folder = path if path.is_dir() else path.parent
    try:
        rel = os.path.relpath(folder.resolve(), Path.cwd().resolve())
    except ValueError:
        return ""
    if rel == "." or rel.startswith(".."):
        return ""
    return rel.replace(os.sep, "/") + "/"


def summary(report: Report) -> str:
    """``3 errors, 1 warning in 14 resources (266 rows, 15 checks)``; info issues, if any, as notes."""
    counts = report.counts()

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    stats = report.stats
    head = "valid" if report.valid else "invalid"
    notes = f", {plural(counts['info'], 'note')}" if counts["info"] else ""
    return (
        f"{head}: {plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}{notes} in "
        f"{plural(stats.get('resources', 0), 'resource')} ({plural(stats.get('rows', 0), 'row')}, "
        f"{plural(stats.get('checks', 0), 'check')})"
    )

"""Docs that list what the code knows, generated from the code: one mechanism, marked blocks.

A Markdown file under ``docs/`` (or the README) holds a generated block between two markers::

    <!-- generated: issue-codes -->
    …replaced by `ctcoop docs`…
    <!-- end generated: issue-codes -->

:data:`BLOCKS` maps each block name to the function that renders it from the code itself: the
code registry (:mod:`ctcoop.codes`), click's own description of every command, the export's list
of artifacts, the table layer's formats, compressions, dialect properties and limits
(:mod:`ctcoop.gendocs.format_docs`). :func:`refresh` rewrites every block of a text;
:func:`refresh_folder` does it for the Markdown files of a package folder. ``ctcoop docs`` writes
them (``--check`` only looks), and tests/test_docs.py re-runs the generation and fails when a file
has drifted. A marker naming a block that does not exist, or a start without its end, is an error,
never skipped.

A new generated list is a renderer (``() -> str``, Markdown) added to :data:`BLOCKS` and a pair of
markers in the doc that shows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ctcoop.errors import CtcoopError
from ctcoop.extensions.catalog import markdown_table
from ctcoop.gendocs.cli_docs import commands_reference
from ctcoop.gendocs.code_docs import issue_codes_table, run_codes_table
from ctcoop.gendocs.export_docs import artifacts_table
from ctcoop.gendocs.format_docs import compressions_table, dialect_table, formats_table, table_limits

__all__ = ["BLOCKS", "refresh", "refresh_folder"]

#: block name -> renderer
BLOCKS: dict[str, Callable[[], str]] = {
    "issue-codes": issue_codes_table,
    "run-codes": run_codes_table,
    "commands": commands_reference,
    "export-artifacts": artifacts_table,
    "extension-properties": markdown_table,
    "table-formats": formats_table,
    "table-compressions": compressions_table,
    "dialect-properties": dialect_table,
    "table-limits": table_limits,
}

#: a start marker is a line of its own (an indented one, e.g. in an example, is not a marker)
_START = re.compile(r"^<!-- generated: ([a-z0-9-]+) -->\n", re.MULTILINE)


def _end(name: str) -> str:
    return f"<!-- end generated: {name} -->"


def refresh(text: str, *, file: str = "") -> str:
    """``text`` with every generated block rendered anew (the same text when it is up to date)."""
    out: list[str] = []
    pos = 0
    for match in _START.finditer(text):
        if match.start() < pos:
            continue
        name = match.group(1)
        if name not in BLOCKS:
            raise CtcoopError(f"the generated block '{name}' does not exist", file=file or None,
                              hint="use one of: " + ", ".join(BLOCKS), code="docs-block")
        end = text.find(_end(name), match.end())
        if end < 0:
            raise CtcoopError(f"the generated block '{name}' has no end marker", file=file or None,
                              hint=f"add {_end(name)} after the block", code="docs-block")
        body = BLOCKS[name]().rstrip("\n") + "\n"
        out += [text[pos:match.end()], body]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def refresh_folder(folder: Path) -> dict[Path, str]:
    """The Markdown files of ``folder`` (README.md, docs/*.md) that hold generated blocks,
    each with its text as it should be."""
    files = [folder / "README.md", *sorted((folder / "docs").glob("*.md"))]
    out: dict[Path, str] = {}
    for path in files:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if _START.search(text):
            out[path] = refresh(text, file=str(path))
    return out

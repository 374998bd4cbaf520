"""The list of what ``ctcoop export`` builds: each artifact's path, the format that builds it, its use.

docs/export.md's table of artifacts is generated from :data:`ARTIFACTS` (`ctcoop docs`), and
tests/test_export_artifacts.py exports a small package in every format and checks that the files
built are exactly the ones this list names, so the list cannot drift from the writers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Artifact:
    """``path`` uses ``<base>`` for ``<name>-<version>`` and ``<table>`` for each resource's name;
    ``format`` is a key of :data:`ctcoop.export.writers.FORMATS`, or ``"always"``."""

    path: str
    format: str
    purpose: str


ARTIFACTS: tuple[Artifact, ...] = (
    Artifact("<base>.zip", "zip",
             "**The release.** The data package itself: `datapackage.json`, `data/*.csv`, `schemas/*.json`, "
             "plus `README.md`, `LICENSE`, `LICENSE-DATA`, `CHANGELOG.md`, `CITATION.cff`, in one folder "
             "`<base>/`. Every resource carries `bytes` and `hash` (`sha256:…`), so `frictionless validate` "
             "checks the files are the ones released. The source of truth; everything else is derived "
             "from it."),
    Artifact("<base>.json", "json",
             "The whole package in one JSON document, for web pages and scripts: `{\"package\": <descriptor "
             "with schemas inlined>, \"tables\": {\"<table>\": [ {row}, … ]}}`, one row per line."),
    Artifact("ndjson/<table>.ndjson", "json",
             "One JSON object per line per table, for `jq`, streaming and `pandas.read_json(lines=True)`."),
    Artifact("<base>.sqlite", "sqlite",
             "For SQL: every table, typed and keyed, with indexes, views that put names next to IDs, and "
             "Arabic-aware full-text search."),
    Artifact("metadata.json", "sqlite",
             "Titles, descriptions, licence, column descriptions, search settings and a canned `search` "
             "query for [datasette](https://datasette.io/): `datasette <base>.sqlite --metadata "
             "metadata.json`."),
    Artifact("<base>.xlsx", "xlsx",
             "For people in Excel or LibreOffice: a README sheet (the package and a data dictionary) and "
             "one sheet per table."),
    Artifact("parquet/<table>.parquet", "parquet",
             "For analysis (pandas, polars, R arrow, DuckDB, Spark): typed columns, compressed."),
    Artifact("SHA256SUMS", "always",
             "The SHA-256 of every file above: `sha256sum --check SHA256SUMS` (macOS: `shasum -a 256 "
             "--check SHA256SUMS`)."),
)


def expected_files(formats: list[str], base: str, tables: list[str]) -> list[str]:
    """The paths (relative to the output folder, sorted) that exporting ``formats`` builds."""
    out: list[str] = []
    for artifact in ARTIFACTS:
        if artifact.format != "always" and artifact.format not in formats:
            continue
        path = artifact.path.replace("<base>", base)
        out += [path.replace("<table>", t) for t in tables] if "<table>" in path else [path]
    return sorted(out)

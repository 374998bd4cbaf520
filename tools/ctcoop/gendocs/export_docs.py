"""The table of export artifacts (docs/export.md), from ctcoop.export.artifacts."""

from __future__ import annotations

from ctcoop.export.artifacts import ARTIFACTS


def artifacts_table() -> str:
    """One row per artifact: its path, the ``--format`` that builds it, what it is for."""
    lines = ["| file | `--format` | what it is for |", "|---|---|---|"]
    for artifact in ARTIFACTS:
        fmt = "(always)" if artifact.format == "always" else f"`{artifact.format}`"
        lines.append(f"| `{artifact.path}` | {fmt} | {artifact.purpose} |")
    return "\n".join(lines) + "\n"

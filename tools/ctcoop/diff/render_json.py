"""Render a :class:`~ctcoop.diff.model.PackageDiff` as JSON (schema: docs/diff-json-schema.md).

UTF-8, non-ASCII written as is (Arabic stays readable), two-space indentation, keys in the
models' declared order, a final newline.
"""

from __future__ import annotations

from ctcoop.diff.model import PackageDiff


def render_json(diff: PackageDiff) -> str:
    """Byte-identical to ``json.dumps(diff.to_dict(), ensure_ascii=False, indent=2)``, faster (Rust)."""
    return diff.model_dump_json(indent=2) + "\n"

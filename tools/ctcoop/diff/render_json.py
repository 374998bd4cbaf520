"""Render a :class:`~ctcoop.diff.model.PackageDiff` as JSON (schema: docs/diff-json-schema.md).

UTF-8, non-ASCII written as is (Arabic stays readable), two-space indentation, keys in the
models' declared order, a final newline.
"""

from __future__ import annotations

import json

from ctcoop.diff.model import PackageDiff


def render_json(diff: PackageDiff) -> str:
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"

"""``ctcoop diff``: what changed between two versions of a data package, and what version follows.

Modules: :mod:`~ctcoop.diff.model` (result models), :mod:`~ctcoop.diff.compare` (rows by key,
typed), :mod:`~ctcoop.diff.schema` (Table Schema changes), :mod:`~ctcoop.diff.field_changes` (one
field's changes), :mod:`~ctcoop.diff.renames` (renamed fields), :mod:`~ctcoop.diff.metadata`
(descriptor changes), :mod:`~ctcoop.diff.values` (JSON values compared), :mod:`~ctcoop.diff.classify`
(Data Package Version levels), :mod:`~ctcoop.diff.guard` (refuse invalid packages), and the
renderers :mod:`~ctcoop.diff.render_text`, :mod:`~ctcoop.diff.render_markdown`,
:mod:`~ctcoop.diff.render_json`.
"""


from __future__ import annotations

from typing import Any

from ctcoop.diff.model import Level, PackageDiff

__all__ = ["Level", "PackageDiff", "diff_packages", "diff_specs"]


def __getattr__(name: str) -> Any:
    # The comparison engine imports polars: load it on first use, so that importing the models
    # and renderers (and so `ctcoop --help`) stays light.
    if name in ("diff_packages", "diff_specs"):
        from ctcoop.diff import compare

        return getattr(compare, name)
    raise AttributeError(f"module 'ctcoop.diff' has no attribute {name!r}")

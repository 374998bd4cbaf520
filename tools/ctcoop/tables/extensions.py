"""The project's descriptor extensions the table layer reads, each through :mod:`ctcoop.extensions`
(the typed module for ``ctcoop:`` properties), in one place."""

from __future__ import annotations

from typing import Any

from ctcoop.extensions import list_delimiter as _list_delimiter


def list_delimiter(fdesc: dict[str, Any]) -> str | None:
    """A field's ``ctcoop:listDelimiter`` (a non-empty string: its cells are lists), else None."""
    return _list_delimiter(fdesc)

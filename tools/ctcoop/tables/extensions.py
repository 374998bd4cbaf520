"""The project's descriptor extensions the table layer reads, each in one function (so that a typed
module for ``ctcoop:`` properties can take their place in one edit)."""

from __future__ import annotations

from typing import Any


def list_delimiter(fdesc: dict[str, Any]) -> str | None:
    """A field's ``ctcoop:listDelimiter`` (a non-empty string: its cells are lists), else None."""
    delim = fdesc.get("ctcoop:listDelimiter")
    return delim if isinstance(delim, str) and delim else None

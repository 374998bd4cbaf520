"""The polars dtype each Table Schema field is read as in the typed view."""

from __future__ import annotations

from typing import Any

import polars as pl

from ctcoop import casting
from ctcoop.tables.extensions import list_delimiter


def polars_dtype(fdesc: dict[str, Any]) -> pl.DataType:
    """The polars dtype a field is read as: ``List(String)`` for a string field with a list delimiter,
    else :func:`ctcoop.casting.dtype` (see :mod:`ctcoop.tables.typed`)."""
    if fdesc.get("type", "string") == "string" and list_delimiter(fdesc) is not None:
        return pl.List(pl.String)
    return casting.dtype(fdesc)

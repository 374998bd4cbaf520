"""A whole number in a `number` field (a count) is an integer in the SQLite export, not 88.0."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctcoop.export import export_package

SCHEMA = {
    "fields": [{"name": "id", "type": "string"}, {"name": "value", "type": "number"}],
    "primaryKey": ["id"],
}
DESCRIPTOR: dict[str, Any] = {
    "name": "counts",
    "version": "1.0.0",
    "resources": [{"name": "figures", "path": "data/figures.csv", "schema": SCHEMA}],
}


def test_counts_are_integers_and_fractions_reals(make_package: Callable[..., Path], tmp_path: Path) -> None:
    root = make_package(DESCRIPTOR, {"data/figures.csv": "id,value\na,88\nb,2.7\nc,NaN\nd,1e3\ne,\n"})
    export_package(root, tmp_path / "out", ["sqlite"])
    with sqlite3.connect(tmp_path / "out" / "counts-1.0.0.sqlite") as db:
        rows = db.execute("SELECT id, value, typeof(value) FROM figures ORDER BY id").fetchall()
    assert rows == [
        ("a", 88, "integer"),
        ("b", 2.7, "real"),
        ("c", "NaN", "text"),
        ("d", 1000, "integer"),
        ("e", None, "null"),
    ]

"""SqliteWriter: the ADBC connection the SQLite export writes through."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl
import pytest

from ctcoop.errors import CtcoopError
from ctcoop.export.sqlite_writer import SqliteWriter


def test_loads_frames_in_order_with_nan_cells_as_text(tmp_path: Path) -> None:
    target = tmp_path / "db.sqlite"
    frame = pl.DataFrame({"k": ["b", "a", "c"], "x": [1.5, float("nan"), None], "t": ["الأمم", "", None]})
    with SqliteWriter(target) as db:
        db.execute('CREATE TABLE t ("k" TEXT PRIMARY KEY, "x" REAL, "t" TEXT)')
        db.load("t", frame, {"x": [2]})
        db.load("t", frame.clear())  # nothing to load is fine
    conn = sqlite3.connect(target)
    rows = conn.execute("SELECT rowid, k, x, typeof(x), t FROM t ORDER BY rowid").fetchall()
    conn.close()
    assert rows == [(1, "b", 1.5, "real", "الأمم"), (2, "a", "NaN", "text", ""), (3, "c", None, "null", None)]


def test_a_path_with_uri_characters_is_a_plain_file(tmp_path: Path) -> None:
    folder = tmp_path / "file:odd?name#1"
    folder.mkdir()
    with SqliteWriter(folder / "db.sqlite") as db:
        db.execute("CREATE TABLE t (x INTEGER)")
    assert (folder / "db.sqlite").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file:odd?name#1"]


def test_driver_errors_become_ctcoop_errors_naming_the_step(tmp_path: Path) -> None:
    with SqliteWriter(tmp_path / "db.sqlite") as db:
        with pytest.raises(CtcoopError, match="loading table 'missing'") as caught:
            db.load("missing", pl.DataFrame({"x": [1]}))
        assert caught.value.code == "export-sqlite"
        db.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        with pytest.raises(CtcoopError, match="cannot build the SQLite export"):
            db.load("t", pl.DataFrame({"x": [1, 1]}))
        with pytest.raises(CtcoopError, match="CREATE TABLE t"):
            db.execute("CREATE TABLE t (x)")

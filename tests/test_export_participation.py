"""Participation in the exports and in diff: the SQLite views built from ``ctcoop:coverage``
(tests/corpus/coverage made valid), the table in every format, and new rows as a minor change."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from ctcoop.diff.compare import diff_packages
from ctcoop.diff.model import Level
from ctcoop.export import export_package
from ctcoop.package import load_package

CASE = Path(__file__).resolve().parent / "corpus" / "coverage"


def _valid_case(tmp_path: Path) -> Path:
    root = tmp_path / "pkg"
    shutil.copytree(CASE, root)
    figures = root / "data" / "figures.csv"
    lines = figures.read_text(encoding="utf-8").splitlines(keepends=True)
    figures.write_text("".join(line for line in lines if not line.startswith("f1,")), encoding="utf-8")
    return root


def test_matrix_and_per_member_views(tmp_path: Path) -> None:
    export_package(_valid_case(tmp_path), tmp_path / "out", ["sqlite"])
    [db_path] = (tmp_path / "out").glob("*.sqlite")
    with sqlite3.connect(db_path) as db:
        matrix = db.execute("SELECT * FROM participation_matrix ORDER BY treaty, state").fetchall()
        columns = [d[0] for d in db.execute("SELECT * FROM participation_matrix").description]
        per_state = db.execute("SELECT * FROM participation_by_state ORDER BY state").fetchall()
    assert columns == ["treaty", "state", "parties", "parties_since", "signatories", "signatories_since",
                       "ended_on"]
    assert matrix == [
        ("t-1", "AAA", 1, "2000-01-10", 0, None, None),
        ("t-1", "BBB", 1, "2000-05", 0, None, None),
        ("t-1", "CCC", 1, "2001-02-01", 0, None, "2003"),
        ("t-2", "AAA", 1, "2006-01-01", 0, None, None),
        ("t-2", "BBB", 1, "2007-01-01", 0, None, None),
    ]
    assert per_state == [
        ("AAA", 2, "2000-01-10", "2006-01-01", 0, None, None, 0),
        ("BBB", 2, "2000-05", "2007-01-01", 0, None, None, 0),
        ("CCC", 1, "2001-02-01", "2001-02-01", 0, None, None, 1),
    ]


def test_the_repository_views_name_states_and_instruments(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    export_package(root, tmp_path / "out", ["sqlite"])
    [db_path] = (tmp_path / "out").glob("*.sqlite")
    with sqlite3.connect(db_path) as db:
        columns = [d[0] for d in db.execute("SELECT * FROM participation_matrix LIMIT 0").description]
        rows = db.execute("SELECT COUNT(*) FROM participation_matrix").fetchone()[0]
        pairs = db.execute("SELECT COUNT(DISTINCT instrument || party) FROM participation").fetchone()[0]
        members = [d[0] for d in db.execute("SELECT * FROM memberships_by_member LIMIT 0").description]
    assert columns[:6] == ["instrument", "instrument_name_en", "instrument_name_ar", "party", "party_name_en",
                           "party_name_ar"]
    assert rows == pairs > 0
    assert members[:3] == ["member", "member_name_en", "member_name_ar"]


def test_new_participation_rows_are_a_minor_change(tmp_path: Path) -> None:
    old = _valid_case(tmp_path)
    new = tmp_path / "new"
    shutil.copytree(old, new)
    with (new / "data" / "participation.csv").open("a", encoding="utf-8") as fh:
        fh.write("p7,t-2,CCC,signature,2005-02-01\n")
    diff = diff_packages(load_package(old), load_package(new))
    assert diff.level is Level.MINOR
    added = [(r.name, r.rows_added.count) for r in diff.resources if r.rows_added.count]
    assert added == [("participation", 1)]


def test_every_format_carries_the_participation_table(tmp_path: Path) -> None:
    import json

    import openpyxl
    import pyarrow.parquet as pq

    export_package(_valid_case(tmp_path), tmp_path / "out", ["json", "parquet", "xlsx"])
    out = tmp_path / "out"
    [doc] = out.glob("*.json")
    assert len(json.loads(doc.read_text(encoding="utf-8"))["tables"]["participation"]) == 6
    assert pq.read_table(out / "parquet" / "participation.parquet").num_rows == 6
    [book] = out.glob("*.xlsx")
    sheet = openpyxl.load_workbook(book, read_only=True)["participation"]
    assert sum(1 for _ in sheet.iter_rows()) == 7  # header and six rows

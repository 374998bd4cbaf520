"""The SQLite search query: any Arabic spelling finds the same rows, and a body's own row ranks first."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from ctcoop.export import export_package
from ctcoop.export import sqlite_folding as folding
from ctcoop.export import sqlite_search as search
from ctcoop.package import load_package


def test_interpol_in_any_spelling_finds_its_own_row_first(
    copy_repo_package: Callable[[], Path], tmp_path: Path
) -> None:
    root = copy_repo_package()
    export_package(root, tmp_path / "out", ["sqlite"])
    db = sqlite3.connect(next((tmp_path / "out").glob("*.sqlite")))
    pkg = load_package(root)
    searchable = [(r, f"{r.name}_fts") for r in pkg.resources if search.search_columns(r)]
    sql = search.search_query(searchable, match=folding.FOLDED_Q)
    results = {q: db.execute(sql, {"q": q}).fetchall() for q in ("الإنتربول", "الانتربول", "INTERPOL")}
    hamza, bare, latin = results.values()
    assert hamza == bare and len(bare) > 1
    assert [(r[0], r[1]) for r in bare[:1]] == [("organizations", "org-interpol")]
    assert [(r[0], r[1]) for r in latin[:1]] == [("organizations", "org-interpol")]
    assert [r[4] for r in bare] == sorted(r[4] for r in bare)  # own label, label, elsewhere
    db.close()

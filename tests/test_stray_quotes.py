"""A quote inside an unquoted cell: a warning for validate, read the same way by every command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.package import load_package
from ctcoop.tables.typed import read_typed
from ctcoop.validate import validate_package

CSV = 'id,name\n1,a"b\n2,"c"d\n3,ok\n'
DESCRIPTOR = {
    "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
    "name": "quotes",
    "resources": [
        {
            "name": "t",
            "path": "data/t.csv",
            "schema": {
                "fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}],
                "primaryKey": ["id"],
            },
        }
    ],
}


def test_validate_warns_and_every_reader_sees_the_same_cells(make_package: Callable[..., Path]) -> None:
    root = make_package(DESCRIPTOR, {"data/t.csv": CSV})
    report = validate_package(root)
    assert report.valid
    assert [(i.code, i.severity.value, i.line) for i in report.issues] == [
        ("quote-error", "warning", 2),
        ("quote-error", "warning", 3),
    ]
    frame = read_typed(load_package(root), "t")
    assert frame.rows() == [(1, 'a"b'), (2, "cd"), (3, "ok")]


def test_export_and_diff_accept_what_validate_accepts(
    make_package: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_package(DESCRIPTOR, {"data/t.csv": CSV})
    runner = CliRunner()
    exported = runner.invoke(cli, ["export", str(root), "--out", str(tmp_path / "out")])
    assert exported.exit_code == 0, exported.output
    diffed = runner.invoke(cli, ["diff", str(root), str(root)])
    assert diffed.exit_code == 0, diffed.output
    stats = runner.invoke(cli, ["stats", str(root), "--format", "json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output)["tables"][0]["rows"] == 3

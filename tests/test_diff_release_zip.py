"""`ctcoop diff <release zip> <package>`: what export adds to the zip (bytes, hash) is no change."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.export import export_package
from test_export_support import mini_package


def test_release_zip_against_its_unchanged_tree_has_no_differences(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    export_package(root, tmp_path / "out", ["zip"])
    archive = tmp_path / "out" / "mini-1.2.3.zip"
    result = CliRunner().invoke(cli, ["diff", str(archive), str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["level"] == "none" and report["reasons"] == []


def test_release_zip_against_an_edited_tree_shows_only_the_edit(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    export_package(root, tmp_path / "out", ["zip"])
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    desc["description"] = "Edited."
    (root / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["diff", str(tmp_path / "out" / "mini-1.2.3.zip"), str(root), "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    messages = [r["message"] for r in json.loads(result.stdout)["reasons"]]
    assert len(messages) == 1 and messages[0].startswith("package: descriptor /description ")

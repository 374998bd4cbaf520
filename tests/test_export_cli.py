"""``ctcoop export``: exit codes 0/1/2, output, refusal of an invalid package, progress bar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.export import export_package
from test_export_support import mini_package


def test_exports_and_lists_the_artifacts(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", str(root), "--out", str(out), "--format", "zip,json",
                                      "--format", "sqlite"])
    assert result.exit_code == 0, result.output
    listed = [line.split("  (")[0] for line in result.stdout.splitlines()]
    assert listed == sorted(str(p) for p in out.rglob("*") if p.is_file())
    assert (out / "mini-1.2.3.sqlite").exists() and not (out / "mini-1.2.3.xlsx").exists()
    assert "exported" in result.stderr
    assert "Traceback" not in result.output


def test_json_output_matches_the_files(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    out = tmp_path / "out"
    args = ["export", str(root), "--out", str(out), "--format", "parquet", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["out"] == str(out)
    assert {a["path"]: a["bytes"] for a in doc["artifacts"]} == {
        str(p): p.stat().st_size for p in out.rglob("*") if p.is_file()}


def test_an_invalid_package_exits_1_with_its_errors(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    csv = root / "data" / "orgs.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",37000,", ",many,"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", str(root), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "data/orgs.csv:2" in result.stderr and "staff" in result.stderr
    assert "nothing was exported" in result.stderr
    assert not out.exists()
    as_json = CliRunner().invoke(cli, ["export", str(root), "--out", str(out), "--json"])
    assert as_json.exit_code == 1
    report = json.loads(as_json.stdout)
    assert report["valid"] is False


def test_a_refusal_reports_warnings_too(tmp_path: Path) -> None:
    """Export skips the warning-only checks while deciding, but a refusal shows the whole report."""
    root = mini_package(tmp_path / "mini")
    csv = root / "data" / "orgs.csv"
    text = csv.read_text(encoding="utf-8").replace(",37000,", ",many,")
    csv.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))  # CRLF: not canonical
    result = CliRunner().invoke(cli, ["export", str(root), "--out", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 1
    codes = {(i["code"], i["severity"]) for i in json.loads(result.stdout)["issues"]}
    assert any(severity == "error" for _, severity in codes)
    assert ("not-canonical", "warning") in codes


@pytest.mark.parametrize("args", [["--format", "pdf"], ["--format", ","]])
def test_usage_problems_exit_2(tmp_path: Path, args: list[str]) -> None:
    root = mini_package(tmp_path / "mini")
    result = CliRunner().invoke(cli, ["export", str(root), "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error:") and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_missing_out_and_missing_package_exit_2(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["export", str(tmp_path)]).exit_code == 2
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    root = mini_package(tmp_path / "mini")
    result = CliRunner().invoke(cli, ["export", str(root), "--out", str(tmp_path / "out"), "--format", "zip"])
    assert result.exit_code == 0
    assert "export:" not in result.stderr and "\r" not in result.stderr


def test_progress_bar_goes_to_stderr_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = mini_package(tmp_path / "mini")
    export_package(root, tmp_path / "quiet", ["zip"], progress=False)
    assert capsys.readouterr().err == ""
    export_package(root, tmp_path / "loud", ["zip"], progress=True)
    captured = capsys.readouterr()
    assert "export:" in captured.err and "validate" in captured.err and "SHA256SUMS" in captured.err
    assert captured.out == ""

"""Terminal conventions: NO_COLOR/FORCE_COLOR, a closed pipe, "did you mean", help, exit 2 with no package."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli
from ctcoop.terminal import use_color

SCHEMA = {
    "fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}],
    "primaryKey": ["id"],
}
DESCRIPTOR: dict[str, Any] = {
    "name": "t",
    "resources": [{"name": "items", "path": "data/items.csv", "schema": SCHEMA}],
}
ESC = "\x1b["


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def bad(make_package: Callable[..., Path]) -> Path:
    return make_package(DESCRIPTOR, {"data/items.csv": "id,n\na,1\nb,two\n"})


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), env=env)


def test_colour_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(var, raising=False)
    assert use_color(_Tty()) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(_Tty()) and use_color(_Tty(), True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_color(io.StringIO()) and not use_color(io.StringIO(), False)
    monkeypatch.setenv("FORCE_COLOR", "0")
    assert not use_color(_Tty())


def test_validate_colours_severities_only_when_asked(bad: Path) -> None:
    plain = run("validate", str(bad), env={"FORCE_COLOR": "", "NO_COLOR": ""})
    assert plain.exit_code == 1 and ESC not in plain.stdout
    forced = run("validate", str(bad), env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert forced.exit_code == 1
    assert f": {ESC}31m{ESC}1merror{ESC}0m[type-error] " in forced.stdout
    assert forced.stdout.replace(f"{ESC}31m{ESC}1m", "").replace(f"{ESC}0m", "") == plain.stdout
    off = run("validate", str(bad), "--no-color", env={"FORCE_COLOR": "1"})
    assert ESC not in off.stdout


def test_diff_honours_force_and_no_color(make_package: Callable[..., Path]) -> None:
    other = make_package(DESCRIPTOR, {"data/items.csv": "id,n\na,1\n"}, name="other")
    bad = make_package(DESCRIPTOR, {"data/items.csv": "id,n\na,1\nb,2\n"}, name="new")
    assert ESC in run("diff", str(other), str(bad), env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout
    assert ESC not in run("diff", str(other), str(bad), env={"FORCE_COLOR": "", "NO_COLOR": "1"}).stdout


def test_a_closed_pipe_ends_quietly(make_package: Callable[..., Path]) -> None:
    rows = "".join(f"r{i},x{i}\n" for i in range(5000))
    root = make_package(DESCRIPTOR, {"data/items.csv": "id,n\n" + rows})
    exe = Path(sys.executable).with_name("ctcoop")
    proc = subprocess.Popen(
        [str(exe), "validate", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 1
    assert first.startswith(b"data/items.csv:2:2: error[type-error]")
    assert err == ""


def test_typos_get_a_suggestion(bad: Path) -> None:
    result = run("valdate", str(bad))
    assert result.exit_code == 2
    assert "Error: no such command 'valdate' (did you mean 'validate'?)" in result.output
    table = CliRunner().invoke(cli, ["new", "itmes", str(bad), "--from-json", "-"], input="{}")
    assert table.exit_code == 2
    assert "no resource named 'itmes' (did you mean 'items'?)" in table.output


def test_top_level_help_lists_everyday_commands_first_in_full() -> None:
    result = run("--help")
    assert result.exit_code == 0
    listing = result.output.split("Commands:\n", 1)[1].splitlines()
    assert listing == [
        "  validate   Check a package; every problem as FILE:LINE:COLUMN with a hint",
        "  new        Add one row: prompts per field, proposes the ID, validates",
        "  fmt        Rewrite the CSVs in canonical form (--check only looks)",
        "  diff       Compare two versions and say which version should follow",
        "  stats      Rows per table and category; shares bilingual, cited, dated",
        "  export     Build the zip, JSON, SQLite, XLSX, Parquet and SHA256SUMS",
        "  site       Build the bilingual static website of a valid package",
        "  release    Bump the version, write the CHANGELOG entry, build, tag",
        "  docs       Regenerate the data dictionary and the docs' generated lists",
        "  countries  Regenerate data/countries.csv from ISO 3166-1 and CLDR",
    ]


def test_validate_without_a_package_here_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no datapackage.json here\n")
    other = run("validate", str(tmp_path))
    assert other.exit_code == 2 and "no datapackage.json here" in other.stderr
    (tmp_path / "sub").mkdir()
    assert "Error: no datapackage.json in sub\n" in run("validate", "sub").stderr

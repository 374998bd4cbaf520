"""The whole text output of every command on one small fixed package (sqlite-utils style).

Each test runs a command with CliRunner in the package's folder and compares stdout and stderr
as a whole. What changes from run to run (the temporary folder, today's date, the size of the
website's files, which changes with its templates) is replaced in the test, never in the command.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ctcoop.cli import cli

ROOT = Path(__file__).resolve().parent.parent

SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "name_en", "type": "string", "ctcoop:language": "en"},
        {"name": "name_ar", "type": "string", "ctcoop:language": "ar", "ctcoop:translationOf": "name_en"},
        {"name": "kind", "type": "string", "constraints": {"enum": ["council", "office"]}},
        {"name": "members", "type": "integer"},
    ],
    "primaryKey": ["id"],
}
DESCRIPTOR = {
    "name": "mini", "title": "Mini", "version": "0.1.0",
    "resources": [{"name": "bodies", "path": "data/bodies.csv", "format": "csv",
                   "schema": "schemas/bodies.json"}],
}
DATA = "id,name_en,name_ar,kind,members\nb-1,Council,مجلس,council,15\nb-2,Office,مكتب,office,3\n"


def write_package(root: Path, data: str = DATA) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "schemas").mkdir()
    (root / "datapackage.json").write_text(json.dumps(DESCRIPTOR, indent=2) + "\n", encoding="utf-8")
    (root / "schemas" / "bodies.json").write_text(json.dumps(SCHEMA, indent=2) + "\n", encoding="utf-8")
    (root / "data" / "bodies.csv").write_text(data, encoding="utf-8", newline="")
    return root


@pytest.fixture
def pkg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_package(tmp_path / "mini")
    monkeypatch.chdir(root)
    return root


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin)


def test_validate_valid(pkg: Path) -> None:
    result = run("validate")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "valid: 0 errors, 0 warnings in 1 resource (2 rows, 25 checks)\n", "")


def test_validate_invalid(pkg: Path) -> None:
    (pkg / "data" / "bodies.csv").write_text(
        "id,name_en,name_ar,kind,members\nb-1,Council,مجلس,agency,15\nb-2,Office,,office,many\n",
        encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 1 and result.stderr == ""
    assert result.stdout == (
        "data/bodies.csv:2:4: error[enum] kind 'agency' is not one of the allowed values\n"
        "  hint: use one of: council, office\n"
        "data/bodies.csv:3:3: error[translation-pair] name_ar is empty but name_en is filled\n"
        "  hint: write the translation of name_en, or empty both\n"
        "data/bodies.csv:3:5: error[type-error] members 'many' is not an integer (digits with an optional "
        "sign, e.g. 42)\n"
        "  hint: write an integer (digits with an optional sign, e.g. 42) or leave the cell empty\n"
        "invalid: 3 errors, 0 warnings in 1 resource (2 rows, 25 checks)\n"
    )


def test_stats(pkg: Path) -> None:
    result = run("stats")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "mini 0.1.0: 1 tables, 2 rows\n"
        "\n"
        "table   rows  both languages  cited  with dates\n"
        "bodies     2        2 (100%)      —           —\n"
        "total      2        2 (100%)      —           —\n"
        "\n"
        "rows per value:\n"
        "  bodies.kind: council 1, office 1\n"
    )


def test_fmt(pkg: Path) -> None:
    (pkg / "data" / "bodies.csv").write_text(DATA.replace("\n", "\r\n"), encoding="utf-8", newline="")
    check = run("fmt", "--check")
    assert (check.exit_code, check.stdout, check.stderr) == (
        1, "data/bodies.csv:1: not canonical: the line ends with CR LF; canonical files use LF\n",
        "1 file(s) not in canonical form; run `ctcoop fmt` to fix them\n")
    result = run("fmt")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "formatted data/bodies.csv\n1 file(s) formatted, 0 already canonical\n"
    again = run("fmt", "--check")
    assert (again.exit_code, again.stdout, again.stderr) == (0, "1 file(s) in canonical form\n", "")


def test_new_dry_run(pkg: Path) -> None:
    row = {"id": "b-3", "name_en": "Bureau", "name_ar": "مكتب صغير", "kind": "office", "members": 4}
    result = run("new", "bodies", "--from-json", "-", "--dry-run", stdin=json.dumps(row))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ("the row is valid; it would go to data/bodies.csv at line 4 "
                             "(not written: --dry-run)\n")


def test_new_refuses_an_invalid_row(pkg: Path) -> None:
    row = {"id": "b-1", "name_en": "Bureau", "name_ar": "مكتب صغير", "kind": "agency", "members": 4}
    result = run("new", "bodies", "--from-json", "-", stdin=json.dumps(row))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (  # checked in place: the rows are kept sorted by id, the new b-1 first
        "data/bodies.csv:2:4: error[enum] kind 'agency' is not one of the allowed values\n"
        "  hint: use one of: council, office\n"
        "data/bodies.csv:3:1: error[primary-key] id 'b-1' repeats the primary key of line 2\n"
        "  hint: primary key values must be unique; change the id or merge the two rows\n"
        "data/bodies.csv:3:1: error[unique] id 'b-1' is not unique: it is also on line 2\n"
        "  hint: each id must be different; change or remove one of the two rows\n"
        "the row was not added: 3 error(s)\n"
    )
    assert (pkg / "data" / "bodies.csv").read_text(encoding="utf-8") == DATA


def test_diff(pkg: Path, tmp_path: Path) -> None:
    new = write_package(tmp_path / "new", DATA.replace("Office,مكتب,office,3", "Office,مكتب,office,4")
                        + "b-3,Bureau,مكتب صغير,office,2\n")
    result = run("diff", str(pkg), str(new))
    assert result.stderr == ""
    assert result.exit_code == 1
    assert result.stdout.replace(str(tmp_path), "<tmp>") == (
        "OLD  <tmp>/mini  (version 0.1.0)\n"
        "NEW  <tmp>/new  (version 0.1.0)\n"
        "\n"
        "MINOR change: the version after 0.1.0 should be 0.2.0.\n"
        "Summary: resources: 1 changed; rows: 1 added, 1 changed (1 cell)\n"
        "\n"
        "Why:\n"
        "  minor  bodies: 1 row added\n"
        "  patch  bodies: 1 row changed (1 cell)\n"
        "\n"
        "~ resource bodies (key: id; rows 2 → 3)\n"
        "  Rows added (1)\n"
        '    + b-3  name_en="Bureau"  name_ar="مكتب صغير"  kind="office"  members=2\n'
        "  Rows changed (1, 1 cell)\n"
        "    ~ b-2\n"
        "        members: 3 → 4\n"
    )


def test_docs(pkg: Path) -> None:
    result = run("docs")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "wrote docs/data-dictionary.md\n", "")
    check = run("docs", "--check")
    assert (check.exit_code, check.stdout, check.stderr) == (0, "docs/data-dictionary.md is up to date\n", "")


def test_export(pkg: Path) -> None:
    result = run("export", "--out", "dist", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout == (
        "dist/SHA256SUMS  (169 bytes)\n"
        "dist/mini-0.1.0.json  (1,271 bytes)\n"
        "dist/ndjson/bodies.ndjson  (165 bytes)\n"
    )
    assert result.stderr == "exported 3 files into dist\n"


def test_site(pkg: Path) -> None:
    result = run("site", "--no-search", "--out", "site")
    assert (result.exit_code, result.stderr) == (0, "")
    shown = re.sub(r"\d[\d,]* bytes", "N bytes", result.stdout)
    assert shown == "built 17 pages (25 files, N bytes) into site, without a search index\n"


def test_countries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    count = len((ROOT / "data" / "countries.csv").read_text(encoding="utf-8").splitlines()) - 1
    result = run("countries", "--out", "countries.csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"wrote countries.csv ({count} countries)\n"
    check = run("countries", "--out", "countries.csv", "--check")
    assert (check.exit_code, check.stdout, check.stderr) == (0, "countries.csv is up to date\n", "")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="ctcoop release needs git")
def test_release_dry_run(pkg: Path) -> None:
    (pkg / "CHANGELOG.md").write_text("# Changelog\n\n## Unreleased\n\n### Added\n- The first tables.\n",
                                      encoding="utf-8")
    _git(pkg, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Test"), ("user.email", "t@example.org"), ("commit.gpgsign", "false")):
        _git(pkg, "config", key, value)
    _git(pkg, "add", "-A")
    _git(pkg, "commit", "-q", "-m", "initial")
    result = run("release", "--dry-run")
    assert (result.exit_code, result.stderr) == (0, "")
    today = dt.date.today().isoformat()
    assert result.stdout.replace(today, "<today>") == (
        "First release: no earlier release tag (v*) found. Compared with an empty history the package "
        "requires a MAJOR bump from 0.0.0; releasing 1.0.0.\n"
        "  1 resource added (their row counts are in the CHANGELOG entry)\n"
        "  major  package: descriptor properties added: name\n"
        "  patch  package: descriptor properties added: title\n"
        "\n"
        "Dry run: nothing written. Files that would change:\n"
        "  datapackage.json\n"
        "  CHANGELOG.md\n"
        "\n"
        "CHANGELOG entry:\n"
        "\n"
        "## [1.0.0] - <today>\n"
        "\n"
        "First release: no earlier release tag (v*) to compare with.\n"
        "\n"
        "### Added\n"
        "- The first tables.\n"
        "\n"
        "### Contents\n"
        "\n"
        "- bodies: 2 rows\n"
        "\n"
    )

"""`ctcoop validate` on the command line: formats, exit codes, capping, paths, progress, start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from ctcoop.cli import cli

CORPUS = Path(__file__).resolve().parent / "corpus"
ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["validate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_valid_package_exits_0(make_package: Callable[..., Path]) -> None:
    root = make_package(
        {
            "name": "ok",
            "resources": [
                {"name": "a", "path": "a.csv", "schema": {"fields": [{"name": "id", "type": "integer"}]}}
            ],
        },
        {"a.csv": "id\n1\n2\n"},
    )
    code, out, _ = run(str(root))
    assert code == 0
    assert out.startswith("valid: 0 errors, 0 warnings in 1 resource (2 rows, ")


def test_compiler_style_line_with_suggestion() -> None:
    code, out, _ = run(str(CORPUS / "foreign_key"))
    assert code == 1
    prefix = os.path.relpath(CORPUS / "foreign_key", Path.cwd()).replace(os.sep, "/")
    prefix = "" if prefix.startswith("..") else prefix + "/"
    assert (
        f"{prefix}data/orgs.csv:3:2: error[foreign-key] seat_country 'SAU ' is not an id in countries "
        "— did you mean 'SAU'?"
    ) in out
    assert "\n  hint: use an existing countries.id" in out


def test_lines_are_file_lines_not_row_numbers() -> None:
    _, out, _ = run(str(CORPUS / "multiline_cells"))
    assert "data/items.csv:4:3: error[type-error]" in out
    assert "data/items.csv:7:3: error[type-error]" in out


def test_json_report_follows_the_documented_schema() -> None:
    code, out, _ = run(str(CORPUS / "primary_key"), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert set(data) >= {"report_version", "package", "valid", "counts", "stats", "codes", "issues"}
    assert data["report_version"] == 1 and data["valid"] is False
    issue = data["issues"][0]
    assert set(issue) == {
        "code",
        "severity",
        "message",
        "hint",
        "resource",
        "file",
        "line",
        "column",
        "field",
        "value",
        "cause",
    }
    assert data["codes"]["primary-key"] == 2


def test_github_annotations_escape_and_locate() -> None:
    code, out, _ = run(str(CORPUS / "foreign_key"), "--format", "github")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("::error")]
    assert any(
        ",line=3,col=2,title=foreign-key::seat_country 'SAU ' is not an id in countries" in line
        for line in lines
    )
    assert all("\n" not in line for line in lines)
    assert out.strip().splitlines()[-1].startswith("invalid:")


def test_github_escapes_percent_and_newlines() -> None:
    from ctcoop.render.github import render
    from ctcoop.report import Issue, Report

    report = Report(
        package="p", issues=[Issue(code="x", message="100% bad\nreally", file="a,b:c.csv", line=1)]
    )
    out = render(report)
    assert "::error file=a%2Cb%3Ac.csv,line=1,title=x::100%25 bad%0Areally" in out


def test_max_errors_caps_printing_but_the_summary_counts_all() -> None:
    code, out, _ = run(str(CORPUS / "text_hygiene"), "--max-errors", "2")
    assert code == 1
    assert out.count(": error[") + out.count(": warning[") == 2
    assert "6 more issues not shown (--max-errors 2)" in out
    assert "invalid: 7 errors" in out
    data = json.loads(run(str(CORPUS / "text_hygiene"), "--format", "json", "--max-errors", "1")[1])
    assert len(data["issues"]) == 1 and data["truncated"] is True and data["counts"]["error"] == 7


def test_warnings_alone_exit_0_unless_strict() -> None:
    assert run(str(CORPUS / "likely_duplicate"))[0] == 0
    assert run(str(CORPUS / "likely_duplicate"), "--strict")[0] == 1


def test_path_forms_directory_descriptor_zip_and_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CORPUS / "type_integer"
    assert run(str(case))[0] == 1
    assert run(str(case / "datapackage.json"))[0] == 1
    archive = tmp_path / "release.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in case.rglob("*"):
            if path.is_file():
                zf.write(path, f"pkg/{path.relative_to(case)}")
    code, out, _ = run(str(archive))
    assert code == 1 and "data/items.csv:5:2: error[type-error]" in out
    monkeypatch.chdir(case)
    code, out, _ = run()
    assert code == 1 and out.startswith("data/items.csv:")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "missing"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(str(CORPUS / "bom"), "--check", "nonsense")
    assert code == 2 and "unknown check" in err
    assert run(str(CORPUS / "bom"), "--format", "xml")[0] == 2


def test_check_selection_runs_only_those_families() -> None:
    code, out, _ = run(str(CORPUS / "text_hygiene"), "--check", "structure")
    assert code == 0 and "(8 rows, 1 check)" in out


def test_list_checks_names_every_code() -> None:
    code, out, _ = run("--list-checks")
    assert code == 0
    for needle in ("foreign-key", "likely-duplicate", "typed-link", "descriptor-profile", "not-canonical"):
        assert needle in out


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    _, _, err = run(str(CORPUS / "type_integer"))
    assert err == ""


def test_the_progress_callback_reports_every_check() -> None:
    from ctcoop.validate import validate_package

    seen: list[tuple[int, int, str]] = []
    validate_package(CORPUS / "type_integer", progress=lambda d, t, label: seen.append((d, t, label)))
    assert seen[0][0] == 0 and seen[-1] == (seen[-1][1], seen[-1][1], "done")


def test_startup_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from ctcoop.cli import cli\n"
        "try:\n    cli(['validate', '--help'])\nexcept SystemExit:\n    pass\n"
        "import ctcoop.commands.validate\n"
        "heavy = ('polars', 'jsonschema', 'pyarrow', 'frictionless', 'tqdm')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_the_repository_package_validates_clean() -> None:
    code, out, _ = run(str(ROOT))
    assert code == 0, out

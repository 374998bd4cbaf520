"""Every command refuses a package whose descriptor has an error, before reading any table, with
validate's first error (ctcoop.preflight.open_package, rendered by ctcoop.render.refusal).

Whole outputs and exit codes, with CliRunner, in the package's folder (as in test_exact_output).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ctcoop.cli import cli
from ctcoop.errors import PackageRefused
from ctcoop.preflight import open_package
from ctcoop.report import Severity
from ctcoop.validate import validate_package

SCHEMA = {"fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}],
          "primaryKey": ["id"]}
DATA = "id,n\na,1\nb,2\n"
ABSOLUTE = (
    "datapackage.json: error[unsafe-path] path '/etc/passwd' of resource 'items' is unsafe: the path is "
    "absolute; paths must be relative to the package\n"
    "  hint: use a path inside the package such as data/<name>.csv\n"
)
TAIL = ": 1 error in its descriptor or schemas (found before reading any table); `ctcoop validate` lists " \
       "every problem\n"


def write(root: Path, resources: list[dict[str, object]], data: str = DATA) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "data" / "items.csv").write_text(data, encoding="utf-8")
    descriptor = {"name": "p", "version": "0.1.0", "resources": resources}
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    return root


def items(path: str = "data/items.csv", **extra: object) -> dict[str, object]:
    return {"name": "items", "path": path, "schema": SCHEMA, **extra}


@pytest.fixture
def absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write(tmp_path / "pkg", [items("/etc/passwd")])
    monkeypatch.chdir(root)
    return root


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin)


def test_stats_refuses_an_absolute_path(absolute: Path) -> None:
    result = run("stats")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ABSOLUTE + "Error: cannot count the rows of ." + TAIL


def test_stats_json_refuses_too(absolute: Path) -> None:
    result = run("stats", "--format", "json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ABSOLUTE + "Error: cannot count the rows of ." + TAIL


def test_validate_gives_the_same_first_error(absolute: Path) -> None:
    result = run("validate")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == ABSOLUTE + "invalid: 1 error, 0 warnings in 0 resources (0 rows, 25 checks)\n"


@pytest.mark.parametrize(("args", "verb"), [
    (("fmt", "--check"), "format"),
    (("fmt",), "format"),
    (("export", "--out", "../dist"), "export"),
    (("new", "items", "--from-json", "-"), "add a row to"),
    (("site", "--no-search", "--out", "../site"), "build the site of"),
    (("docs", "--out", "../dictionary.md"), "document"),
])
def test_every_command_refuses_it(absolute: Path, args: tuple[str, ...], verb: str) -> None:
    result = run(*args, stdin='{"id": "c", "n": 3}')
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ABSOLUTE + f"Error: cannot {verb} ." + TAIL
    assert not (absolute.parent / "dist").exists() and not (absolute.parent / "site").exists()


def test_export_json_prints_the_errors_as_a_report(absolute: Path) -> None:
    result = run("export", "--out", "../dist", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["valid"], report["codes"], report["issues"][0]["file"]) == (
        False, {"unsafe-path": 1}, "datapackage.json")
    assert result.stderr == ABSOLUTE + "Error: cannot export ." + TAIL


def test_diff_names_the_version_it_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = write(tmp_path / "good", [items()])
    write(tmp_path / "bad", [items("../outside.csv")])
    (tmp_path / "outside.csv").write_text(DATA, encoding="utf-8")  # there, and never read
    monkeypatch.chdir(tmp_path)
    result = run("diff", "good", "bad")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "bad/datapackage.json: error[unsafe-path] path '../outside.csv' of resource 'items' is unsafe: the "
        "path contains '..' and would leave the package\n"
        "  hint: use a path inside the package such as data/<name>.csv\n"
        "Error: cannot compare NEW (bad)" + TAIL
    )
    assert run("diff", "good", "good").exit_code == 0
    assert good.exists()


def test_every_descriptor_error_is_listed_first_one_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    nowhere = {"resource": "nowhere", "fields": "id"}
    bad_fk = {**SCHEMA, "foreignKeys": [{"fields": "id", "reference": nowhere}]}
    write(tmp_path / "pkg", [items(schema=bad_fk), items()])
    monkeypatch.chdir(tmp_path / "pkg")
    result = run("fmt", "--check")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "datapackage.json:26: error[schema-error] a foreignKey of resource 'items' points to the resource "
        "'nowhere', which the package does not have\n"
        "  hint: resources: items\n"
        "datapackage.json:34: error[duplicate-resource] two resources are named 'items'\n"
        "  hint: give every resource a distinct name\n"
        "Error: cannot format .: 2 errors" + TAIL.removeprefix(": 1 error")
    )
    assert result.stderr.splitlines()[:4] == run("validate").stdout.splitlines()[:4]


def test_open_package_gives_validates_descriptor_errors(tmp_path: Path) -> None:
    root = write(tmp_path / "pkg", [items(), items("C:/data/items.csv", name="other"),
                                    items(name="third", schema="schemas/missing.json")])
    with pytest.raises(PackageRefused) as refused:
        open_package(root)
    report = validate_package(root)
    errors = [i for i in report.issues if i.severity is Severity.ERROR]
    assert refused.value.issues == errors
    assert [i.code for i in errors] == ["unsafe-path", "schema-missing"]
    assert (refused.value.code, refused.value.file, refused.value.package) == (
        "unsafe-path", "datapackage.json", str(root))


def test_schema_file_problems_come_before_table_errors(tmp_path: Path) -> None:
    """A missing schema file ranks with the schemas even though its resource is left out, so the
    first error validate reports is the one every command refuses with."""
    root = write(tmp_path / "pkg", [items(), items(name="second", schema="schemas/missing.json")],
                 data="id,n\na,x\n")
    report = validate_package(root)
    assert [i.code for i in report.issues if i.severity is Severity.ERROR] == ["schema-missing", "type-error"]


def test_a_valid_descriptor_is_opened_once(tmp_path: Path) -> None:
    root = write(tmp_path / "pkg", [items()])
    pkg = open_package(root)
    assert pkg.descriptor_issues == [] and open_package(pkg) is pkg
    assert [r.name for r in pkg.resources] == ["items"]

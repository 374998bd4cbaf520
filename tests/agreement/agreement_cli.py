"""Black-box views of one package through every command, called in-process with click's CliRunner.

Nothing here imports ctcoop beyond its click entry point: each view is what a user sees
(exit code, stdout, stderr, the files a command writes), reduced to rows and values to compare.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ctcoop.cli import cli

#: what a crash looks like in a command's output (never allowed, whatever the exit code)
CRASH = re.compile(r"Traceback \(most recent call last\)|internal error|\bFile \"[^\"]+\", line \d+", re.I)

#: issue codes that say "this table cannot be read as declared" (as opposed to a value, a
#: constraint or a project rule): every command must refuse a package that has one, not only
#: the commands that validate
READ_CODES = frozenset(
    {
        # the descriptor family
        "descriptor-profile", "duplicate-resource", "schema-error", "schema-missing", "schema-invalid",
        "descriptor-resources", "inline-data", "multipart-unread", "descriptor-json",
        "descriptor-encoding", "missing-descriptor", "descriptor-too-large", "bad-zip",
        "zip-too-many-entries", "zip-unsafe-entry", "zip-bomb", "zip-too-large",
        # the structure family but the BOM warning
        "missing-file", "unreadable-file", "unsafe-path", "remote-path", "file-too-large",
        "encoding-error", "empty-file", "blank-header", "blank-label", "duplicate-label",
        "missing-label", "extra-label", "incorrect-label", "blank-row", "missing-cell", "extra-cell",
        "quote-error", "unterminated-quote", "line-too-long", "field-too-large",
        "dialect-unsupported", "compressed-file", "nul-byte", "lone-cr", "zip-encrypted", "zip-corrupt",
        # codes the table layer may add for a format it refuses by name
        "format-unsupported", "compression-unsupported",
    }
)


@dataclass
class Run:
    """One command's result."""

    command: str
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        return f"`ctcoop {self.command}` exit {self.exit_code}\n{self.output[:2000]}"


def invoke(*args: str, stdin: str | None = None) -> Run:
    """Run ``ctcoop ARGS`` in-process; check the rules every command keeps whatever its input."""
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=True)
    run = Run(" ".join(args[:1]), result.exit_code, result.stdout, result.stderr)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"`ctcoop {args[0]}` raised {result.exception!r}\n{run.output[:2000]}")
    assert run.exit_code in (0, 1, 2), run.describe()
    assert not CRASH.search(run.output), f"a crash message\n{run.describe()}"
    return run


@dataclass
class Issue:
    code: str
    file: str
    line: int | None
    message: str
    resource: str | None = None


@dataclass
class Verdict:
    """What `ctcoop validate --format json` says."""

    run: Run
    valid: bool
    rows: int
    issues: list[Issue]

    @property
    def first_error(self) -> Issue:
        return next(i for i in self.issues if i.code != "not-canonical")


def validate(pkg: Path) -> Verdict:
    run = invoke("validate", str(pkg), "--format", "json")
    assert run.exit_code in (0, 1), run.describe()
    doc = json.loads(run.stdout)
    issues = [
        Issue(i["code"], i["file"] or "datapackage.json", i["line"], i["message"], i["resource"])
        for i in doc["issues"]
        if i["severity"] == "error"
    ]
    assert doc["valid"] == (run.exit_code == 0) == (issues == []), run.describe()
    return Verdict(run, doc["valid"], doc["stats"]["rows"], issues)


Tables = dict[str, list[dict[str, Any]]]


def export_json(pkg: Path, out: Path) -> tuple[Run, Tables | None]:
    """`ctcoop export --format json`: the typed rows of every table (None when refused)."""
    if out.exists():
        shutil.rmtree(out)
    run = invoke("export", str(pkg), "--out", str(out), "--format", "json")
    if run.exit_code != 0:
        return run, None
    [doc_path] = [p for p in out.glob("*.json")]
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    return run, doc["tables"]


@dataclass
class Counted:
    run: Run
    rows: dict[str, int]
    unreadable: dict[str, str]


def stats(pkg: Path) -> Counted:
    """`ctcoop stats --format json`: rows per table, and the tables it could not read."""
    run = invoke("stats", str(pkg), "--format", "json")
    if run.exit_code != 0:
        return Counted(run, {}, {})
    doc = json.loads(run.stdout)
    rows = {t["name"]: t["rows"] for t in doc["tables"]}
    unreadable = {t["name"]: t["unreadable"] for t in doc["tables"] if t.get("unreadable")}
    return Counted(run, rows, unreadable)


def diff(old: Path, new: Path, *extra: str) -> tuple[Run, dict[str, Any] | None]:
    """`ctcoop diff --format json`: the report (None when the diff did not run)."""
    run = invoke("diff", str(old), str(new), "--format", "json", *extra)
    if run.exit_code == 2 or not run.stdout.strip().startswith("{"):
        return run, None
    return run, json.loads(run.stdout)


def fmt_check(pkg: Path) -> Run:
    return invoke("fmt", "--check", str(pkg))


def fmt_refused(run: Run) -> bool:
    """fmt --check exits 1 both for "not canonical" (it read the file) and "cannot format"."""
    return run.exit_code == 2 or (run.exit_code == 1 and "cannot format" in run.output)


def new_row(pkg: Path, table: str, row: dict[str, Any]) -> Run:
    return invoke("new", table, str(pkg), "--from-json", "-", stdin=json.dumps(row, ensure_ascii=False))


def names_reason(run: Run, issue: Issue) -> bool:
    """The output gives the same first reason: the issue's code, or its file and line (an issue
    without a line: its file or its resource)."""
    out = run.output
    if issue.code in out:
        return True
    if issue.line is None:  # the file, the resource, or what the message names (a property, a path)
        quoted = re.findall(r"'([^']+[./][^']*)'|\"([^\"]+[./][^\"]*)\"", issue.message)  # paths
        tokens = {t for group in quoted for t in group if t}
        tokens |= set(re.findall(r"\b[a-z]+[A-Z]\w*\b", issue.message))  # property names (camelCase)
        return (issue.file in out or (issue.resource is not None and f"'{issue.resource}'" in out)
                or any(t in out for t in tokens))
    named = issue.file in out or (issue.file != "datapackage.json" and Path(issue.file).name in out)
    return named and re.search(rf"(:{issue.line}\b|line {issue.line}\b)", out) is not None


def copy_package(src: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    return dest

"""The agreement rule: every command reads a package the way `ctcoop validate` does.

- validate says valid: export, stats, diff (against a copy: no change; against a copy with one
  cell changed: exactly that change), fmt (where the format is CSV with the default dialect; and
  whenever fmt rewrites a file, the rows must read the same after) and new (the row is added and
  read back) accept the package and see the same rows and values; with a reference reading (a
  generated package), those are the reference's rows.
- validate says invalid: export and diff --validate refuse with the same first reason (its code,
  or its file and line); when that reason is a reading problem (READ_CODES: the table cannot be
  read as declared), stats, fmt and diff refuse too. For a value or constraint error, stats still
  counts the rows validate counted.
- no command prints a traceback or "internal error"; exit codes are 0, 1 or 2 (agreement_cli.invoke).

Each check appends a sentence naming the commands that disagree; the test fails with all of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import agreement_cli as cli
from agreement_cli import READ_CODES, Issue, Run, Tables, Verdict

#: issue codes that refuse a format or dialect property by name (a refusal by design, not a misread)
REFUSAL_CODES = frozenset(
    {"dialect-unsupported", "inline-data", "multipart-unread", "format-unsupported",
     "compression-unsupported"}
)

#: how a writing command (fmt, new) refuses a file it cannot write back by name: the dialect
#: property or the format (allowed where the file is not CSV with the default dialect)
BY_NAME = re.compile(r"dialect|format|canonical CSV form|not (a )?CSV", re.I)


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.problems.append(text)

    def assert_none(self) -> None:
        assert not self.problems, "commands disagree:\n- " + "\n- ".join(self.problems)


def _key(row: dict[str, Any], names: list[str] | None) -> str:
    keys = names if names is not None else sorted(row)
    return json.dumps({k: row.get(k) for k in keys}, ensure_ascii=False, sort_keys=True)


def same_rows(got: list[dict[str, Any]], want: list[dict[str, Any]], names: list[str] | None) -> bool:
    """The same multiset of rows (on ``names``, or on every key; a missing key reads as null)."""
    return sorted(_key(r, names) for r in got) == sorted(_key(r, names) for r in want)


def _short(run: Run) -> str:
    lines = [ln for ln in run.output.strip().splitlines() if ln.strip()]
    return f"exit {run.exit_code}: {lines[0][:200] if lines else '(no output)'}"


def _reason(issue: Issue) -> str:
    return f"{issue.code} at {issue.file}:{issue.line}"


def check_valid(
    pkg: Path,
    work: Path,
    verdict: Verdict,
    findings: Findings,
    *,
    expected: Tables | None = None,
    names: list[str] | None = None,
    fmt_required: bool = True,
) -> Tables | None:
    """A valid package: every command accepts it and sees the same rows. Returns export's rows."""
    run, tables = cli.export_json(pkg, work / "export")
    if tables is None:
        findings.add(f"validate: valid; export: refuses ({_short(run)})")
    elif expected is not None:
        for res, rows in expected.items():
            if not same_rows(tables.get(res, []), rows, names):
                findings.add(f"export: rows of {res} differ from the reference: got {tables.get(res)}, "
                             f"want {rows}")
    reference = expected if expected is not None else tables
    if reference is None:  # no reference and export refused: only the verdicts can be compared
        for name, refused in (("stats", cli.stats(pkg).run), ("diff", cli.diff(pkg, pkg)[0])):
            if refused.exit_code != 0:
                findings.add(f"validate: valid; {name}: refuses ({_short(refused)})")
        return None
    total = sum(len(r) for r in reference.values())
    if verdict.rows != total:
        findings.add(f"validate: counts {verdict.rows} rows, the reference {total}")
    _check_stats(pkg, reference, findings)
    _check_self_diff(pkg, work, reference, findings)
    _check_fmt(pkg, work, reference, names, findings, required=fmt_required)
    return tables


def _check_stats(pkg: Path, reference: Tables, findings: Findings) -> None:
    counted = cli.stats(pkg)
    if counted.run.exit_code != 0:
        findings.add(f"validate: valid; stats: refuses ({_short(counted.run)})")
        return
    for res, rows in reference.items():
        if counted.unreadable.get(res) or counted.rows.get(res) != len(rows):
            findings.add(f"stats: counts {counted.rows.get(res)} rows in {res}, not {len(rows)}"
                         + (f" (not read: {counted.unreadable[res]})" if counted.unreadable.get(res) else ""))


def _check_self_diff(pkg: Path, work: Path, reference: Tables, findings: Findings) -> None:
    twin = cli.copy_package(pkg, work / "twin")
    run, report = cli.diff(pkg, twin)
    if report is None or run.exit_code != 0:
        findings.add(f"diff: against an identical copy: {_short(run)}")
        return
    for res in report["resources"]:
        want = len(reference.get(res["name"], []))
        if res["status"] != "unchanged" or res["rows_old"] != want or res["rows_new"] != want:
            findings.add(f"diff: an identical copy reads as {res['status']}, "
                         f"{res['rows_old']} rows, not {want}")


def _check_fmt(pkg: Path, work: Path, tables: Tables, names: list[str] | None, findings: Findings,
               *, required: bool) -> None:
    check = cli.fmt_check(pkg)
    if cli.fmt_refused(check) and (required or not BY_NAME.search(check.output)):
        findings.add(f"validate: valid; fmt --check: refuses ({_short(check)})")
    copy = cli.copy_package(pkg, work / "formatted")
    run = cli.invoke("fmt", str(copy))
    if run.exit_code != 0:
        if required or not BY_NAME.search(run.output):
            findings.add(f"validate: valid; fmt: refuses ({_short(run)})")
        return
    after = cli.validate(copy)
    if not after.valid:
        findings.add(f"fmt: the rewritten package is invalid ({_reason(after.first_error)}: "
                     f"{after.first_error.message})")
        return
    _, again = cli.export_json(copy, work / "export-formatted")
    for res, rows in tables.items():
        if again is None or not same_rows(again.get(res, []), rows, names):
            findings.add(f"fmt: the rewritten {res} reads as {again and again.get(res)}, not {rows}")


def check_change(pkg: Path, changed_pkg: Path, key: dict[str, Any], name: str, old: Any, new: Any,
                 findings: Findings) -> None:
    """diff against a copy with one cell changed reports exactly that change."""
    run, report = cli.diff(pkg, changed_pkg)
    want = [{"key": key, "changes": [{"field": name, "old": old, "new": new}]}]
    if report is None or run.exit_code != 1:
        findings.add(f"diff: one changed cell: {_short(run)}")
        return
    [res] = report["resources"]
    got = res["rows_changed"]["rows"]
    s = report["summary"]
    if got != want or (s["rows_added"], s["rows_removed"], s["cells_changed"]) != (0, 0, 1):
        findings.add(f"diff: one changed cell reads as {got} (summary {s}), not {want}")


def check_new(pkg: Path, work: Path, table: str, row: dict[str, Any], expected: list[dict[str, Any]],
              names: list[str], findings: Findings, *, required: bool) -> None:
    """new --from-json adds the row; validate and export then see the old rows and the new one."""
    copy = cli.copy_package(pkg, work / "added")
    run = cli.new_row(copy, table, row)
    if run.exit_code != 0:
        if required or not BY_NAME.search(run.output):
            findings.add(f"validate: valid; new --from-json: refuses ({_short(run)})")
        return
    after = cli.validate(copy)
    if not after.valid:
        findings.add(f"new: the package is invalid after adding a row ({_reason(after.first_error)}: "
                     f"{after.first_error.message})")
        return
    _, tables = cli.export_json(copy, work / "export-added")
    full = {n: row.get(n) for n in names}
    if tables is None or not same_rows(tables.get(table, []), [*expected, full], names):
        findings.add(f"new: after adding {row}, export reads {tables and tables.get(table)}")


def check_invalid(pkg: Path, work: Path, verdict: Verdict, findings: Findings) -> None:
    """An invalid package: the commands refuse with validate's first reason."""
    first = verdict.first_error
    why = _reason(first)
    export_run, _ = cli.export_json(pkg, work / "export")
    _refuses(export_run, first, f"validate: invalid ({why}); export", findings)
    twin = cli.copy_package(pkg, work / "twin")
    diff_run, _ = cli.diff(pkg, twin, "--validate")
    _refuses(diff_run, first, f"validate: invalid ({why}); diff --validate", findings)
    if first.code not in READ_CODES:
        counted = cli.stats(pkg)
        total = sum(counted.rows.values())
        if counted.run.exit_code == 0 and not counted.unreadable and total != verdict.rows:
            findings.add(f"validate: counts {verdict.rows} rows; stats {total}")
        return
    plain_run, _ = cli.diff(pkg, twin)
    _refuses(plain_run, first, f"validate: cannot read ({why}); diff", findings)
    counted = cli.stats(pkg)
    told = [Run("stats", 1, text, "") for text in counted.unreadable.values()]
    if not any(cli.names_reason(r, first) for r in [counted.run, *told] if r.exit_code != 0):
        findings.add(f"validate: cannot read ({why}); stats: counts {counted.rows} "
                     f"({_short(counted.run)})")
    _refuses(cli.fmt_check(pkg), first, f"validate: cannot read ({why}); fmt --check", findings,
             refused=cli.fmt_refused)


def _refuses(run: Run, first: Issue, what: str, findings: Findings,
             refused: Callable[[Run], bool] | None = None) -> None:
    ok = refused(run) if refused else run.exit_code != 0
    if not ok:
        findings.add(f"{what}: accepts ({_short(run)})")
    elif not cli.names_reason(run, first):
        findings.add(f"{what}: refuses with another reason ({_short(run)})")

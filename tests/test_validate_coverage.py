"""The dataset rules declared in descriptors: coverage, dates against a reference, action order.

The broken packages in tests/corpus (coverage, participation_dates, unique_key_polymorphic)
hold where each issue lands; these tests hold severities, configuration errors and the rules
on the repository's own package.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from ctcoop.report import Severity
from ctcoop.validate import validate_package

CORPUS = Path(__file__).resolve().parent / "corpus"


def _copy_case(tmp_path: Path, case: str) -> Path:
    dest = tmp_path / case
    shutil.copytree(CORPUS / case, dest)
    return dest


def _edit_descriptor(root: Path, resource: str, prop: str, value: object) -> None:
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        if res["name"] == resource:
            res[prop] = value
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def test_a_shortfall_is_info_by_default_and_does_not_count_as_a_warning(tmp_path: Path) -> None:
    root = _copy_case(tmp_path, "coverage")
    (root / "data" / "figures.csv").write_text(
        "id,about,counts,value,as_of,verification\nf2,t-1,parties,3,2010-01-01,confirmed\n", encoding="utf-8"
    )
    report = validate_package(root)
    [issue] = [i for i in report.issues if i.code.startswith("coverage")]
    assert (issue.code, issue.severity, issue.line, issue.value) == (
        "coverage-shortfall", Severity.INFO, 2, "3")
    assert issue.message == (
        "participation holds 2 of the 3 parties of t-1 stated as of 2010-01-01 (1 missing)")
    assert report.valid and report.counts() == {"error": 0, "warning": 0, "info": 1}


def test_the_strict_profile_makes_an_undeclared_shortfall_a_warning(tmp_path: Path) -> None:
    root = _copy_case(tmp_path, "coverage")
    report = validate_package(root, profile="strict")
    assert [i.severity for i in report.issues if i.code == "coverage-shortfall"] == [Severity.WARNING]


def test_a_rule_may_make_the_shortfall_a_warning(tmp_path: Path) -> None:
    root = _copy_case(tmp_path, "coverage")
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    rule = descriptor["resources"][3]["ctcoop:coverage"]
    _edit_descriptor(root, "participation", "ctcoop:coverage", {**rule, "shortfallSeverity": "warning"})
    shortfalls = [i for i in validate_package(root).issues if i.code == "coverage-shortfall"]
    assert [i.severity for i in shortfalls] == [Severity.WARNING]


def test_a_count_above_the_stated_total_is_an_error_naming_both_numbers(tmp_path: Path) -> None:
    report = validate_package(_copy_case(tmp_path, "coverage"))
    [excess] = [i for i in report.issues if i.code == "coverage-excess"]
    assert excess.severity is Severity.ERROR and not report.valid
    assert excess.message == (
        "participation has 2 parties of t-1 as of 2000-06-30, more than the 1 stated in f1")


def test_malformed_rules_are_vocabulary_errors(tmp_path: Path) -> None:
    root = _copy_case(tmp_path, "participation_dates")
    _edit_descriptor(root, "participation", "ctcoop:actionOrder", {"groupFields": ["treaty", "nope"],
                                                                   "kindField": "action", "dateField": "date",
                                                                   "first": ["signature"], "then": []})
    _edit_descriptor(root, "participation", "ctcoop:notBeforeReference",
                     [{"field": "date", "foreignKey": "state", "referencedField": "adopted"}])
    _edit_descriptor(root, "participation", "ctcoop:coverage", {"groupField": "treaty"})
    messages = sorted(i.message for i in validate_package(root).issues if i.code == "vocabulary")
    assert messages == [
        "ctcoop:actionOrder of 'participation' names 'nope', not a field of 'participation'",
        "ctcoop:coverage of 'participation' is malformed: memberField: Field required",
        "ctcoop:notBeforeReference item 1: 'state' has no one-field foreign key to a resource with a field "
        "'adopted'",
    ]


def test_a_duplicated_membership_is_caught(copy_repo_package: Callable[[], Path]) -> None:
    """One member field: the uniqueKeys (organization, member, role) never hold an empty cell."""
    root = copy_repo_package()
    path = root / "data" / "memberships.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    org_member = next(i for i, line in enumerate(lines[1:], 2) if line.split(",")[2].startswith("org-"))
    for line_no in (2, org_member):  # a country member, then an organization member
        row = lines[line_no - 1].split(",", 1)
        lines.append(row[0] + "-copy," + row[1])
    path.write_text("".join(lines[:1] + sorted(lines[1:])), encoding="utf-8")
    issues = [i for i in validate_package(root).issues if i.code == "unique-key"]
    assert header[:4] == ["id", "organization", "member", "role"]
    assert len(issues) == 2 and all(i.resource == "memberships" for i in issues)


def test_the_repository_rules_catch_a_ratification_before_signature(
    copy_repo_package: Callable[[], Path],
) -> None:
    root = copy_repo_package()
    path = root / "data" / "participation.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(
        header + "\n"
        "par-icsft-1999-zzz-a,ins-icsft-1999,SAU,signature,2000-03-01,,,,,\n"
        "par-icsft-1999-zzz-b,ins-icsft-1999,SAU,ratification,1999-12-01,,,,,\n",
        encoding="utf-8",
    )
    codes = {i.code for i in validate_package(root, checks=["action-order", "reference-dates"]).issues}
    assert codes == {"action-order", "date-before-reference"}

"""Every broken package in tests/corpus/ gives exactly the issues its expected.json lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctcoop.report import Issue
from ctcoop.validate import available_checks, validate_package

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").exists())
IGNORED = {"not-canonical"}  # the canonical-form warning has its own tests

Expected = tuple[str, int | None, int | None, str]


def _key(issue: Issue) -> Expected:
    return (issue.file or "datapackage.json", issue.line, issue.column, issue.code)


def _matches(want: Expected, got: Expected) -> bool:
    return (
        want[0] == got[0]
        and want[3] == got[3]
        and (want[1] is None or want[1] == got[1])
        and (want[2] is None or want[2] == got[2])
    )


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case: str) -> None:
    meta = json.loads((CORPUS / case / "expected.json").read_text(encoding="utf-8"))
    expected = [tuple(e) for e in meta["expected"]]
    report = validate_package(CORPUS / case)
    got = [_key(i) for i in report.issues if i.code not in IGNORED]
    missing = [e for e in expected if not any(_matches(e, g) for g in got)]
    extra = [g for g in got if not any(_matches(e, g) for e in expected)]
    assert missing == [] and extra == [], f"missing {missing}, unexpected {extra}"
    warnings_only = {"bom", "likely-duplicate", "unofficial-host", "uncited-fact"}
    assert not report.valid or all(e[3] in warnings_only for e in expected)
    for issue in report.issues:
        assert issue.message and issue.hint, f"{issue.code} needs a message and a hint"


def test_corpus_covers_every_data_rule() -> None:
    """One broken package per kind of problem; the rest are built in test_validate_safety."""
    covered = {
        e[3]
        for case in CASES
        for e in json.loads((CORPUS / case / "expected.json").read_text(encoding="utf-8"))["expected"]
    }
    built_elsewhere = {
        "unreadable-file",
        "file-too-large",
        "line-too-long",
        "field-too-large",
        "dialect-unsupported",
        "schema-missing",
        "schema-invalid",
        "descriptor-resources",
        # formats (tests/test_tables_source.py, tests/hostile)
        "format-unsupported",
        "compression-unsupported",
        "compressed-corrupt",
        "gzip-bomb",
        "zip-member",
        "json-parse",
        "json-rows",
        "multipart-unsupported",
        "sheet-missing",
        "sheet-too-large",
        "sheet-corrupt",
        "csv-parse",
        "dialect",
        "descriptor-json",
        "descriptor-encoding",
        "missing-descriptor",
        "descriptor-too-large",
        "bad-zip",
        "zip-too-many-entries",
        "zip-unsafe-entry",
        "zip-bomb",
        "zip-too-large",
        "zip-encrypted",  # tests/hostile (an archive is built by code)
        "zip-corrupt",  # tests/hostile
        "not-canonical",
        "blank-header",
        "integrity-declaration",
        "schema-inferred",
        "not-tabular",
    }
    codes = {code for check in available_checks() for code in check.codes}
    assert codes - covered - built_elsewhere == set()


def test_a_check_that_reports_vocabulary_issues_lists_the_code() -> None:
    import importlib
    import inspect

    from ctcoop.checks import REGISTRY

    for name in REGISTRY:
        module = importlib.import_module(name)
        if "vocabulary_issue(" in inspect.getsource(module):
            assert "vocabulary" in module.CHECK.codes, f"{name} does not list the vocabulary code"


@pytest.mark.parametrize("case", CASES)
def test_families_that_only_warn_never_change_validity(case: str) -> None:
    """``warns_only`` is a promise (export skips those families): on every broken package they
    yield warnings only, and validity with and without them is the same."""
    quiet = {code for check in available_checks() if check.warns_only for code in check.codes}
    assert quiet >= {"not-canonical", "likely-duplicate"}
    full = validate_package(CORPUS / case)
    assert all(i.severity.value == "warning" for i in full.issues if i.code in quiet)
    assert validate_package(CORPUS / case, errors_only=True).valid == full.valid

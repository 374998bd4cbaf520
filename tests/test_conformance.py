"""The conformance suite (tests/conformance/): ctcoop gives the standard's verdict, and the report is current.

Every spec-derived case must get the standard's verdict from ctcoop, except the known gaps listed
with their reason in tests/conformance/gaps.json (marked xfail, strict: a fixed gap fails until it
is taken off the list). The external cases (../shared/conformance/) are skipped, with the reason
shown, when that folder is absent; docs/conformance.md is regenerated from the stored frictionless
verdicts and compared with the checked-in file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

CONFORMANCE = Path(__file__).resolve().parent / "conformance"
sys.path.insert(0, str(CONFORMANCE))

import report  # noqa: E402
import suite  # noqa: E402

GAPS: dict[str, str] = json.loads((CONFORMANCE / "gaps.json").read_text(encoding="utf-8"))
SHARED = suite.shared_root()
NO_SHARED = f"the external conformance cases are not here ({SHARED} is absent)"


def _param(case: suite.Case) -> object:
    marks = [pytest.mark.xfail(reason=GAPS[case.id], strict=True)] if case.id in GAPS else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in suite.spec_cases()])
def test_spec_case_gets_the_standards_verdict(case: suite.Case) -> None:
    assert suite.ctcoop_verdict(case)["verdict"] == case.verdict, case.why


@pytest.mark.skipif(not SHARED.is_dir(), reason=NO_SHARED)
@pytest.mark.parametrize("case", [_param(c) for c in suite.external_cases()])
def test_external_case_gets_the_standards_verdict(case: suite.Case) -> None:
    assert suite.ctcoop_verdict(case)["verdict"] == case.verdict, case.why


def test_every_case_states_a_verdict_and_a_section() -> None:
    cases = suite.spec_cases()
    assert len(cases) >= 150
    for case in cases:
        assert case.verdict in ("valid", "invalid"), case.id
        assert case.why and case.section and case.url.startswith("https://"), case.id
    for rel, entry in suite.external_index().items():
        assert entry["why"], rel
        if entry["kind"] != "skip":
            assert entry["verdict"] in ("valid", "invalid"), rel


def test_known_gaps_name_real_cases() -> None:
    ids = {c.id for c in suite.spec_cases()} | {f"external/{rel}" for rel in suite.external_index()}
    named = {key.removeprefix("export:").removeprefix("reason:") for key in GAPS} - {"refusals"}
    assert named <= ids


def test_stored_frictionless_verdicts_cover_every_case() -> None:
    stored = json.loads(report.FRICTIONLESS.read_text(encoding="utf-8"))
    missing = [c.id for c in suite.spec_cases() if c.id not in stored]
    assert missing == [], "run `python tests/conformance/report.py --frictionless`"


@pytest.mark.skipif(not SHARED.is_dir(), reason=NO_SHARED)
def test_the_report_is_current() -> None:
    stale = "run `python tests/conformance/report.py` and commit docs/conformance.md"
    assert report.main(["--check"]) == 0, stale


def test_data_in_several_files_is_read_concatenated_and_an_empty_path_array_is_an_error() -> None:
    from ctcoop.validate import validate_package

    several = validate_package(CONFORMANCE / "cases" / "resource-multipart")
    assert (several.valid, several.issues, several.stats["rows"]) == (True, [], 2)
    bad = validate_package(CONFORMANCE / "cases" / "resource-multipart-type-error")
    assert [(i.code, i.file, i.line, i.column) for i in bad.issues] == [("type-error", "b.csv", 1, 1)]
    empty = validate_package(CONFORMANCE / "cases" / "resource-multipart-empty")
    assert [(i.code, i.severity.value, i.message) for i in empty.issues] == [
        (
            "descriptor-profile",
            "error",
            "resource 'data' has an empty 'path' array; it must name at least one file",
        )
    ]



def test_stored_export_results_are_current() -> None:
    stored = json.loads(report.EXPORT.read_text(encoding="utf-8"))
    valid = [c for c in suite.all_cases() if c.verdict == "valid"]
    now = {c.id: suite.export_result(c) for c in valid}
    assert now == {c.id: stored.get(c.id, "not run") for c in valid}, (
        "run `python tests/conformance/report.py --export`"
    )

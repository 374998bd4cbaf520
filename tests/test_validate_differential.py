"""ctcoop validate and frictionless agree on the rules frictionless checks.

Each corpus package marked ``"frictionless": true`` is validated by both. Frictionless's
findings are mapped to ctcoop's codes and from row numbers (records) to file lines, and both
sides are compared as sets of (code, line, field position). Row-level codes carry no field
position on either side. Frictionless also reports a primary-key error on a blank row, which
ctcoop does not (the blank row is the error); those are left out.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ctcoop.validate import validate_package

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(
    p.name
    for p in CORPUS.iterdir()
    if (p / "expected.json").exists()
    and json.loads((p / "expected.json").read_text(encoding="utf-8"))["frictionless"]
)

#: frictionless error type -> ctcoop codes it covers
FRICTIONLESS_CODES: dict[str, set[str]] = {
    "type-error": {"type-error"},
    "constraint-error": {
        "required",
        "pattern",
        "enum",
        "min-length",
        "max-length",
        "minimum",
        "maximum",
        "exclusive-minimum",
        "exclusive-maximum",
    },
    "unique-error": {"unique"},
    "primary-key": {"primary-key"},
    "foreign-key": {"foreign-key"},
    "missing-cell": {"missing-cell"},
    "extra-cell": {"extra-cell"},
    "blank-row": {"blank-row"},
    "encoding-error": {"encoding-error"},
    "missing-label": {"missing-label"},
    "extra-label": {"extra-label"},
    "incorrect-label": {"incorrect-label"},
    "blank-label": {"blank-label"},
    "duplicate-label": {"duplicate-label"},
    "hash-count": {"hash-mismatch"},
    "byte-count": {"bytes-mismatch"},
}
ROW_LEVEL = {"primary-key", "foreign-key", "blank-row", "encoding-error", "hash-mismatch", "bytes-mismatch"}
COMPARED = set().union(*FRICTIONLESS_CODES.values())


def _record_lines(path: Path) -> dict[int, int]:
    """Record number (1 = header, as frictionless counts rows) -> the file line it starts on."""
    out: dict[int, int] = {}
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        start = 1
        for number, _ in enumerate(reader, 1):
            out[number] = start
            start = reader.line_num + 1
    return out


def _frictionless(case: Path) -> set[tuple[str, str, int | None, int | None]]:
    from frictionless import Package

    report = Package(str(case / "datapackage.json")).validate()
    found: set[tuple[str, str, int | None, int | None]] = set()
    for task in report.tasks:
        path = case / str(task.place)
        lines = _record_lines(path) if path.exists() else {}
        blank = {e.row_number for e in task.errors if e.type == "blank-row"}
        for error in task.errors:
            row = getattr(error, "row_number", None)
            if error.type == "primary-key" and row in blank:
                continue
            family = error.type
            line = lines.get(row, row) if row is not None else (1 if "label" in family else None)
            field = None if family in ROW_LEVEL else getattr(error, "field_number", None)
            found.add((str(task.place), family, line, field))
    return found


def _ctcoop(case: Path) -> set[tuple[str, str, int | None, int | None]]:
    report = validate_package(case)
    family_of = {code: family for family, codes in FRICTIONLESS_CODES.items() for code in codes}
    found: set[tuple[str, str, int | None, int | None]] = set()
    for issue in report.issues:
        if issue.code not in COMPARED:
            continue
        family = family_of[issue.code]
        line = None if family == "encoding-error" else issue.line
        found.add((issue.file or "", family, line, None if family in ROW_LEVEL else issue.column))
    return found


@pytest.mark.parametrize("case", CASES)
def test_agrees_with_frictionless(case: str) -> None:
    ours = _ctcoop(CORPUS / case)
    theirs = _frictionless(CORPUS / case)
    assert ours == theirs
    assert ours, "a differential case must be broken in a way frictionless sees"


def test_the_corpus_has_differential_cases() -> None:
    assert len(CASES) >= 25
